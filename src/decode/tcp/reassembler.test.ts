import { describe, expect, it } from 'vitest';
import { Counters } from '../../core/anomalies.js';
import { DEFAULT_LIMITS, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../types.js';
import type { ConnectionInfo, DecodeLimits, Direction, StreamHandler, TcpSegment } from '../types.js';
import { TcpReassembler } from './reassembler.js';

// ---------------------------------------------------------------------------------------------
// A tiny language for segments: client 10.0.0.1:50000, server 10.0.0.2:80.
// Client data starts at 1000 (ISN 999), server data at 5000 (ISN 4999).

const CLIENT = { ip: '10.0.0.1', port: 50000 };
const SERVER = { ip: '10.0.0.2', port: 80 };

const FLAG_BITS: Record<string, number> = { S: TCP_SYN, A: TCP_ACK, F: TCP_FIN, R: TCP_RST, P: TCP_PSH };

interface SegOpts {
  ts?: number;
  client?: { ip: string; port: number };
  server?: { ip: string; port: number };
}

function seg(from: 'c' | 's', seq: number, ack: number, flags: string, payload = '', o: SegOpts = {}): TcpSegment {
  const client = o.client ?? CLIENT;
  const server = o.server ?? SERVER;
  const [src, dst] = from === 'c' ? [client, server] : [server, client];
  let f = 0;
  for (const ch of flags) f |= FLAG_BITS[ch];
  return { ts: o.ts ?? 0, srcIp: src.ip, dstIp: dst.ip, srcPort: src.port, dstPort: dst.port, seq: seq >>> 0, ack: ack >>> 0, flags: f, payload: Buffer.from(payload, 'latin1') };
}
/** client → server */
const c = (seq: number, ack: number, flags: string, payload = '', o: SegOpts = {}): TcpSegment => seg('c', seq, ack, flags, payload, o);
/** server → client */
const s = (seq: number, ack: number, flags: string, payload = '', o: SegOpts = {}): TcpSegment => seg('s', seq, ack, flags, payload, o);
const handshake = (o: SegOpts = {}): TcpSegment[] => [c(999, 0, 'S', '', o), s(4999, 1000, 'SA', '', o), c(1000, 5000, 'A', '', o)];

// ---------------------------------------------------------------------------------------------
// A StreamHandler that writes a transcript: "1 > abcd" (client data of connection 1),
// "1 < [gap 4]", "1 close fin". Consecutive data of one direction is joined.

interface Run {
  log: string[];
  infos: ConnectionInfo[];
  counters: Counters;
  reassembler: TcpReassembler;
  /** every id's onClose count */
  closes: Map<number, number>;
  /** calls made to a handler after its onClose */
  afterClose: number;
}

function newRun(limits: Partial<DecodeLimits> = {}, stopAfterBytes = Infinity): Run {
  const counters = new Counters();
  const run: Run = { log: [], infos: [], counters, reassembler: undefined as unknown as TcpReassembler, closes: new Map(), afterClose: 0 };
  const { log } = run;
  let lastKey = '';
  const arrow = (dir: Direction): string => (dir === 0 ? '>' : '<');
  run.reassembler = new TcpReassembler({ counters, limits: { ...DEFAULT_LIMITS, ...limits } }, (info) => {
    run.infos.push(info);
    let delivered = 0;
    const check = (): void => {
      if (run.closes.has(info.id)) run.afterClose++;
    };
    const handler: StreamHandler = {
      onData(dir, data) {
        check();
        delivered += data.length;
        const key = `${info.id} ${arrow(dir)}`;
        if (lastKey === key) log[log.length - 1] += data.toString('latin1');
        else log.push(`${key} ${data.toString('latin1')}`);
        lastKey = key;
      },
      onGap(dir, bytes) {
        check();
        log.push(`${info.id} ${arrow(dir)} [gap ${bytes}]`);
        lastKey = '';
      },
      onClose(_ts, reason) {
        run.closes.set(info.id, (run.closes.get(info.id) ?? 0) + 1);
        log.push(`${info.id} close ${reason}`);
        lastKey = '';
      },
      wantsNoMoreData: () => delivered >= stopAfterBytes,
    };
    return handler;
  });
  return run;
}

function play(segs: TcpSegment[], limits: Partial<DecodeLimits> = {}, stopAfterBytes = Infinity): Run {
  const run = newRun(limits, stopAfterBytes);
  segs.forEach((sg, i) => run.reassembler.push({ ...sg, ts: sg.ts || i + 1 }));
  return run;
}

function expectClosedOnce(run: Run): void {
  for (const info of run.infos) expect(run.closes.get(info.id), `connection ${info.id} closed once`).toBe(1);
  expect(run.afterClose).toBe(0);
  expect(run.reassembler.openConnections).toBe(0);
  expect(run.reassembler.bufferedBytes).toBe(0);
}

// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  segs: TcpSegment[];
  limits?: Partial<DecodeLimits>;
  /** the handler asks for no more data after this many bytes */
  stopAfterBytes?: number;
  /** transcript after end() */
  log: string[];
  counters?: Record<string, number>;
}

