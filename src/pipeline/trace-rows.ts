/**
 * The leak-trace index's rows of one input, before they are written: per group (one endpoint,
 * client, account and hour, numbered by the sensitive stage), each clear value once with its
 * count and label. Values are held in memory only and leave as keyed digests (`drain`, as the
 * store writes them at the input's commit). A held row is a map entry: the value (a flat copy,
 * not a view into its body) and one small integer; measured when the stage held the same entries
 * in per-group maps of its own, the 329,753 rows of the 100k bench capture added ~40 MB of peak
 * RSS to `analyze` (288–292 MB against 252 MB without).
 *
 *   const t = new TraceRows(new ValueDigester(secret), 1_000_000);
 *   t.add(0, 1, '13812345678'); t.add(0, 1, '13812345678');
 *   for await (const run of t.drain()) …   // [{ group: 0, digest: '…', label: 'cn_mobile', count: 2 }]
 */
import { detach } from '../core/detach.js';
import { DIGEST_BYTES, TRACE_LABELS, type ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { DigestPool } from './digest-pool.js';

export interface TraceRow {
  group: number;
  /** the value's keyed digest as stored: DIGEST_BYTES bytes (a view into its run's buffer) */
  digest: Buffer;
  label: string;
  count: number;
}

/** rows per run handed out by `drain` (and digested in one request) */
export const RUN_ROWS = 8192;
/** runs digested ahead of the one the caller is writing */
const AHEAD = 3;

/** count × LABEL_BITS + index in TRACE_LABELS, one small integer per held value */
const LABEL_BITS = 16;
if (TRACE_LABELS.length > LABEL_BITS) throw new Error('TRACE_LABELS outgrew the packed label bits');

export class TraceRows {
  /** by group number (numbered from 0 per input): clear value → count × LABEL_BITS + label */
  private groups: (Map<string, number> | undefined)[] = [];
  /** distinct rows this input added (the cap counts these) */
  rows = 0;
  /** occurrences of new values not kept: the cap was reached */
  dropped = 0;

  constructor(
    private readonly digester: ValueDigester,
    private readonly maxRows: number,
  ) {}

  /** `times` occurrences of `value` (label: index in TRACE_LABELS) in `group`. */
  add(group: number, label: number, value: string, times = 1): void {
    const rows = (this.groups[group] ??= new Map());
    const t = rows.get(value);
    if (t !== undefined) rows.set(value, t + times * LABEL_BITS);
    else if (this.rows < this.maxRows) {
      // held for the whole input: a copy, not a view into the body it was read from (core/detach.ts)
      rows.set(detach(value), times * LABEL_BITS + label);
      this.rows++;
    } else this.dropped += times;
  }

  /**
   * The occurrences of a hit's `values` in `group`, a run of equal values added at once: the
   * account number of every record of a statement page is one map update, not twenty (on the
   * bench capture, 851,126 occurrences in 391,465 distinct values per exchange).
   */
  addAll(group: number, label: number, values: readonly string[]): void {
    let i = 0;
    while (i < values.length) {
      const v = values[i]!;
      let j = i + 1;
      while (j < values.length && values[j] === v) j++;
      this.add(group, label, v, j - i);
      i = j;
    }
  }

  /**
   * The held rows in runs of at most RUN_ROWS, digested as they are read (each distinct value's
   * digest computed there, once; a million rows never stand as objects at once), and forgotten
   * here. With a `pool` the next runs are digested in its worker while the caller writes this one
   * (up to AHEAD runs ahead); without one, in this thread.
   */
  drain(given?: DigestPool): AsyncIterable<TraceRow[]> {
    const groups = this.groups;
    const pool = given ?? new DigestPool(this.digester, false);
    this.groups = [];
    async function* runs(): AsyncGenerator<TraceRow[]> {
      /** runs dispatched, their digests to come: each row's group and packed count in order */
      const pending: Array<{ groups: number[]; packed: number[]; digests: Promise<Buffer> }> = [];
      let groupsOf: number[] = [];
      let packedOf: number[] = [];
      let values: string[] = [];
      const dispatch = (): void => {
        pending.push({ groups: groupsOf, packed: packedOf, digests: pool.digest(values) });
        groupsOf = [];
        packedOf = [];
        values = [];
      };
      const take = async (): Promise<TraceRow[]> => {
        const r = pending.shift()!;
        const digests = await r.digests;
        const out = new Array<TraceRow>(r.packed.length);
        for (let i = 0; i < out.length; i++) {
          const packed = r.packed[i]!;
          out[i] = { group: r.groups[i]!, digest: digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), label: TRACE_LABELS[packed % LABEL_BITS]!, count: Math.floor(packed / LABEL_BITS) };
        }
        return out;
      };
      try {
        for (let group = 0; group < groups.length; group++) {
          const rows = groups[group];
          if (!rows) continue;
          for (const [v, packed] of rows) {
            groupsOf.push(group);
            packedOf.push(packed);
            values.push(v);
            if (values.length < RUN_ROWS) continue;
            dispatch();
            if (pending.length > AHEAD) yield await take();
          }
          groups[group] = undefined;
        }
        if (values.length) dispatch();
        while (pending.length) yield await take();
      } finally {
        // no idle thread through the next input
        pool.close();
      }
    }
    return runs();
  }

  /** The input's totals; counting starts again. */
  endInput(): { rows: number; dropped: number } {
    const r = { rows: this.rows, dropped: this.dropped };
    this.rows = 0;
    this.dropped = 0;
    return r;
  }
}
