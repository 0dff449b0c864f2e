/**
 * CaptureReader + NetDecoder over the shared corpus (../shared/corpus): every capture reads without
 * a reported problem, packet and TCP segment counts agree with tshark on a table of representative
 * files (counts recorded from `tshark -r F | wc -l`, `tshark -r F -Y tcp | wc -l` and the sum of
 * `tcp.len`), and damaged copies of every capture never throw or hang.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../test/helpers/corpus.js';
import { Counters } from '../../core/anomalies.js';
import { NetDecoder } from '../net/decoder.js';
import { DEFAULT_LIMITS } from '../types.js';
import { CaptureReader } from './reader.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(pcap|pcapng)$/.test(e)) out.push(p);
  }
  return out;
}

interface Result {
  packets: number;
  segments: number;
  payloadBytes: number;
  issues: Array<[number, string]>;
  counters: Record<string, number>;
  consumed: number;
  digest: string[];
}

/** Read and decode `input` pushed in pieces of `chunk` bytes. */
function decode(input: Buffer, chunk = 1 << 16, keepDigest = false): Result {
  const counters = new Counters();
  const r: Result = { packets: 0, segments: 0, payloadBytes: 0, issues: [], counters: {}, consumed: 0, digest: [] };
  const net = new NetDecoder({ counters, limits: DEFAULT_LIMITS }, (s) => {
    r.segments++;
    r.payloadBytes += s.payload.length;
    if (keepDigest) r.digest.push(`${s.ts} ${s.srcIp}:${s.srcPort}>${s.dstIp}:${s.dstPort} ${s.seq} ${s.ack} ${s.flags} ${s.payload.toString('base64')}`);
  });
  const reader = new CaptureReader(
    (p) => {
      r.packets++;
      net.decode(p);
    },
    (at, msg) => r.issues.push([at, msg]),
    counters,
  );
  for (let i = 0; i < input.length; i += chunk) reader.push(input.subarray(i, i + chunk));
  reader.end();
  net.flush(Number.POSITIVE_INFINITY);
  r.counters = counters.toJSON();
  r.consumed = reader.bytesConsumed;
  return r;
}

/** [file under the corpus, packets, TCP segments, TCP payload bytes] as tshark counts them. */
const TSHARK: Array<[string, number, number, number]> = [
  ['http-pcap/arkime/80211http.pcap', 26, 26, 8592], // radiotap + 802.11
  ['http-pcap/arkime/socks5-http-302-frag.pcap', 72, 14, 1361], // IPv4 fragments
  ['http-pcap/arkime/v6-http.pcap', 55, 10, 2499], // IPv6 with hop-by-hop ICMPv6, mDNS
  ['http-pcap/arkime/http-empty-useragent.pcap', 16, 16, 604], // BSD null, IPv6
  ['http-pcap/suricata-verify/tests/bug-4810/pppoe-session-http.pcap', 30, 30, 15508], // PPPoE, 1-byte PPP protocol
  ['http-pcap/suricata-verify/tests/bug-814/input.pcap', 7, 7, 149], // VLAN, IPv6
  ['http-pcap/suricata-verify/tests/bug-3844/input.pcap', 8, 8, 20], // VLAN, IPv4
  ['http-pcap/suricata-verify/tests/security-4710-01/input.pcap', 12, 12, 714], // Linux SLL
  ['http-pcap/suricata-verify/tests/decode-chdlc-01/hdlc-http_1tx.pcap', 17, 17, 9550], // Cisco HDLC
  ['http-pcap/suricata-verify/tests/decode-teredo-01/input.pcap', 78, 33, 5346], // Teredo (UDP) beside TCP
  ['http-pcap/zeek/traces/nflog-http.pcap', 13, 13, 1682], // NFLOG
  ['http-pcap/zeek/traces/tcp-http-with-padding.pcap', 25, 25, 207], // Ethernet padding
  ['http-pcap/zeek/traces/wikipedia.pcap', 136, 78, 13807],
  ['http-pcap/zeek/traces/http/261/variant-01-chunk_2pow64_overflow.pcap', 8, 8, 135], // raw IPv4 (228)
  ['http-pcap/zeek/traces/http/cooper-grill-dvwa.pcapng', 64, 48, 16649], // pcapng, ns resolution
  ['http-pcap/zeek/traces/http/zeek-image-1080-80-x.pcapng', 17, 17, 6137], // pcapng, default µs
  ['api-pcap/grpc-packt/unary.pcapng', 4318, 4306, 52447], // pcapng, BSD null, IPv6
];