const cases: Case[] = [
  {
    name: 'in order, both directions, closed by FINs',
    segs: [
      ...handshake(),
      c(1000, 5000, 'PA', 'abcd'),
      s(5000, 1004, 'PA', 'WXYZ'),
      c(1004, 5004, 'PA', 'ef'),
      s(5004, 1006, 'PA', 'UV'),
      c(1006, 5006, 'FA'),
      s(5006, 1007, 'FA'),
      c(1007, 5007, 'A'),
    ],
    log: ['1 > abcd', '1 < WXYZ', '1 > ef', '1 < UV', '1 close fin'],
    counters: { 'tcp.connections': 1, 'tcp.bytes': 12, 'tcp.gap': 0, 'tcp.midstream': 0 },
  },
  {
    name: 'out of order: buffered until the hole fills',
    segs: [...handshake(), c(1008, 5000, 'PA', 'ijkl'), c(1004, 5000, 'PA', 'efgh'), c(1000, 5000, 'PA', 'abcd'), c(1012, 5000, 'PA', 'mn')],
    log: ['1 > abcdefghijklmn', '1 close end'],
    counters: { 'tcp.bytes': 14, 'tcp.gap': 0, 'tcp.retransmission': 0 },
  },
  {
    name: 'retransmitted duplicate is dropped',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), c(1000, 5000, 'PA', 'abcd'), c(1004, 5000, 'PA', 'ef')],
    log: ['1 > abcdef', '1 close end'],
    counters: { 'tcp.retransmission': 1, 'tcp.bytes': 6 },
  },
  {
    name: 'partial overlap with delivered data is trimmed',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), c(1002, 5000, 'PA', 'cdef')],
    log: ['1 > abcdef', '1 close end'],
    counters: { 'tcp.retransmission': 1, 'tcp.overlap_mismatch': 0, 'tcp.bytes': 6 },
  },
  {
    name: 'overlap with buffered data: first seen wins, a difference is counted',
    segs: [...handshake(), c(1004, 5000, 'PA', 'efgh'), c(1006, 5000, 'PA', 'XXij'), c(1000, 5000, 'PA', 'abcd')],
    log: ['1 > abcdefghij', '1 close end'],
    counters: { 'tcp.retransmission': 1, 'tcp.overlap_mismatch': 1 },
  },
  {
    name: 'a segment spanning a hole and buffered data fills around it',
    segs: [...handshake(), c(1004, 5000, 'PA', 'ef'), c(1008, 5000, 'PA', 'ij'), c(1000, 5000, 'PA', 'abcdefghijkl')],
    log: ['1 > abcdefghijkl', '1 close end'],
    counters: { 'tcp.retransmission': 1, 'tcp.overlap_mismatch': 0, 'tcp.bytes': 12 },
  },
  {
    name: 'sequence numbers wrap around 2^32',
    segs: [
      c(0xfffffffc, 0, 'S'),
      s(4999, 0xfffffffd, 'SA'),
      c(0xfffffffd, 5000, 'PA', 'abc'),
      c(3, 5000, 'PA', 'gh'),
      c(0, 5000, 'PA', 'def'),
      s(5000, 5, 'PA', 'ok'),
      c(5, 5002, 'FA'),
      s(5002, 6, 'FA'),
    ],
    log: ['1 > abcdefgh', '1 < ok', '1 close fin'],
    counters: { 'tcp.gap': 0, 'tcp.retransmission': 0, 'tcp.bytes': 10 },
  },
  {
    name: 'lost segment: the peer ACK proves it was sent, gap then data, before the peer data',
    segs: [...handshake(), c(1004, 5000, 'PA', 'efgh'), s(5000, 1008, 'PA', 'resp'), c(1008, 5004, 'PA', 'ij')],
    log: ['1 > [gap 4]', '1 > efgh', '1 < resp', '1 > ij', '1 close end'],
    counters: { 'tcp.gap': 1, 'tcp.gap_bytes': 4, 'tcp.bytes': 10 },
  },
  {
    name: 'lost end of a response: the next request acknowledges it',
    segs: [...handshake(), c(1000, 5000, 'PA', 'req1'), s(5000, 1004, 'PA', 'res1'), c(1004, 5008, 'PA', 'req2'), s(5008, 1008, 'PA', 'res2')],
    log: ['1 > req1', '1 < res1', '1 < [gap 4]', '1 > req2', '1 < res2', '1 close end'],
    counters: { 'tcp.gap': 1, 'tcp.gap_bytes': 4 },
  },
  {
    name: 'a bare ACK beyond the data only records the evidence; the next segment then skips the hole',
    segs: [...handshake(), c(1000, 5000, 'PA', 'req1'), s(5000, 1004, 'PA', 'res1'), c(1004, 5008, 'A'), s(5008, 1004, 'PA', 'more')],
    log: ['1 > req1', '1 < res1', '1 < [gap 4]', '1 < more', '1 close end'],
    counters: { 'tcp.gap': 1 },
  },
  {
    name: 'acknowledged data never captured becomes a gap when the connection ends',
    segs: [...handshake(), c(1000, 5000, 'PA', 'req1'), c(1004, 5010, 'A')],
    log: ['1 > req1', '1 < [gap 10]', '1 close end'],
    counters: { 'tcp.gap': 1, 'tcp.gap_bytes': 10 },
  },
  {
    name: 'an ACK one beyond the data at the end is an uncaptured FIN, not a gap',
    segs: [...handshake(), c(1000, 5000, 'PA', 'req1'), s(5000, 1004, 'PA', 'res1'), c(1004, 5005, 'FA')],
    log: ['1 > req1', '1 < res1', '1 close end'],
    counters: { 'tcp.gap': 0 },
  },
  {
    name: 'an ACK that merely overtook its data in the capture does not make a gap',
    segs: [...handshake(), c(1000, 5000, 'PA', 'req1'), c(1004, 5004, 'A'), s(5000, 1004, 'PA', 'res1'), c(1004, 5004, 'PA', 'req2')],
    log: ['1 > req1', '1 < res1', '1 > req2', '1 close end'],
    counters: { 'tcp.gap': 0 },
  },
  {
    name: 'lost segment before a FIN: gap at the FIN',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), c(1008, 5000, 'PA', 'ijkl'), c(1012, 5000, 'FA')],
    log: ['1 > abcd', '1 > [gap 4]', '1 > ijkl', '1 close end'],
    counters: { 'tcp.gap': 1, 'tcp.gap_bytes': 4 },
  },
  {
    name: 'lost segment just before a FIN without buffered data',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), c(1008, 5000, 'FA'), s(5000, 1009, 'FA')],
    log: ['1 > abcd', '1 > [gap 4]', '1 close fin'],
    counters: { 'tcp.gap': 1 },
  },
  {
    name: 'lost segment: gap at the end of input',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), c(1008, 5000, 'PA', 'ijkl')],
    log: ['1 > abcd', '1 > [gap 4]', '1 > ijkl', '1 close end'],
    counters: { 'tcp.gap': 1 },
  },
  {
    name: 'at the end, buffered data of both directions comes in capture order',
    segs: [...handshake(), s(5004, 1000, 'PA', 'late'), c(1004, 5000, 'PA', 'efgh')],
    log: ['1 < [gap 4]', '1 < late', '1 > [gap 4]', '1 > efgh', '1 close end'],
  },
  {
    name: 'midstream: the side on the well-known port is the server',
    segs: [s(5000, 1000, 'PA', 'body'), c(1000, 5004, 'PA', 'next'), s(5004, 1004, 'PA', 'more')],
    log: ['1 < body', '1 > next', '1 < more', '1 close end'],
    counters: { 'tcp.midstream': 1, 'tcp.connections': 1, 'tcp.gap': 0 },
  },
  {
    name: 'SYN-ACK seen without its SYN: its receiver is the client',
    segs: [s(4999, 1000, 'SA'), c(1000, 5000, 'A'), c(1000, 5000, 'PA', 'abcd'), s(5000, 1004, 'PA', 'WXYZ')],
    log: ['1 > abcd', '1 < WXYZ', '1 close end'],
    counters: { 'tcp.midstream': 0, 'tcp.gap': 0 },
  },
  {
    name: 'SYN-ACK only and the first request lost: the reply ACK shows the gap',
    segs: [s(4999, 1000, 'SA'), c(1004, 5000, 'PA', 'efgh'), s(5000, 1008, 'PA', 'WXYZ')],
    log: ['1 > [gap 4]', '1 > efgh', '1 < WXYZ', '1 close end'],
    counters: { 'tcp.gap': 1 },
  },
  {
    name: 'a retransmitted SYN is the same connection',
    segs: [c(999, 0, 'S'), c(999, 0, 'S'), s(4999, 1000, 'SA'), s(4999, 1000, 'SA'), c(1000, 5000, 'PA', 'abcd')],
    log: ['1 > abcd', '1 close end'],
    counters: { 'tcp.connections': 1 },
  },
  {
    name: '4-tuple reuse after both FINs: a second connection',
    segs: [
      ...handshake(),
      c(1000, 5000, 'PA', 'one'),
      c(1003, 5000, 'FA'),
      s(5000, 1004, 'FA'),
      c(1004, 5001, 'A'),
      c(70000, 0, 'S'),
      s(90000, 70001, 'SA'),
      c(70001, 90001, 'PA', 'two'),
    ],
    log: ['1 > one', '1 close fin', '2 > two', '2 close end'],
    counters: { 'tcp.connections': 2 },
  },
  {
    name: '4-tuple reuse after one FIN: the new SYN closes the old connection',
    segs: [...handshake(), c(1000, 5000, 'PA', 'one'), c(1003, 5000, 'FA'), c(70000, 0, 'S'), s(90000, 70001, 'SA'), c(70001, 90001, 'PA', 'two')],
    log: ['1 > one', '1 close fin', '2 > two', '2 close end'],
    counters: { 'tcp.connections': 2 },
  },
  {
    name: '4-tuple reuse without any FIN seen: a SYN with another ISN starts over',
    segs: [...handshake(), c(1000, 5000, 'PA', 'one'), c(3_000_000_000, 0, 'S'), c(3_000_000_001, 0, 'PA', 'two')],
    log: ['1 > one', '1 close fin', '2 > two', '2 close end'],
    counters: { 'tcp.connections': 2 },
  },
  {
    name: 'RST closes at once; later ACKs and FINs of the tuple are ignored',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), s(5000, 1004, 'R'), c(1004, 5000, 'A'), c(1004, 5000, 'FA')],
    log: ['1 > abcd', '1 close rst'],
    counters: { 'tcp.connections': 1 },
  },
  {
    name: 'RST delivers buffered data with its gap first',
    segs: [...handshake(), c(1004, 5000, 'PA', 'efgh'), c(1008, 5000, 'R')],
    log: ['1 > [gap 4]', '1 > efgh', '1 close rst'],
  },
  {
    name: 'a data segment of an unknown tuple after close starts a midstream connection',
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), s(5000, 1004, 'R'), c(1004, 5000, 'PA', 'late')],
    log: ['1 > abcd', '1 close rst', '2 > late', '2 close end'],
    counters: { 'tcp.connections': 2, 'tcp.midstream': 1 },
  },
  {
    name: 'per-connection cap: the hole is given up',
    limits: { maxConnBufferBytes: 8 },
    segs: [...handshake(), c(1004, 5000, 'PA', 'efgh'), c(1008, 5000, 'PA', 'ijkl'), c(1012, 5000, 'PA', 'mnop'), c(1016, 5000, 'PA', 'qr')],
    log: ['1 > [gap 4]', '1 > efghijklmnopqr', '1 close end'],
    counters: { 'tcp.conn_memcap': 1, 'tcp.gap': 1, 'tcp.global_memcap': 0 },
  },
  {
    name: 'global cap: the oldest hole is given up',
    limits: { maxGlobalBufferBytes: 10 },
    segs: [
      ...handshake(),
      ...handshake({ client: { ip: '10.0.0.3', port: 40000 } }),
      c(1004, 5000, 'PA', 'efgh'),
      c(1004, 5000, 'PA', 'EFGH', { client: { ip: '10.0.0.3', port: 40000 } }),
      c(1008, 5000, 'PA', 'IJKL', { client: { ip: '10.0.0.3', port: 40000 } }),
    ],
    log: ['1 > [gap 4]', '1 > efgh', '1 close end', '2 > [gap 4]', '2 > EFGHIJKL', '2 close end'],
    counters: { 'tcp.global_memcap': 1, 'tcp.conn_memcap': 0, 'tcp.gap': 2 },
  },
  {
    name: 'connection cap: the least recently active is evicted',
    limits: { maxConnections: 2 },
    segs: [
      c(1000, 0, 'PA', 'a', { client: { ip: '10.0.0.1', port: 40001 } }),
      c(1000, 0, 'PA', 'b', { client: { ip: '10.0.0.1', port: 40002 } }),
      c(1001, 0, 'PA', 'a', { client: { ip: '10.0.0.1', port: 40001 } }),
      c(1000, 0, 'PA', 'c', { client: { ip: '10.0.0.1', port: 40003 } }),
    ],
    log: ['1 > a', '2 > b', '1 > a', '2 close evicted', '3 > c', '1 close end', '3 close end'],
    counters: { 'tcp.conn_limit': 1, 'tcp.connections': 3 },
  },
  {
    name: 'wantsNoMoreData: further payload is skipped, FINs still close',
    stopAfterBytes: 4,
    segs: [...handshake(), c(1000, 5000, 'PA', 'abcd'), s(5000, 1004, 'PA', 'WXYZ'), c(1008, 5004, 'PA', 'ijkl'), c(1004, 5004, 'PA', 'efgh'), c(1012, 5004, 'FA'), s(5004, 1013, 'FA')],
    log: ['1 > abcd', '1 close fin'],
    counters: { 'tcp.skipped_bytes': 12, 'tcp.bytes': 4, 'tcp.gap': 0 },
  },
];

