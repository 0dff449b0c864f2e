/**
 * A binary min-heap ordered by (time, insertion order): the simulator's scheduler and the pcap
 * writer's packet queue. Ties keep insertion order, so output never depends on heap internals.
 */
export class TimeHeap<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** time of the earliest item (Infinity when empty) */
  peekTime(): number {
    return this.items.length ? this.times[0] : Infinity;
  }

  push(t: number, item: T): void {
    let i = this.items.length;
    const s = this.seq++;
    this.times.push(t);
    this.seqs.push(s);
    this.items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(t, s, this.times[p], this.seqs[p])) break;
      this.move(p, i);
      i = p;
    }
    this.put(i, t, s, item);
  }

  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    const t = this.times.pop()!;
    const s = this.seqs.pop()!;
    const item = this.items.pop()!;
    if (n > 1) {
      let i = 0;
      const m = n - 1;
      while (true) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && this.less(this.times[c + 1], this.seqs[c + 1], this.times[c], this.seqs[c])) c++;
        if (!this.less(this.times[c], this.seqs[c], t, s)) break;
        this.move(c, i);
        i = c;
      }
      this.put(i, t, s, item);
    }
    return top;
  }

  private less(t1: number, s1: number, t2: number, s2: number): boolean {
    return t1 < t2 || (t1 === t2 && s1 < s2);
  }
  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.items[to] = this.items[from];
  }
  private put(i: number, t: number, s: number, item: T): void {
    this.times[i] = t;
    this.seqs[i] = s;
    this.items[i] = item;
  }
}
