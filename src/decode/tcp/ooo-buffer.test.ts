import { describe, expect, it } from 'vitest';
import { insertSegment, type InsertResult, type PendingSegment } from './ooo-buffer.js';
import { seqAdd, seqDiff } from './seq.js';

describe('seq arithmetic', () => {
  it.each([
    [5, 0xfffffffe, 7],
    [0xfffffffe, 5, -7],
    [100, 100, 0],
    [0x7fffffff, 0, 0x7fffffff],
  ])('seqDiff(%i, %i) = %i', (a, b, d) => expect(seqDiff(a, b)).toBe(d));

  it.each([
    [0xffffffff, 2, 1],
    [10, 5, 15],
    [0xfffffff0, 0x20, 0x10],
  ])('seqAdd(%i, %i) = %i', (a, n, r) => expect(seqAdd(a, n)).toBe(r));
});

/** `held` as "seq:text" pieces; the segment is inserted with base 100 (or `base`). */
function insert(held: string[], seq: number, text: string, base = 100): { list: string[]; r: InsertResult } {
  const list: PendingSegment[] = held.map((h) => {
    const [q, t] = h.split(':');
    return { seq: Number(q) >>> 0, data: Buffer.from(t), ts: 0 };
  });
  const r: InsertResult = { added: 0, overlap: 0, mismatch: false };
  insertSegment(list, base >>> 0, seq >>> 0, Buffer.from(text), 1, r);
  return { list: list.map((p) => `${p.seq}:${p.data.toString()}`), r };
}

describe('insertSegment', () => {
  it.each([
    { name: 'into an empty list', held: [], seq: 110, text: 'abc', list: ['110:abc'], added: 3, overlap: 0, mismatch: false },
    { name: 'after the last piece', held: ['110:abc'], seq: 120, text: 'xy', list: ['110:abc', '120:xy'], added: 2, overlap: 0, mismatch: false },
    { name: 'before the first piece', held: ['110:abc'], seq: 101, text: 'xy', list: ['101:xy', '110:abc'], added: 2, overlap: 0, mismatch: false },
    { name: 'an exact duplicate', held: ['110:abc'], seq: 110, text: 'abc', list: ['110:abc'], added: 0, overlap: 3, mismatch: false },
    { name: 'a differing duplicate: the first copy stays', held: ['110:abc'], seq: 110, text: 'abX', list: ['110:abc'], added: 0, overlap: 3, mismatch: true },
    { name: 'overlapping the front', held: ['110:cde'], seq: 108, text: 'abcd', list: ['108:ab', '110:cde'], added: 2, overlap: 2, mismatch: false },
    { name: 'overlapping the back', held: ['110:abc'], seq: 112, text: 'cdef', list: ['110:abc', '113:def'], added: 3, overlap: 1, mismatch: false },
    { name: 'spanning two pieces and the gaps around them', held: ['110:cd', '114:gh'], seq: 108, text: 'abcdefghij', list: ['108:ab', '110:cd', '112:ef', '114:gh', '116:ij'], added: 6, overlap: 4, mismatch: false },
    { name: 'in the gap between pieces', held: ['110:ab', '120:kl'], seq: 114, text: 'xy', list: ['110:ab', '114:xy', '120:kl'], added: 2, overlap: 0, mismatch: false },
  ])('$name', ({ held, seq, text, list, added, overlap, mismatch }) => {
    const got = insert(held, seq, text);
    expect(got.list).toEqual(list);
    expect(got.r).toEqual({ added, overlap, mismatch });
  });

  it('works across the 2^32 wraparound', () => {
    const got = insert([`${0xfffffffe}:ab`, '2:ef'], 0, 'cd', 0xfffffff0);
    expect(got.list).toEqual([`${0xfffffffe}:ab`, '0:cd', '2:ef']);
    const spanning = insert([`${0xfffffffe}:ab`], 0xfffffffc, 'xxabcd', 0xfffffff0);
    expect(spanning.list).toEqual([`${0xfffffffc}:xx`, `${0xfffffffe}:ab`, '0:cd']);
  });

  it('copies the bytes it keeps', () => {
    const list: PendingSegment[] = [];
    const src = Buffer.from('abcd');
    insertSegment(list, 0, 10, src, 0, { added: 0, overlap: 0, mismatch: false });
    src.fill(0);
    expect(list[0].data.toString()).toBe('abcd');
  });
});
