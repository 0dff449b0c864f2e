/**
 * The dead-letter file of one sink: JSONL, one line per alert that could not be delivered, with
 * the last error, so an operator can replay it (`jq -c .alert`) once the receiver is fixed.
 *
 *   {"ts":"2024-05-01T08:00:03.000Z","sink":"soc","attempts":6,"error":"HTTP 400 Bad Request","alert":{…}}
 *
 * Appends are serialised (one write at a time, in order) and never throw: a failure to write is
 * reported back so the sink can count and warn.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Alert } from '../core/risk.js';

export interface DeadLetterRecord {
  ts: string;
  sink: string;
  attempts: number;
  error: string;
  alert: Alert;
}

export class DeadLetterFile {
  private tail: Promise<void> = Promise.resolve();
  private dirReady = false;

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Append one record; resolves to null when written, else the error text. */
  write(sink: string, alert: Alert, attempts: number, error: string): Promise<string | null> {
    const rec: DeadLetterRecord = { ts: this.now().toISOString(), sink, attempts, error, alert };
    const line = `${JSON.stringify(rec)}\n`;
    const p = this.tail.then(async () => {
      try {
        if (!this.dirReady) {
          await mkdir(dirname(this.path), { recursive: true });
          this.dirReady = true;
        }
        await appendFile(this.path, line, 'utf8');
        return null;
      } catch (err) {
        return `cannot write dead letter ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
    });
    this.tail = p.then(() => undefined);
    return p;
  }

  /** Resolves when every append so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
