/**
 * The leak-trace index's rows of one input, before they are written: per group (one endpoint,
 * client, account and hour, numbered by the sensitive stage), each clear value once with its
 * count and label. Values are held in memory only and leave as keyed digests (`drain`, as the
 * store writes them at the input's commit). A held row is a slot in one table for the input
 * (below): its hash, group and packed count, its value's code units in one array for the input.
 *
 *   const t = new TraceRows(new ValueDigester(secret), 1_000_000);
 *   t.add(0, 1, '13812345678'); t.add(0, 1, '13812345678');
 *   for await (const run of t.drain()) …   // rowsOf(run): [{ group: 0, digest: <16 bytes>, label: 'cn_mobile', count: 2 }]
 */
import { DIGEST_BYTES, TRACE_LABELS, type ValueDigester } from '../analysis/sensitive/trace-digest.js';
import type { PackedValues } from '../analysis/sensitive/value-digester.js';
import { DigestPool } from './digest-pool.js';
import { TRACE_LABEL_CODES, traceLabelCode, type TraceRun } from '../store/sensitive.js';

/** One row of a run, as tests read them (`rowsOf`). */
export interface TraceRow {
  group: number;
  /** the value's keyed digest as stored: DIGEST_BYTES bytes (a view into its run's buffer) */
  digest: Buffer;
  label: string;
  count: number;
}

/** The stored code of each label, by index in TRACE_LABELS. */
const CODE_OF_LABEL = Uint8Array.from(TRACE_LABELS, (l) => traceLabelCode(l));

/** A run's rows as objects (tests; the store reads the arrays). */
export function rowsOf(run: TraceRun): TraceRow[] {
  return Array.from(run.counts, (count, i) => ({ group: run.groups[i]!, digest: run.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), label: TRACE_LABEL_CODES[run.labels[i]!]!, count }));
}

/** rows per run handed out by `drain` (and digested in one request) */
export const RUN_ROWS = 8192;
/** runs digested ahead of the one the caller is writing */
const AHEAD = 3;

/** count × LABEL_BITS + index in TRACE_LABELS, one number per held row */
const LABEL_BITS = 16;
if (TRACE_LABELS.length > LABEL_BITS) throw new Error('TRACE_LABELS outgrew the packed label bits');

/** Slots of the first table (a power of two); the table doubles when half full. */
const FIRST_SLOTS = 1 << 12;
/** code units of the first values array (doubles when full) */
const FIRST_CHARS = 1 << 15;

/**
 * A 32-bit hash of a value in a group (FNV-1a over its UTF-16 code units, the group folded in,
 * finished with MurmurHash3's mix so the low bits that pick a slot depend on every character).
 */
