/** Diagnostics to stderr, data to stdout; writes that respect backpressure and survive EPIPE. */
import { GuanlanError, type InputIssue, formatInputIssue } from '../core/errors.js';

export function warn(line: string): void {
  process.stderr.write(`guanlan: ${line}\n`);
}

export function reportIssue(issue: InputIssue): void {
  warn(formatInputIssue(issue));
}

/** Reports a per-input failure: one line for user errors, a stack only for bugs. */
export function reportInputFailure(name: string, err: unknown): void {
  if (err instanceof GuanlanError) warn(err.message.startsWith(name) ? err.message : `${name}: ${err.message}`);
  else warn(`${name}: internal error: ${(err as Error)?.stack ?? String(err)}`);
}

/**
 * stdout that stops quietly when the reader goes away (`guanlan exchanges x.pcap | head`):
 * `write` resolves false once the pipe is closed, and callers stop producing.
 */
export class Stdout {
  closed = false;
  private readonly closedPromise: Promise<void>;
  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.closedPromise = new Promise<void>((resolve) => {
      out.on('error', (err: NodeJS.ErrnoException) => {
        this.closed = true;
        if (err.code !== 'EPIPE') warn(`stdout: ${err.message}`);
        resolve();
      });
      out.on('close', () => {
        this.closed = true;
        resolve();
      });
    });
  }
  /** Resolves once `text` is written out (so a buffer can be reused), or the reader went away. */
  async write(text: string | Uint8Array): Promise<boolean> {
    if (this.closed) return false;
    if (text.length) {
      await Promise.race([new Promise<void>((r) => this.out.write(text, () => r())), this.closedPromise]);
    }
    return !this.closed;
  }
  async end(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.out.write('', () => resolve());
    });
  }
}
