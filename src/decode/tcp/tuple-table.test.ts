import { describe, expect, it } from 'vitest';
import type { TcpSegment } from '../types.js';
import { TupleNode, TupleTable } from './tuple-table.js';

const seg = (srcIp: string, srcPort: number, dstIp: string, dstPort: number): TcpSegment => ({ ts: 0, srcIp, srcPort, dstIp, dstPort, seq: 0, ack: 0, flags: 0, payload: Buffer.alloc(0) });

class Entry extends TupleNode<Entry> {
  constructor(
    s: TcpSegment,
    readonly name: string,
  ) {
    super(s);
  }
}

describe('TupleTable', () => {
  it.each([
    ['10.0.0.1', 50000, '10.0.0.2', 80],
    ['10.0.0.2', 80, '10.0.0.1', 50000],
    ['2001:db8::1', 443, '2001:db8::2', 443],
    ['10.0.0.9', 1234, '10.0.0.1', 1234],
  ])('finds %s:%i ↔ %s:%i from both directions', (a, pa, b, pb) => {
    const t = new TupleTable<Entry>();
    const e = new Entry(seg(a, pa, b, pb), 'x');
    t.add(e);
    expect(t.get(seg(a, pa, b, pb))).toBe(e);
    expect(t.get(seg(b, pb, a, pa))).toBe(e);
    expect(t.size).toBe(1);
  });

  it('tells tuples apart', () => {
    const t = new TupleTable<Entry>();
    const segs = [seg('10.0.0.1', 1, '10.0.0.2', 2), seg('10.0.0.1', 2, '10.0.0.2', 1), seg('10.0.0.1', 1, '10.0.0.22', 2), seg('10.0.0.11', 1, '10.0.0.2', 2), seg('10.0.0.1', 1, '10.0.0.2', 3)];
    segs.forEach((s, i) => {
      expect(t.get(s)).toBeUndefined();
      t.add(new Entry(s, String(i)));
    });
    expect(segs.map((s) => t.get(s)?.name)).toEqual(['0', '1', '2', '3', '4']);
    expect(t.size).toBe(5);
  });

  it('keeps a crowded port pair findable, and deletes from anywhere', () => {
    const t = new TupleTable<Entry>();
    const segs = Array.from({ length: 30 }, (_, i) => seg(`10.0.${i}.1`, 40000, '10.0.0.2', 443));
    const entries = segs.map((s, i) => new Entry(s, String(i)));
    entries.forEach((e) => t.add(e));
    expect(segs.map((s) => t.get(s)?.name)).toEqual(entries.map((e) => e.name));
    // delete from the crowded map, the head, the middle and the tail of the bucket
    for (const i of [20, 7, 3, 0, 29]) t.delete(entries[i]);
    expect(t.size).toBe(25);
    expect(segs.map((s) => t.get(s)?.name ?? '-')).toEqual(entries.map((e, i) => ([20, 7, 3, 0, 29].includes(i) ? '-' : e.name)));
    t.delete(entries[3]); // twice: no effect
    expect(t.size).toBe(25);
    for (const e of entries) t.delete(e);
    expect(t.size).toBe(0);
    expect(segs.every((s) => t.get(s) === undefined)).toBe(true);
  });
});
