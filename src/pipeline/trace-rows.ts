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
 *   [...t.drain()]   // [{ group: 0, digest: '…', label: 'cn_mobile', count: 2 }]
 */
import { detach } from '../core/detach.js';
import { TRACE_LABELS, type ValueDigester } from '../analysis/sensitive/trace-digest.js';

export interface TraceRow {
  group: number;
  digest: string;
  label: string;
  count: number;
}

/** count × LABEL_BITS + index in TRACE_LABELS, one small integer per held value */
const LABEL_BITS = 16;
if (TRACE_LABELS.length > LABEL_BITS) throw new Error('TRACE_LABELS outgrew the packed label bits');

export class TraceRows {
  /** by group number (numbered from 0 per input): clear value → count × LABEL_BITS + label */
  private groups: Map<string, number>[] = [];
  /** distinct rows this input added (the cap counts these) */
  rows = 0;
  /** occurrences of new values not kept: the cap was reached */
  dropped = 0;

  constructor(
    private readonly digester: ValueDigester,
    private readonly maxRows: number,
  ) {}

  /** One occurrence of `value` (label: index in TRACE_LABELS) in `group`. */
  add(group: number, label: number, value: string): void {
    const rows = (this.groups[group] ??= new Map());
    const t = rows.get(value);
    if (t !== undefined) rows.set(value, t + LABEL_BITS);
    else if (this.rows < this.maxRows) {
      // held for the whole input: a copy, not a view into the body it was read from (core/detach.ts)
      rows.set(detach(value), LABEL_BITS + label);
      this.rows++;
    } else this.dropped++;
  }

  /**
   * The held rows, digested as they are read (the digest of each distinct value is computed
   * there, once; a million rows never stand as objects at once), and forgotten here.
   */
  drain(): Iterable<TraceRow> {
    const groups = this.groups;
    const digester = this.digester;
    this.groups = [];
    return (function* () {
      for (let group = 0; group < groups.length; group++) {
        for (const [v, packed] of groups[group] ?? []) yield { group, digest: digester.digest(v), label: TRACE_LABELS[packed % LABEL_BITS]!, count: Math.floor(packed / LABEL_BITS) };
      }
    })();
  }

  /** The input's totals; counting starts again. */
  endInput(): { rows: number; dropped: number } {
    const r = { rows: this.rows, dropped: this.dropped };
    this.rows = 0;
    this.dropped = 0;
    return r;
  }
}