describe.skipIf(!haveCorpus)('corpus captures', () => {
  const files = haveCorpus ? [...walk(corpusPath('http-pcap')), ...walk(corpusPath('api-pcap'))] : [];

  it('every capture reads without a reported problem or a malformed header', () => {
    expect(files.length).toBeGreaterThan(600);
    const failures: string[] = [];
    for (const f of files) {
      const input = readFileSync(f);
      const r = decode(input);
      const odd = Object.keys(r.counters).filter((k) => !['net.packets', 'net.tcp_segments', 'net.non_tcp', 'capture.snaplen_cut'].includes(k));
      if (r.issues.length > 0 || odd.length > 0 || r.consumed !== input.length || r.packets === 0) {
        failures.push(`${path.relative(corpusPath(), f)}: ${JSON.stringify(r.issues)} ${JSON.stringify(r.counters)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(TSHARK)('%s: %i packets, %i TCP segments, %i payload bytes (tshark)', (file, packets, segments, payloadBytes) => {
    const r = decode(readFileSync(corpusPath(file)));
    expect(r.issues).toEqual([]);
    expect([r.packets, r.segments, r.payloadBytes]).toEqual([packets, segments, payloadBytes]);
    expect(r.counters['net.packets']).toBe(packets);
    expect(r.counters['net.tcp_segments']).toBe(segments);
  });

  it.each(TSHARK.slice(0, 6).map((t) => t[0]).concat('http-pcap/zeek/traces/http/cooper-grill-dvwa.pcapng'))(
    '%s: pushed byte by byte gives the same segments',
    (file) => {
      const input = readFileSync(corpusPath(file));
      expect(decode(input, 1, true)).toEqual(decode(input, input.length, true));
    },
  );
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe.skipIf(!haveCorpus)('damaged corpus captures', () => {
  const files = haveCorpus ? [...walk(corpusPath('http-pcap')), ...walk(corpusPath('api-pcap'))] : [];

  it('a truncated capture yields a prefix of the packets and at most one problem', () => {
    const r = rng(20261122);
    for (const f of files) {
      const input = readFileSync(f);
      const whole = decode(input, input.length, true);
      const cut = 1 + Math.floor(r() * (input.length - 1));
      const part = decode(input.subarray(0, cut), 1 + Math.floor(r() * 9000), true);
      expect(part.issues.length, f).toBeLessThanOrEqual(1);
      expect(part.packets).toBeLessThanOrEqual(whole.packets);
      // a fragment set or a segment may end differently at the cut, everything before it is the same
      const n = Math.max(0, part.digest.length - 1);
      expect(part.digest.slice(0, n), f).toEqual(whole.digest.slice(0, n));
    }
  });

  it('bit flips and spliced garbage never throw or hang, and problems are reported with offsets inside the input', () => {
    const r = rng(7);
    let cases = 0;
    for (const f of files) {
      const input = Buffer.from(readFileSync(f));
      const flips = 1 + Math.floor(r() * 40);
      for (let i = 0; i < flips; i++) {
        const at = 4 + Math.floor(r() * (input.length - 4));
        input[at] ^= 1 << Math.floor(r() * 8);
      }
      const junkAt = Math.floor(r() * input.length);
      const junk = Buffer.alloc(Math.floor(r() * 300));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
      for (const variant of [input, Buffer.concat([input.subarray(0, junkAt), junk, input.subarray(junkAt)])]) {
        const out = decode(variant, 1 + Math.floor(r() * 20_000));
        for (const [at] of out.issues) expect(at).toBeLessThanOrEqual(variant.length);
        expect(out.consumed).toBeLessThanOrEqual(variant.length);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });
});
