/** Messages between the main thread and a decode worker (structured-clone friendly). */
import type { PrescanSettings } from './prescan.js';
import type { InputIssue } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import type { DecodeLimits } from '../decode/types.js';
import type { InputKind } from '../sources/sniff.js';
import type { RemoteRiskResult } from './risk-host.js';

export interface DecodeWorkerData {
  name: string;
  kind: InputKind;
  limits?: Partial<DecodeLimits>;
  /** post JSONL text instead of Exchange objects (the `exchanges` command) */
  jsonl: boolean;
  /** scan bodies for sensitive data here */
  prescan?: PrescanSettings;
}

export type ToWorker = { type: 'chunk'; data: Uint8Array } | { type: 'recycle'; data: ArrayBuffer } | { type: 'end' };

export type FromWorker =
  | { type: 'batch'; exchanges?: Exchange[]; jsonl?: Uint8Array; count: number }
  /** the oldest chunk sent is fully decoded: credit for one more */
  | { type: 'ack' }
  /** file mode: raw capture bytes read so far grew by `bytes` (lead shard only) */
  | { type: 'progress'; bytes: number }
  | { type: 'issue'; issue: InputIssue }
  /** `risk`: what the risk detectors found, when they ran in this decode thread (risk-host.ts) */
  | { type: 'done'; counters: Record<string, number>; packets: number; exchanges: number; risk?: RemoteRiskResult }
  | { type: 'error'; message: string; stack?: string };
