/**
 * An input's trace rows before they are written: one row per (group, value) with its count and
 * first label, digests only on the way out, the per-input cap counted in distinct rows.
 */
import { describe, expect, it } from 'vitest';
import { TRACE_LABELS, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { TraceRows } from './trace-rows.js';

const SECRET = Buffer.alloc(32, 3);
const MOBILE = TRACE_LABELS.indexOf('cn_mobile');
const ID = TRACE_LABELS.indexOf('cn_id');

describe('TraceRows', () => {
  it('counts each value once per group, keeps its first label, and gives digests, not values', () => {
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 100);
    t.add(0, MOBILE, '13812345678');
    t.add(0, MOBILE, '13812345678');
    t.add(1, MOBILE, '13812345678');
    t.add(0, ID, '11010519491231002X');
    // a later occurrence under another label counts on the first row
    t.add(0, MOBILE, '11010519491231002X');
    const rows = [...t.drain()].sort((a, b) => a.group - b.group || a.label.localeCompare(b.label));
    expect(rows).toEqual([
      { group: 0, digest: d.digest('11010519491231002X'), label: 'cn_id', count: 2 },
      { group: 0, digest: d.digest('13812345678'), label: 'cn_mobile', count: 2 },
      { group: 1, digest: d.digest('13812345678'), label: 'cn_mobile', count: 1 },
    ]);
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect(t.endInput()).toEqual({ rows: 3, dropped: 0 });
  });

  it('stops at the cap of distinct rows, still counts values it holds, and says how many it left out', () => {
    const t = new TraceRows(new ValueDigester(SECRET), 2);
    for (const v of ['13800000001', '13800000002', '13800000003', '13800000001', '13800000004']) t.add(0, MOBILE, v);
    const rows = [...t.drain()];
    expect(rows.map((r) => r.count).sort()).toEqual([1, 2]);
    expect(t.endInput()).toEqual({ rows: 2, dropped: 2 });
    // the next input starts with the whole cap again, and nothing held
    expect([...t.drain()]).toEqual([]);
    t.add(0, MOBILE, '13800000003');
    expect(t.endInput()).toEqual({ rows: 1, dropped: 0 });
  });
});
