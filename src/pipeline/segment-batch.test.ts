import { describe, expect, it } from 'vitest';
import type { TcpSegment } from '../decode/types.js';
import { readSegmentBatch, SegmentBatchWriter, shardOf } from './segment-batch.js';

const seg = (over: Partial<TcpSegment>): TcpSegment => ({
  ts: 1700000000123.456,
  srcIp: '10.0.0.1',
  dstIp: '2001:db8::5',
  srcPort: 51234,
  dstPort: 443,
  seq: 0xfffffff0,
  ack: 7,
  flags: 0x18,
  payload: Buffer.from('GET / HTTP/1.1\r\n\r\n'),
  ...over,
});

describe('segment batches', () => {
  it('round-trip every field, including an oversized segment and empty payloads', () => {
    const w = new SegmentBatchWriter(64);
    const input = [seg({}), seg({ payload: Buffer.alloc(0), flags: 0x11 }), seg({ srcIp: '192.168.1.200', payload: Buffer.alloc(200, 7) })];
    const out: TcpSegment[] = [];
    const batches: Array<{ data: ArrayBuffer; length: number }> = [];
    for (const s of input) {
      if (!w.fits(s) && w.count > 0) batches.push(w.take());
      w.add(s);
    }
    batches.push(w.take());
    expect(batches.length).toBe(3);
    for (const b of batches) readSegmentBatch(b.data, b.length, (s) => out.push({ ...s, payload: Buffer.from(s.payload) }));
    expect(out).toEqual(input);
  });

  it('sends both directions of a connection to the same shard and spreads even ports', () => {
    const counts = [0, 0];
    for (let port = 40000; port < 40400; port += 2) {
      const a = seg({ srcIp: '127.0.0.1', dstIp: '127.0.0.1', srcPort: port, dstPort: 18080 });
      const b = seg({ srcIp: '127.0.0.1', dstIp: '127.0.0.1', srcPort: 18080, dstPort: port });
      expect(shardOf(a, 2)).toBe(shardOf(b, 2));
      counts[shardOf(a, 2)]++;
    }
    expect(Math.min(...counts)).toBeGreaterThan(70);
  });
});
