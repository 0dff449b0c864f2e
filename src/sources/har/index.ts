/**
 * HAR 1.2 source: a HAR file's bytes → Exchanges, one per entry, streaming.
 *
 * The file is never parsed whole: HarScanner cuts out each `log.entries[i]` as it completes and
 * only that entry is JSON.parse'd, so memory stays at one entry whatever the file size. Problems
 * are reported, never thrown:
 * - an entry without request.method/url → issue `entry N` (1-based), the entry is skipped;
 * - broken or truncated JSON → one issue `byte N` (with the line), the entries before it have
 *   already been yielded, and the rest of the file is not read.
 *
 *   for await (const ex of readHarExchanges(createReadStream('a.har'), { source: 'har:a.har', onIssue })) …
 */
import type { InputIssue } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { validateExchange } from '../../core/exchange-schema.js';
import { EPOCH_TS, harEntryToExchange } from './entry.js';
import { HarScanner } from './scanner.js';

export { harEntryToExchange, harExchangeId, harTime, httpVersion, splitUrl } from './entry.js';
export { HarScanner, type ScanError, type ScanEvent } from './scanner.js';

export interface HarReadOptions {
  /** The Exchanges' `source`: `har:<input as named on the command line>`, e.g. `har:-` (DESIGN §3.1). */
  source: string;
  onIssue: (issue: InputIssue) => void;
  /** Name of the input in issues; by default `source` without its `har:` prefix. */
  input?: string;
  /** An entry longer than this is reported and skipped (default 128 MiB). */
  maxEntryBytes?: number;
}

export async function* readHarExchanges(input: AsyncIterable<Buffer | Uint8Array | string>, opts: HarReadOptions): AsyncGenerator<Exchange> {
  const name = opts.input ?? (opts.source.startsWith('har:') ? opts.source.slice(4) : opts.source);
  const scanner = new HarScanner({ maxEntryBytes: opts.maxEntryBytes });
  let producer: string | undefined;
  let lastTs = EPOCH_TS;
  const entryIssue = (index: number, message: string): void =>
    opts.onIssue({ input: name, where: `entry ${index + 1}`, message: `${message} (log.entries[${index}]${producer ? `, written by ${producer}` : ''}); skipped` });

  for await (const raw of input) {
    const chunk = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for (const ev of scanner.feed(chunk)) {
      if (ev.kind === 'creator') {
        producer = creatorName(ev.value) ?? producer;
        continue;
      }
      if (ev.kind === 'oversized-entry') {
        entryIssue(ev.index, `the entry is ${ev.bytes} bytes, over the limit`);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.text);
      } catch (err) {
        // The scanner accepted these bytes, so this is not expected; report it as a bad entry.
        entryIssue(ev.index, `invalid JSON: ${(err as Error).message}`);
        continue;
      }
      const r = harEntryToExchange(parsed, { source: opts.source, index: ev.index, fallbackTs: lastTs });
      if (!r.ok) {
        entryIssue(ev.index, r.message);
        continue;
      }
      if (r.tsFromEntry) lastTs = r.exchange.ts;
      // A safety net on the mapping, not on the input: what leaves a source is a valid Exchange.
      const v = validateExchange(r.exchange);
      if (!v.ok) {
        entryIssue(ev.index, `cannot be represented as an Exchange: ${v.error}`);
        continue;
      }
      yield r.exchange;
    }
    if (scanner.error) break;
  }
  scanner.end();
  const err = scanner.error;
  if (err) {
    opts.onIssue({ input: name, where: `byte ${err.offset}`, message: `invalid HAR (line ${err.line}): ${err.message}` });
  } else if (!scanner.sawEntries) {
    opts.onIssue({ input: name, message: 'not a HAR file: no log.entries array' });
  }
}

function creatorName(text: string): string | undefined {
  try {
    const c = JSON.parse(text) as unknown;
    if (typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string') return (c as { name: string }).name;
  } catch {
    /* the scanner validated it; nothing to do */
  }
  return undefined;
}
