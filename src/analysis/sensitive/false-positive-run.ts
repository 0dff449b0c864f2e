/**
 * A false-positive measurement the test and the benchmark share: generated non-personal values of
 * the shapes that collide with IDs, cards and mobiles (snowflake ids, order and trace numbers, Unix
 * timestamps, amounts, internal codes), under realistic key names and neutral ones, alone and in
 * record lists, scanned as a JSON body would be. Seeded, so a figure reproduces.
 *
 *   const r = runFalsePositives(10_000_000);   // npm run bench
 *   r.total.hits.bank_card / r.total.values
 */
import type { LabelId } from './labels.js';
import { scanJson } from './scan-json.js';

export const FP_REF = Date.UTC(2025, 5, 1);

export class SeededRandom {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) >>> 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export interface ValueGenerator {
  name: string;
  keys: readonly string[];
  make: () => string | number;
}

/** The colliding shapes, drawing from `r`. */
export function nonPiiGenerators(r: SeededRandom): ValueGenerator[] {
  /** A moment within the three years before FP_REF. */
  const recent = (): number => FP_REF - r.int(3 * 365 * 86400) * 1000 - r.int(1000);
  const stamp = (ms: number, fmt: 'full' | 'short'): string => {
    const d = new Date(ms);
    const ymd = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
    return fmt === 'full' ? `${ymd}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}` : ymd.slice(2);
  };
  /** Snowflake: (ms since epoch) << 22 | worker << 12 | sequence, for the epochs in common use. */
  const snowflake = (): string => {
    const epoch = r.pick([1288834974657, Date.UTC(2020, 0, 1), Date.UTC(2015, 0, 1), Date.UTC(2018, 0, 1)]);
    return ((BigInt(recent() - epoch) << 22n) | (BigInt(r.int(1024)) << 12n) | BigInt(r.int(4096))).toString();
  };
  return [
    { name: 'snowflake', keys: ['id', 'orderId', 'userId', 'bizId', 'msgId', 'snowflakeId'], make: snowflake },
    { name: 'order yyyyMMddHHmmss+n', keys: ['orderNo', 'orderId', 'outTradeNo', 'bizNo', 'ddh'], make: () => stamp(recent(), 'full') + r.digits(2 + r.int(5)) },
    { name: 'order yyMMdd+n', keys: ['orderNo', 'payOrderNo', 'billNo'], make: () => stamp(recent(), 'short') + r.digits(10 + r.int(3)) },
    { name: 'trace ms+n', keys: ['traceNo', 'traceId', 'reqSeqNo', 'serialNo', 'jylsh', 'requestId'], make: () => String(recent()) + r.digits(3 + r.int(5)) },
    { name: 'trace random 16-20', keys: ['traceNo', 'nonce', 'reqSeq', 'flowNo', 'sysTraceNo'], make: () => String(1 + r.int(9)) + r.digits(15 + r.int(5)) },
    { name: 'timestamp s', keys: ['timestamp', 'ts', 'time', 'expires'], make: () => Math.floor(recent() / 1000) },
    { name: 'timestamp ms', keys: ['timestamp', 'createTime', 'updateTime', 't', '_'], make: () => (r.next() < 0.5 ? recent() : String(recent())) },
    { name: 'amount', keys: ['amount', 'txnAmt', 'fee', 'price', 'total', 'balance'], make: () => (r.next() < 0.5 ? (r.int(10_000_000) / 100).toFixed(2) : r.int(100_000_000_000)) },
    { name: 'internal code', keys: ['branchCode', 'productCode', 'status', 'code', 'pageNo', 'count'], make: () => (r.next() < 0.5 ? String(r.int(1_000_000)) : `P${r.digits(8)}`) },
  ];
}

export const NEUTRAL_KEYS = ['v1', 'data', 'f3', 'value', 'val', 'x', 'col1', 'result'];
export const WATCHED_LABELS: LabelId[] = ['cn_id', 'bank_card', 'cn_mobile'];

export interface Tally {
  values: number;
  hits: Record<string, number>;
}
export interface FalsePositiveRun {
  total: Tally;
  byGenerator: Map<string, { realistic: Tally; neutral: Tally; records: Tally }>;
  ms: number;
}

const tally = (): Tally => ({ values: 0, hits: {} });
const count = (t: Tally, label: string, n: number): void => {
  t.hits[label] = (t.hits[label] ?? 0) + n;
};

/**
 * `singles` values one per object (half under neutral keys: no column context to help), then
 * `singles / 120` record lists of 20 records × 4 fields (half under neutral keys v1…v4).
 */
export function runFalsePositives(singles: number, seed = 20250601): FalsePositiveRun {
  const r = new SeededRandom(seed);
  const gens = nonPiiGenerators(r);
  const byGenerator = new Map<string, { realistic: Tally; neutral: Tally; records: Tally }>();
  const total = tally();
  for (const g of gens) byGenerator.set(g.name, { realistic: tally(), neutral: tally(), records: tally() });
  const t0 = performance.now();
  for (let i = 0; i < singles; i++) {
    const g = gens[i % gens.length]!;
    const neutral = i % 2 === 1;
    const t = byGenerator.get(g.name)![neutral ? 'neutral' : 'realistic'];
    const hits = scanJson({ [neutral ? r.pick(NEUTRAL_KEYS) : r.pick(g.keys)]: g.make() }, { refTime: FP_REF });
    t.values++;
    total.values++;
    for (const h of hits) {
      count(t, h.label, h.count);
      count(total, h.label, h.count);
    }
  }
  const lists = Math.ceil(singles / 120);
  for (let i = 0; i < lists; i++) {
    const four = [0, 1, 2, 3].map(() => r.pick(gens));
    const neutral = i % 2 === 1;
    const names = four.map((g, k) => (neutral ? `v${k + 1}` : `${r.pick(g.keys)}${k}`));
    const list = Array.from({ length: 20 }, () => Object.fromEntries(four.map((g, k) => [names[k]!, g.make()])));
    for (const g of four) byGenerator.get(g.name)!.records.values += 20;
    total.values += 80;
    for (const h of scanJson({ data: { list } }, { refTime: FP_REF })) {
      const k = names.indexOf(h.location.split('.').pop()!);
      count(byGenerator.get(four[k]!.name)!.records, h.label, h.count);
      count(total, h.label, h.count);
    }
  }
  return { total, byGenerator, ms: performance.now() - t0 };
}