describe('TcpReassembler', () => {
  it.each(cases)('$name', ({ segs, limits, stopAfterBytes, log, counters }) => {
    const run = play(segs, limits, stopAfterBytes);
    run.reassembler.end(1e6);
    expect(run.log).toEqual(log);
    for (const [name, value] of Object.entries(counters ?? {})) expect(run.counters.get(name), name).toBe(value);
    expectClosedOnce(run);
  });

  it('names the roles and ids of connections', () => {
    const run = play([
      s(5000, 1000, 'PA', 'body'), // midstream, guessed
      s(4999, 1000, 'SA', '', { client: { ip: '10.0.0.9', port: 1234 } }), // SYN-ACK only
      c(999, 0, 'S', '', { client: { ip: '10.0.0.7', port: 8080 }, server: { ip: '10.0.0.8', port: 443 } }), // SYN decides
    ]);
    expect(run.infos.map((i) => [i.id, `${i.client.ip}:${i.client.port}`, `${i.server.ip}:${i.server.port}`, i.midstream, i.ts])).toEqual([
      [1, '10.0.0.1:50000', '10.0.0.2:80', true, 1],
      [2, '10.0.0.9:1234', '10.0.0.2:80', false, 2],
      [3, '10.0.0.7:8080', '10.0.0.8:443', false, 3],
    ]);
  });

  it('tells apart thousands of connections reusing one 4-tuple', () => {
    const segs: TcpSegment[] = [];
    for (let i = 0; i < 2000; i++) {
      const cs = (i * 7919 * 65537) >>> 0; // a fresh ISN each time
      const ss = (cs ^ 0x5a5a5a5a) >>> 0;
      segs.push(c(cs, 0, 'S'), s(ss, cs + 1, 'SA'), c(cs + 1, ss + 1, 'A'), c(cs + 1, ss + 1, 'PA', `q${i % 10}`), s(ss + 1, cs + 3, 'PA', `r${i % 10}`));
      if (i % 3 === 0) segs.push(c(cs + 3, ss + 3, 'FA'), s(ss + 3, cs + 4, 'FA'), c(cs + 4, ss + 4, 'A'));
      else if (i % 3 === 1) segs.push(c(cs + 3, ss + 3, 'FA')); // the server's FIN was not captured
    }
    const run = play(segs);
    run.reassembler.end(1e9);
    expect(run.infos.map((i) => i.id)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(run.log.filter((l) => l.includes('close')).length).toBe(2000);
    expect(run.log.filter((l) => !l.includes('close'))).toEqual(Array.from({ length: 2000 }, (_, i) => [`${i + 1} > q${i % 10}`, `${i + 1} < r${i % 10}`]).flat());
    expect(run.counters.get('tcp.gap')).toBe(0);
    expectClosedOnce(run);
  });

  it('closes idle connections in flush, in event time', () => {
    const other = { client: { ip: '10.0.0.3', port: 40000 } };
    const run = newRun({ idleTimeoutMs: 1000 });
    const r = run.reassembler;
    r.push(c(1000, 0, 'PA', 'old', { ts: 100 }));
    r.push(c(1000, 0, 'PA', 'new', { ...other, ts: 900 }));
    r.flush(1100);
    expect(r.openConnections).toBe(2);
    r.push(c(1003, 0, 'PA', '!', { ts: 1200 })); // activity moves connection 1 behind 2
    r.flush(1950);
    expect(run.log).toEqual(['1 > old', '2 > new', '1 > !', '2 close timeout']);
    expect(r.openConnections).toBe(1);
    expect(run.counters.get('tcp.idle_timeout')).toBe(1);
    r.flush(3000);
    expect(run.log.at(-1)).toBe('1 close timeout');
    expect(run.counters.get('tcp.idle_timeout')).toBe(2);
    expectClosedOnce(run);
  });

  it('delivers in-order data as the caller’s view, without copying', () => {
    const seen: Buffer[] = [];
    const r = new TcpReassembler({ counters: new Counters(), limits: DEFAULT_LIMITS }, () => ({
      onData: (_d, data) => void seen.push(data),
      onGap: () => {},
      onClose: () => {},
    }));
    const first = c(1000, 0, 'PA', 'abcd');
    r.push(first);
    expect(seen[0]).toBe(first.payload);
  });

  it('keeps copies of out-of-order data: the caller may reuse its buffer', () => {
    const run = newRun();
    const r = run.reassembler;
    r.push(c(999, 0, 'S'));
    const later = c(1004, 0, 'PA', 'efgh');
    r.push(later);
    later.payload.fill(0x3f);
    r.push(c(1000, 0, 'PA', 'abcd'));
    expect(run.log).toEqual(['1 > abcdefgh']);
    expect(r.bufferedBytes).toBe(0);
  });

  it('reports buffered bytes and releases them', () => {
    const run = newRun();
    const r = run.reassembler;
    for (const sg of handshake()) r.push(sg);
    r.push(c(1004, 5000, 'PA', 'efgh'));
    r.push(c(1010, 5000, 'PA', 'kl'));
    expect(r.bufferedBytes).toBe(6);
    r.push(c(1000, 5000, 'PA', 'abcd'));
    expect(r.bufferedBytes).toBe(2);
    r.end(10);
    expect(r.bufferedBytes).toBe(0);
    expect(run.log).toEqual(['1 > abcdefgh', '1 > [gap 2]', '1 > kl', '1 close end']);
  });
});

// ---------------------------------------------------------------------------------------------
// Randomised checks with a seeded generator: reordering, duplicates and overlaps never change the
// bytes delivered; losses become gaps of the right size; garbage never throws.

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

function randomText(rand: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(97 + Math.floor(rand() * 26));
  return out;
}

/** Shuffles locally: each element moves at most about `window` places. */
function jumble<T>(rand: () => number, items: T[], window: number): T[] {
  const keyed = items.map((item, i) => ({ item, k: i + rand() * window }));
  return keyed.sort((a, b) => a.k - b.k).map((e) => e.item);
}

describe('TcpReassembler, randomised', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('reordering, duplicates and overlaps keep the bytes (seed %i)', (seed) => {
    const rand = rng(seed);
    const text = randomText(rand, 2000);
    const isn = Math.floor(rand() * 0x100000000) >>> 0;
    const base = (isn + 1) >>> 0;
    const segs: TcpSegment[] = [];
    for (let off = 0; off < text.length; ) {
      const len = 1 + Math.floor(rand() * 120);
      segs.push(c(base + off, 0, 'PA', text.slice(off, off + len)));
      if (rand() < 0.2) segs.push(c(base + off, 0, 'PA', text.slice(off, off + len))); // duplicate
      if (rand() < 0.2) {
        const a = Math.max(0, off - Math.floor(rand() * 50));
        segs.push(c(base + a, 0, 'PA', text.slice(a, a + 1 + Math.floor(rand() * 200)))); // overlapping copy
      }
      off += len;
    }
    const run = play([c(isn, 0, 'S'), ...jumble(rand, segs, 8)]);
    run.reassembler.end(1e9);
    expect(run.log).toEqual([`1 > ${text}`, '1 close end']);
    expect(run.counters.get('tcp.gap')).toBe(0);
    expect(run.counters.get('tcp.overlap_mismatch')).toBe(0);
    expectClosedOnce(run);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('losses become gaps of their size (seed %i)', (seed) => {
    const rand = rng(seed * 7919);
    const text = randomText(rand, 3000);
    const isn = Math.floor(rand() * 0x100000000) >>> 0;
    const base = (isn + 1) >>> 0;
    const kept: TcpSegment[] = [];
    let expected = '';
    let pendingGap = 0;
    for (let off = 0; off < text.length; ) {
      const len = 1 + Math.floor(rand() * 100);
      const piece = text.slice(off, off + len);
      if (rand() < 0.15) {
        pendingGap += piece.length;
      } else {
        kept.push(c(base + off, 0, 'PA', piece));
        if (rand() < 0.1) kept.push(c(base + off, 0, 'PA', piece));
        if (pendingGap > 0) expected += `[gap ${pendingGap}]`;
        expected += piece;
        pendingGap = 0;
      }
      off += piece.length;
    }
    const run = play([c(isn, 0, 'S'), ...jumble(rand, kept, 6)]);
    run.reassembler.end(1e9);
    const got = run.log
      .filter((l) => !l.includes('close'))
      .map((l) => l.slice('1 > '.length))
      .join('');
    expect(got).toBe(expected);
    expectClosedOnce(run);
  });

  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('garbage never throws and stays bounded (seed %i)', (seed) => {
    const rand = rng(seed * 104729);
    const limits = { maxConnBufferBytes: 300, maxGlobalBufferBytes: 1000, maxConnections: 4, idleTimeoutMs: 50 };
    const run = newRun(limits, rand() < 0.3 ? Math.floor(rand() * 500) : Infinity);
    const r = run.reassembler;
    const flagChoices = ['A', 'PA', 'S', 'SA', 'FA', 'R', 'RA', 'F', 'SF', 'SR', ''];
    const near = [0, 1, 2, 5, 100, 0xffffffff, 0xfffffff0, 0x7fffffff, 0x80000000];
    let ts = 0;
    for (let i = 0; i < 3000; i++) {
      ts += rand() * 3;
      const port = 40000 + Math.floor(rand() * 6);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
      const seq = rand() < 0.5 ? pick(near) + Math.floor(rand() * 400) : Math.floor(rand() * 0x100000000);
      const ack = rand() < 0.5 ? pick(near) + Math.floor(rand() * 400) : Math.floor(rand() * 0x100000000);
      const payload = rand() < 0.6 ? randomText(rand, Math.floor(rand() * 200)) : '';
      const sg = (rand() < 0.5 ? c : s)(seq, ack, pick(flagChoices), payload, { ts, client: { ip: '10.0.0.1', port } });
      r.push(sg);
      expect(r.bufferedBytes).toBeGreaterThanOrEqual(0);
      expect(r.bufferedBytes).toBeLessThanOrEqual(limits.maxGlobalBufferBytes);
      expect(r.openConnections).toBeLessThanOrEqual(limits.maxConnections);
      if (rand() < 0.05) r.flush(ts);
    }
    r.end(ts + 1);
    expectClosedOnce(run);
  });
});
