import { describe, expect, it } from 'vitest';
import { Counters } from '../../core/anomalies.js';
import { CaptureReader, MAX_REPORTED_ISSUES, sniffCapture } from './reader.js';
import { pcapngBlock, pcapngEpb, pcapngIdb, pcapngPb, pcapngShb, pcapngSpb, writePcap } from './writer.js';

interface Pkt {
  ts: number;
  linkType: number;
  data: string;
  origLen: number;
  ifIndex: number;
}

interface Out {
  packets: Pkt[];
  issues: Array<[number, string]>;
  counters: Record<string, number>;
  consumed: number;
}

/** Read `input` pushed in pieces of the given sizes (cycled); default: whole. */
function read(input: Buffer, sizes: number[] = [input.length || 1]): Out {
  const counters = new Counters();
  const packets: Pkt[] = [];
  const issues: Array<[number, string]> = [];
  const r = new CaptureReader(
    (p) => packets.push({ ts: p.ts, linkType: p.linkType, data: p.data.toString('hex'), origLen: p.origLen, ifIndex: p.ifIndex }),
    (at, msg) => issues.push([at, msg]),
    counters,
  );
  for (let i = 0, k = 0; i < input.length; k++) {
    const n = sizes[k % sizes.length];
    r.push(input.subarray(i, i + n));
    i += n;
  }
  r.end();
  return { packets, issues, counters: counters.toJSON(), consumed: r.bytesConsumed };
}

const bytewise = (input: Buffer): Out => read(input, [1]);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const frame = (n: number, fill = n): Buffer => Buffer.alloc(n, fill);
const T0 = 1_700_000_000_000;

describe('sniffCapture', () => {
  it.each([
    ['d4c3b2a1', 'pcap'],
    ['a1b2c3d4', 'pcap'],
    ['4d3cb2a1', 'pcap'],
    ['a1b23c4d', 'pcap'],
    ['34cdb2a1', 'pcap'],
    ['0a0d0d0a', 'pcapng'],
    ['0a0d0d0a1c0000004d3c2b1a', 'pcapng'],
    ['0a0d0d0a0000001c1a2b3c4d', 'pcapng'],
    ['0a0d0d0a1c00000000000000', null],
    ['d4c3b2', null],
    ['7b2276', null],
    ['47455420', null],
  ])('%s → %s', (head, want) => {
    expect(sniffCapture(Buffer.from(head, 'hex'))).toBe(want);
  });
});

