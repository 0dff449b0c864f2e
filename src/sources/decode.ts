/**
 * One entry point from an input's bytes to batches of Exchanges, whatever the input kind.
 * Runs in whichever thread calls it (the pipeline runs it in a decode worker).
 */
import { Counters } from '../core/anomalies.js';
import type { InputIssue } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import { CaptureDecoder } from '../decode/index.js';
import type { DecodeLimits } from '../decode/types.js';
import { readHarExchanges } from './har/index.js';
import { readJsonlExchanges } from './jsonl/index.js';
import type { InputKind } from './sniff.js';

export interface DecodeInputOptions {
  /** input as named on the command line */
  name: string;
  limits?: Partial<DecodeLimits>;
  onIssue: (issue: InputIssue) => void;
  /** exchanges per yielded batch for HAR/JSONL (captures yield per chunk) */
  batchSize?: number;
}

export interface DecodeTally {
  counters: Counters;
  packets: number;
  exchanges: number;
}

/** The `source` value of Exchanges from this input: `<kind>:<name>` (DESIGN §3.1). */
export function sourceTag(kind: InputKind, name: string): string {
  return `${kind === 'pcapng' ? 'pcap' : kind}:${name}`;
}

export async function* decodeInput(
  kind: InputKind,
  chunks: AsyncIterable<Buffer>,
  opts: DecodeInputOptions,
  tally: DecodeTally,
): AsyncGenerator<Exchange[]> {
  const source = sourceTag(kind, opts.name);
  if (kind === 'pcap' || kind === 'pcapng') {
    let batch: Exchange[] = [];
    const dec = new CaptureDecoder({
      source,
      limits: opts.limits,
      onExchange: (ex) => batch.push(ex),
      onIssue: (off, message) => opts.onIssue({ input: opts.name, where: `byte ${off}`, message }),
    });
    const flush = (): Exchange[] => {
      const b = batch;
      batch = [];
      tally.exchanges += b.length;
      return b;
    };
    for await (const chunk of chunks) {
      dec.push(chunk);
      if (batch.length) yield flush();
    }
    dec.end();
    tally.packets = dec.packetCount;
    tally.counters.merge(dec.counters);
    if (batch.length) yield flush();
    return;
  }
  const gen = (kind === 'har' ? readHarExchanges : readJsonlExchanges)(chunks, { source, onIssue: opts.onIssue });
  const size = opts.batchSize ?? 256;
  let batch: Exchange[] = [];
  for await (const ex of gen) {
    batch.push(ex);
    if (batch.length >= size) {
      tally.exchanges += batch.length;
      yield batch;
      batch = [];
    }
  }
  if (batch.length) {
    tally.exchanges += batch.length;
    yield batch;
  }
}

export function newTally(): DecodeTally {
  return { counters: new Counters(), packets: 0, exchanges: 0 };
}