export function rowHash(value: string, group: number): number {
  let h = Math.imul(0x811c9dc5 ^ group, 0x01000193);
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Held rows, one per (group, value), in one open-addressing table for the whole input rather
 * than a Map per group: a new value costs a probe of small integers (its hash and group are
 * compared before its string is read) instead of a walk through map entries whose keys are
 * strings scattered over the heap. On 300,000 mobile numbers into one Map, a new key took
 * ~570–850 ns (its lookups, once added, ~80 ns); a proxy in front of the APIs puts a whole
 * input's values of an endpoint in one group (the bench capture: 304,478 of 329,746 rows).
 * Replaying the values of the first 20,000 bench exchanges (~70,000 rows) in one process, best
 * of 7: all in one group, 0.65–0.70 of the time per-group maps took; a group per endpoint,
 * 1.02–1.03 (even, within the noise).
 */
export class TraceRows {
  /** row + 1 by slot, 0 empty */
  private slots = new Int32Array(FIRST_SLOTS);
  private hashes = new Uint32Array(FIRST_SLOTS / 2);
  private groupOf = new Int32Array(FIRST_SLOTS / 2);
  /** count × LABEL_BITS + label */
  private packed = new Float64Array(FIRST_SLOTS / 2);
  /** the clear values (memory only) as UTF-16 code units, row after row: row r is chars[starts[r], starts[r + 1]) */
  private chars = new Uint16Array(FIRST_CHARS);
  private starts = new Uint32Array(FIRST_SLOTS / 2 + 1);
  /** rows held */
  private n = 0;
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
    const h = rowHash(value, group);
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = h & mask;
    for (let r = slots[i]!; r !== 0; r = slots[i]!) {
      const row = r - 1;
      if (this.hashes[row] === h && this.groupOf[row] === group && this.holds(row, value)) {
        this.packed[row]! += times * LABEL_BITS;
        return;
      }
      i = (i + 1) & mask;
    }
    if (this.rows >= this.maxRows) {
      this.dropped += times;
      return;
    }
    const n = this.n;
    if (n === this.hashes.length) this.growRows();
    slots[i] = n + 1;
    this.hashes[n] = h;
    this.groupOf[n] = group;
    this.packed[n] = times * LABEL_BITS + label;
    // held for the whole input as code units: no string kept, so none keeps its body alive
    const at = this.starts[n]!;
    if (at + value.length > this.chars.length) this.growChars(at + value.length);
    const chars = this.chars;
    for (let k = 0; k < value.length; k++) chars[at + k] = value.charCodeAt(k);
    this.starts[n + 1] = at + value.length;
    this.n = n + 1;
    this.rows++;
    if (2 * (n + 1) > slots.length) this.growSlots();
  }

  /** Whether row `row` holds `value`. */
  private holds(row: number, value: string): boolean {
    const at = this.starts[row]!;
    if (this.starts[row + 1]! - at !== value.length) return false;
    const chars = this.chars;
    for (let k = 0; k < value.length; k++) if (chars[at + k] !== value.charCodeAt(k)) return false;
    return true;
  }

  private growChars(need: number): void {
    let size = this.chars.length * 2;
    while (size < need) size *= 2;
    const chars = new Uint16Array(size);
    chars.set(this.chars.subarray(0, this.starts[this.n]!));
    // the old copy is garbage now: no value stays in it
    this.chars.fill(0);
    this.chars = chars;
  }

  private growRows(): void {
    const n = this.hashes.length * 2;
    const hashes = new Uint32Array(n);
    const groupOf = new Int32Array(n);
    const packed = new Float64Array(n);
    const starts = new Uint32Array(n + 1);
    hashes.set(this.hashes);
    groupOf.set(this.groupOf);
    packed.set(this.packed);
    starts.set(this.starts);
    this.hashes = hashes;
    this.groupOf = groupOf;
    this.packed = packed;
    this.starts = starts;
  }

  /** Twice the slots, rows placed again by their kept hashes (no value is read). */
  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let row = 0; row < this.n; row++) {
      let i = this.hashes[row]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = row + 1;
    }
    this.slots = slots;
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
   * here. With a `pool` the next runs are digested in its worker while the caller takes this one
   * (up to AHEAD runs ahead), and when the oldest is not ready this thread digests the last run
   * itself instead of waiting; without one, all in this thread. Runs come in no fixed order.
   */
  drain(given?: DigestPool): AsyncIterable<TraceRun> {
    const { groupOf, packed, chars, starts, n } = this;
    const pool = given ?? new DigestPool(this.digester, false);
    // the next input starts with an empty table
    this.slots = new Int32Array(FIRST_SLOTS);
    this.hashes = new Uint32Array(FIRST_SLOTS / 2);
    this.groupOf = new Int32Array(FIRST_SLOTS / 2);
    this.packed = new Float64Array(FIRST_SLOTS / 2);
    this.chars = new Uint16Array(FIRST_CHARS);
    this.starts = new Uint32Array(FIRST_SLOTS / 2 + 1);
    this.n = 0;
    /** rows [from, to)'s values, then forgotten here: they go no further than the digester */
    const take = (from: number, to: number, copy: boolean): PackedValues =>
      copy ? { chars: chars.slice(starts[from], starts[to]), starts: starts.slice(from, to + 1), base: starts[from]! } : { chars, starts: starts.subarray(from, to + 1), base: 0 };
    const forget = (from: number, to: number): void => void chars.fill(0, starts[from], starts[to]);
    const digester = this.digester;
    const runOf = (from: number, to: number, digests: Buffer): TraceRun => {
      const n = to - from;
      const labels = new Uint8Array(n);
      const counts = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const p = packed[from + i]!;
        labels[i] = CODE_OF_LABEL[p % LABEL_BITS]!;
        counts[i] = Math.floor(p / LABEL_BITS);
      }
      return { digests, groups: groupOf.subarray(from, to), labels, counts };
    };
    async function* runs(): AsyncGenerator<TraceRun> {
      /** runs handed to the pool, their digests to come, oldest first */
      const pending: Array<{ from: number; to: number; digests: Promise<Buffer>; ready: boolean }> = [];
      /** the runs not handed to the pool yet: [next, end) in rows */
      let next = 0;
      let end = n;
      const dispatch = (): void => {
        while (next < end && pending.length <= AHEAD) {
          const from = next;
          const to = Math.min(end, from + RUN_ROWS);
          const r = { from, to, digests: pool.digest(take(from, to, true)), ready: false };
          void r.digests.then(() => (r.ready = true));
          pending.push(r);
          forget(from, to);
          next = to;
        }
      };
      try {
        for (;;) {
          dispatch();
          const r = pending[0];
          if (!r) break;
          // let the pool's answers in (they come as messages, not as microtasks)
          if (!r.ready && next < end) await new Promise<void>((resolve) => setImmediate(resolve));
          if (r.ready || next >= end) {
            pending.shift();
            yield runOf(r.from, r.to, await r.digests);
            continue;
          }
          // The oldest run is not digested yet and some are not handed out: rather than wait, this
          // thread digests the last of those itself (the rows go in any order). At the end of an
          // input the pool's worker took ~1.2 s for the bench capture's digests against the
          // store's ~1.0 s for its writes, and the main thread waited ~0.3 s of it.
          const from = Math.max(next, (Math.ceil(end / RUN_ROWS) - 1) * RUN_ROWS);
          const digests = digester.digestPacked(take(from, end, false));
          forget(from, end);
          const to = end;
          end = from;
          yield runOf(from, to, digests);
        }
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