describe('classic pcap', () => {
  const records = [
    { ts: T0 + 123.456, data: frame(60) },
    { ts: T0 + 1000.001, data: frame(1514), origLen: 1514 },
    { ts: T0 + 2000, data: frame(96), origLen: 1500 },
  ];

  it.each([
    ['little-endian µs', false, false],
    ['big-endian µs', true, false],
    ['little-endian ns', false, true],
    ['big-endian ns', true, true],
  ])('%s', (_name, bigEndian, nanos) => {
    const file = writePcap(records, { linkType: 113, bigEndian, nanos });
    const out = read(file);
    expect(out.issues).toEqual([]);
    expect(out.packets.map((p) => [p.linkType, p.data.length / 2, p.origLen, p.ifIndex])).toEqual([
      [113, 60, 60, 0],
      [113, 1514, 1514, 0],
      [113, 96, 1500, 0],
    ]);
    out.packets.forEach((p, i) => expect(p.ts).toBeCloseTo(records[i].ts, 3));
    expect(out.counters).toEqual({ 'capture.snaplen_cut': 1 });
    expect(out.consumed).toBe(file.length);
  });

  it('reads the fraction as µs or ns by the magic', () => {
    const us = writePcap([{ ts: T0 + 500, data: frame(20) }], { linkType: 1 });
    const ns = Buffer.from(us);
    ns.writeUInt32LE(0xa1b23c4d, 0);
    expect(read(us).packets[0].ts).toBe(T0 + 500);
    expect(read(ns).packets[0].ts).toBe(T0 + 0.5);
  });

  it('masks the FCS bits out of the link type', () => {
    const file = writePcap([{ ts: T0, data: frame(20) }], { linkType: 1 });
    file.writeUInt32LE(0x14000001, 20);
    expect(read(file).packets[0].linkType).toBe(1);
  });

  it('reads the modified (a1b2cd34) format with 24-byte record headers', () => {
    const head = Buffer.alloc(24);
    head.writeUInt32LE(0xa1b2cd34, 0);
    head.writeUInt16LE(2, 4);
    head.writeUInt16LE(4, 6);
    head.writeUInt32LE(65535, 16);
    head.writeUInt32LE(1, 20);
    const rec = (sec: number, data: Buffer): Buffer => {
      const h = Buffer.alloc(24);
      h.writeUInt32LE(sec, 0);
      h.writeUInt32LE(7, 4);
      h.writeUInt32LE(data.length, 8);
      h.writeUInt32LE(data.length, 12);
      return Buffer.concat([h, data]);
    };
    const out = read(Buffer.concat([head, rec(100, frame(30)), rec(101, frame(40))]));
    expect(out.issues).toEqual([]);
    expect(out.packets.map((p) => [p.ts, p.data.length / 2])).toEqual([
      [100_000.007, 30],
      [101_000.007, 40],
    ]);
  });

  it('reports a file that ends inside a record once, at the record', () => {
    const file = writePcap(records, { linkType: 1 });
    const lastAt = 24 + 16 + 60 + 16 + 1514;
    for (const cut of [lastAt + 5, lastAt + 16, lastAt + 16 + 95]) {
      const out = read(file.subarray(0, cut));
      expect(out.packets).toHaveLength(2);
      expect(out.issues).toHaveLength(1);
      expect(out.issues[0][0]).toBe(lastAt);
      expect(out.issues[0][1]).toMatch(/^capture\.truncated: /);
      expect(out.counters['capture.truncated']).toBe(1);
      expect(out.consumed).toBe(lastAt);
      expect(bytewise(file.subarray(0, cut))).toEqual(out);
    }
    const head = read(file.subarray(0, 10));
    expect(head.issues).toEqual([[0, 'capture.truncated: the file ends inside its 24-byte header']]);
    expect(read(file.subarray(0, 24)).issues).toEqual([]);
  });

  it('reports an impossible record length once and resynchronises on the next plausible record', () => {
    const recs = Array.from({ length: 8 }, (_, i) => ({ ts: T0 + i * 10, data: frame(100 + i) }));
    const file = writePcap(recs, { linkType: 1, snaplen: 2000 });
    const at = (i: number): number => 24 + recs.slice(0, i).reduce((n, r) => n + 16 + r.data.length, 0);
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0x00f00000, at(3) + 8); // caplen of record 3
    const out = read(bad);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0][0]).toBe(at(3));
    expect(out.issues[0][1]).toMatch(/^capture\.bad_record: record length 15728640 is impossible/);
    expect(out.counters['capture.bad_record']).toBe(1);
    expect(out.packets.map((p) => p.data.length / 2)).toEqual([100, 101, 102, 104, 105, 106, 107]);
    expect(bytewise(bad)).toEqual(out);
    expect(read(bad, [7, 300, 1, 64])).toEqual(out);
  });

  it('resynchronises after garbage between records and after a corrupt first record', () => {
    const recs = Array.from({ length: 6 }, (_, i) => ({ ts: T0 + i, data: frame(50 + i) }));
    const file = writePcap(recs, { linkType: 1, bigEndian: true });
    const split = 24 + 2 * 16 + 50 + 51;
    const withGarbage = Buffer.concat([file.subarray(0, split), Buffer.alloc(37, 0xff), file.subarray(split)]);
    const g = read(withGarbage);
    expect(g.issues.map((i) => i[0])).toEqual([split]);
    expect(g.packets).toHaveLength(6);
    expect(bytewise(withGarbage)).toEqual(g);

    const firstBad = Buffer.from(file);
    firstBad.writeUInt32BE(0xffffffff, 24 + 8);
    const f = read(firstBad);
    expect(f.issues.map((i) => i[0])).toEqual([24]);
    expect(f.packets.map((p) => p.data.length / 2)).toEqual([51, 52, 53, 54, 55]);
  });

  it('caps the records it believes by the snaplen', () => {
    const file = writePcap([{ ts: T0, data: frame(200) }, { ts: T0, data: frame(10) }], { linkType: 1, snaplen: 64 });
    expect(read(file).packets.map((p) => p.data.length / 2)).toEqual([200, 10]); // within the slack
    const big = writePcap([{ ts: T0, data: frame(5000) }, { ts: T0, data: frame(10) }], { linkType: 1, snaplen: 64 });
    const out = read(big);
    expect(out.issues).toHaveLength(1);
    expect(out.packets.map((p) => p.data.length / 2)).toEqual([10]);
  });
});

