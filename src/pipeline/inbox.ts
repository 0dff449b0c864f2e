/**
 * Messages from worker threads, awaited one at a time by the thread that drives them. A worker
 * error makes the next `next()` throw (after the messages that came before it).
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;

  push(item: T): void {
    this.items.push(item);
    this.notify();
  }

  fail(err: Error): void {
    this.failure = err;
    this.notify();
  }

  get size(): number {
    return this.items.length;
  }

  async next(): Promise<T> {
    for (;;) {
      if (this.items.length) return this.items.shift()!;
      if (this.failure) throw this.failure;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