describe('pcapng', () => {
  const eth = frame(60, 0xe0);
  const raw = frame(40, 0x45);
  const v6 = frame(48, 0x60);
  // section 1 (little-endian): three interfaces with different link types and resolutions
  const section1 = [
    pcapngShb(),
    pcapngIdb(1),
    pcapngIdb(101, { tsresol: 9, snaplen: 100 }),
    pcapngIdb(229, { tsresol: 0x80 | 10, tsoffset: 1000 }),
    pcapngBlock(4, Buffer.from('0100080000000000676c2e6c616e0000', 'hex')), // name resolution block
    pcapngEpb(0, 1_700_000_000_123_456n, eth),
    pcapngEpb(1, 1_700_000_000_123_456_789n, raw, 1500),
    pcapngEpb(2, 1024n * 1000n, v6),
    pcapngBlock(5, Buffer.alloc(12)), // interface statistics
    pcapngPb(1, 1_700_000_001_000_000_000n, raw),
    pcapngSpb(eth),
    pcapngBlock(0xbad, Buffer.from('0000a9ec637573746f6d', 'hex')), // custom block
  ];
  // section 2 (big-endian): the interfaces start over
  const section2 = [pcapngShb(false), pcapngIdb(228, { tsresol: 3 }, false), pcapngEpb(0, 1_700_000_000_123n, raw, raw.length, false)];
  const file = Buffer.concat([...section1, ...section2]);

  it('reads sections, interfaces of different link types and timestamp resolutions, and every packet block type', () => {
    const out = read(file);
    expect(out.issues).toEqual([]);
    expect(out.packets.map((p) => [p.linkType, p.ifIndex, p.data.length / 2, p.origLen])).toEqual([
      [1, 0, 60, 60],
      [101, 1, 40, 1500],
      [229, 2, 48, 48],
      [101, 1, 40, 40],
      [1, 0, 60, 60],
      [228, 0, 40, 40],
    ]);
    const ts = out.packets.map((p) => p.ts);
    expect(ts[0]).toBe(1_700_000_000_123.456);
    expect(Math.abs(ts[1] - (1_700_000_000_123 + 0.456_789))).toBeLessThan(0.001); // ns survive to ~0.25 µs in a double
    expect(ts[2]).toBe(1000 * 1000 + 1000 * 1000); // 2^-10 s units, plus if_tsoffset 1000 s
    expect(ts[3]).toBe(1_700_000_001_000);
    expect(ts[4]).toBe(ts[3]); // a simple packet block has no time: the last one stands
    expect(ts[5]).toBe(1_700_000_000_123);
    expect(out.counters).toEqual({ 'capture.snaplen_cut': 1 });
    expect(out.consumed).toBe(file.length);
  });

  it('gives the same result however the input is split', () => {
    const whole = read(file);
    expect(bytewise(file)).toEqual(whole);
    const r = rng(3);
    for (let i = 0; i < 50; i++) {
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(r() * 200));
      expect(read(file, sizes)).toEqual(whole);
    }
  });

  it('cuts a simple packet block to the interface snaplen', () => {
    const f = Buffer.concat([pcapngShb(), pcapngIdb(1, { snaplen: 32 }), pcapngSpb(eth)]);
    const out = read(f);
    expect(out.packets.map((p) => [p.data.length / 2, p.origLen])).toEqual([[32, 60]]);
    expect(out.counters['capture.snaplen_cut']).toBe(1);
  });

  it('reports a packet of an interface the section did not declare, and goes on', () => {
    const f = Buffer.concat([pcapngShb(), pcapngIdb(1), pcapngEpb(3, 0n, eth), pcapngEpb(0, 0n, eth), pcapngShb(), pcapngSpb(eth)]);
    const out = read(f);
    const at3 = pcapngShb().length + pcapngIdb(1).length;
    expect(out.issues).toEqual([
      [at3, 'capture.bad_record: packet of undeclared interface 3 skipped'],
      [f.length - pcapngSpb(eth).length, 'capture.bad_record: simple packet block without an interface skipped'],
    ]);
    expect(out.packets).toHaveLength(1);
  });

  it('reports a packet longer than its block', () => {
    const epb = pcapngEpb(0, 0n, eth);
    epb.writeUInt32LE(1000, 20);
    const out = read(Buffer.concat([pcapngShb(), pcapngIdb(1), epb, pcapngEpb(0, 0n, eth)]));
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0][1]).toMatch(/does not fit/);
    expect(out.packets).toHaveLength(1);
  });

  it.each([
    ['a length that is not a multiple of 4', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(4) + 2, 4)],
    ['a length below the minimum', (b: Buffer) => b.writeUInt32LE(16, 4)],
    ['an absurd length', (b: Buffer) => b.writeUInt32LE(0x7ffffff0, 4)],
    ['a trailing length that does not match', (b: Buffer) => b.writeUInt32LE(4, b.length - 4)],
  ])('a block with %s is reported once and the reader resynchronises', (_name, damage) => {
    const blocks = [pcapngShb(), pcapngIdb(1), ...[1, 2, 3, 4, 5].map((i) => pcapngEpb(0, BigInt(i), frame(40 + i * 4)))];
    damage(blocks[3]);
    const f = Buffer.concat(blocks);
    const out = read(f);
    const at = blocks.slice(0, 3).reduce((n, b) => n + b.length, 0);
    expect(out.issues.map((i) => i[0])).toEqual([at]);
    expect(out.issues[0][1]).toMatch(/^capture\.bad_record: /);
    expect(out.packets.map((p) => p.data.length / 2)).toEqual([44, 52, 56, 60]);
    expect(bytewise(f)).toEqual(out);
  });

  it('reports a section header with an unknown byte-order mark', () => {
    const shb = pcapngShb();
    const f = Buffer.concat([pcapngShb(), pcapngIdb(1), pcapngEpb(0, 1n, eth), shb.fill(0x77, 8, 12), pcapngEpb(0, 2n, eth)]);
    const out = read(f);
    expect(out.issues).toHaveLength(1);
    expect(out.packets).toHaveLength(2);
  });

  it('reports a file that ends inside a block', () => {
    const out = read(file.subarray(0, file.length - 3));
    expect(out.packets).toHaveLength(5);
    expect(out.issues).toEqual([[file.length - section2[2].length, `capture.truncated: the file ends inside a block (${section2[2].length - 3} of ${section2[2].length} bytes)`]]);
  });

  it('streams a large skipped block through without buffering it', () => {
    const custom = pcapngBlock(0xbad, Buffer.alloc(2 << 20, 0x61));
    const f = Buffer.concat([pcapngShb(), pcapngIdb(1), custom, pcapngEpb(0, 5n, eth)]);
    const counters = new Counters();
    let packets = 0;
    const reader = new CaptureReader(() => packets++, () => {}, counters);
    let maxCarry = 0;
    for (let i = 0; i < f.length; i += 4093) {
      reader.push(f.subarray(i, i + 4093));
      maxCarry = Math.max(maxCarry, (reader as unknown as { carry: Buffer }).carry.length);
    }
    reader.end();
    expect(packets).toBe(1);
    expect(maxCarry).toBeLessThan(64 << 10);
    expect(counters.toJSON()).toEqual({});
    const truncated = read(f.subarray(0, 100_000));
    expect(truncated.issues).toEqual([[pcapngShb().length + pcapngIdb(1).length, `capture.truncated: the file ends inside a block (${custom.length - 100_000 + 48} bytes missing)`]]);
  });

  it('reports at most a bounded number of problems, and counts them all', () => {
    const f = Buffer.concat([pcapngShb(), ...Array.from({ length: 150 }, () => pcapngEpb(9, 0n, eth))]);
    const out = read(f);
    expect(out.issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(out.issues[MAX_REPORTED_ISSUES - 1][1]).toMatch(/too many problems/);
    expect(out.counters['capture.bad_record']).toBe(150);
  });
});

describe('not a capture', () => {
  it.each([
    ['text', Buffer.from('{"log":{"version":"1.2"}}')],
    ['three bytes', Buffer.from('d4c3b2', 'hex')],
    ['nothing', Buffer.alloc(0)],
  ])('%s: one issue at offset 0, nothing else', (_name, input) => {
    const out = read(input);
    expect(out.issues).toEqual([[0, 'not a pcap or pcapng file']]);
    expect(out.packets).toEqual([]);
    expect(read(input, [1])).toEqual(out);
  });

  it('ignores input after an unknown magic', () => {
    const calls: string[] = [];
    const r = new CaptureReader(() => calls.push('packet'), (at, m) => calls.push(`${at} ${m}`), new Counters());
    r.push(Buffer.from('GET / HTTP/1.1\r\n'));
    r.push(writePcap([{ ts: 0, data: frame(10) }], { linkType: 1 }));
    r.end();
    expect(calls).toEqual(['0 not a pcap or pcapng file']);
  });
});

describe('garbage never hangs or throws the reader', () => {
  it.each([
    ['pcap', writePcap([{ ts: T0, data: frame(60) }], { linkType: 1 })],
    ['pcapng', Buffer.concat([pcapngShb(), pcapngIdb(1)])],
  ])('%s header followed by random bytes', (_name, head) => {
    const r = rng(99);
    for (let round = 0; round < 20; round++) {
      const junk = Buffer.alloc(20_000 + Math.floor(r() * 20_000));
      for (let i = 0; i < junk.length; i++) junk[i] = r() < 0.5 ? 0 : Math.floor(r() * 256);
      const input = Buffer.concat([head, junk, head.subarray(round % 2 ? 24 : 0)]);
      const sizes = [1 + Math.floor(r() * 5000)];
      const out = read(input, sizes);
      expect(out.consumed).toBeLessThanOrEqual(input.length);
      expect(out.issues.length).toBeGreaterThanOrEqual(1);
    }
  });
});
