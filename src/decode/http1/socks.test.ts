import { describe, expect, it } from 'vitest';
import { SOCKS_FAILED, SOCKS_PENDING, SocksHandshake } from './socks.js';

const b = (...parts: (number[] | string)[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const HTTP = 'GET / HTTP/1.1\r\n';
const RESP = 'HTTP/1.1 200 OK\r\n';

/** client bytes, server bytes; what is left of each after the handshake (or SOCKS_FAILED) */
const cases: [string, Buffer, Buffer, string | number, string | number][] = [
  ['SOCKS4 connect', b([4, 1, 0, 80, 93, 184, 216, 119], 'user\0', HTTP), b([0, 0x5a, 0, 80, 10, 0, 0, 1], RESP), HTTP, RESP],
  ['SOCKS4a (domain)', b([4, 1, 0, 80, 0, 0, 0, 1], '\0', 'example.com\0', HTTP), b([0, 0x5a, 0, 0, 0, 0, 0, 0], RESP), HTTP, RESP],
  ['SOCKS4 refused', b([4, 1, 0, 80, 1, 2, 3, 4], '\0'), b([0, 0x5b, 0, 0, 0, 0, 0, 0]), '', SOCKS_FAILED],
  [
    'SOCKS5, no auth, domain',
    b([5, 1, 0], [5, 1, 0, 3, 14], 'www.google.com', [0, 80], HTTP),
    b([5, 0], [5, 0, 0, 1, 10, 0, 0, 2, 0, 80], RESP),
    HTTP,
    RESP,
  ],
  [
    'SOCKS5, username/password, IPv4',
    b([5, 2, 0, 2], [1, 4], 'user', [4], 'pass', [5, 1, 0, 1, 93, 184, 216, 119, 0, 80], HTTP),
    b([5, 2], [1, 0], [5, 0, 0, 1, 10, 0, 0, 2, 0x81, 0xbe], RESP),
    HTTP,
    RESP,
  ],
  ['SOCKS5, IPv6', b([5, 1, 0], [5, 1, 0, 4], Buffer.alloc(16).toString('latin1'), [0, 80], HTTP), b([5, 0], [5, 0, 0, 4], Buffer.alloc(18).toString('latin1'), RESP), HTTP, RESP],
  ['SOCKS5, no acceptable method', b([5, 2, 0, 1]), b([5, 0xff]), SOCKS_PENDING, SOCKS_FAILED],
  ['SOCKS5, bad password', b([5, 1, 2], [1, 1], 'u', [1], 'p'), b([5, 2], [1, 1]), SOCKS_PENDING, SOCKS_FAILED],
  ['no SOCKS client after all', b([5, 0, 0]), b(''), SOCKS_FAILED, SOCKS_PENDING],
];

function feedAll(s: SocksHandshake, dir: 0 | 1, data: Buffer, piece: number): string | number {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += piece) {
    const r = s.feed(dir, data.subarray(i, i + piece));
    if (r === SOCKS_FAILED) return SOCKS_FAILED;
    if (r !== SOCKS_PENDING) out.push(r);
  }
  if (data.length === 0) return SOCKS_PENDING;
  return out.length === 0 ? SOCKS_PENDING : Buffer.concat(out).toString('latin1');
}

describe('SocksHandshake', () => {
  it.each(cases)('%s', (_name, client, server, wantClient, wantServer) => {
    for (const piece of [1, 3, 1000]) {
      const s = SocksHandshake.detect(client)!;
      expect([feedAll(s, 0, client, piece), feedAll(s, 1, server, piece)]).toEqual([wantClient, wantServer]);
      if (typeof wantClient === 'string' && typeof wantServer === 'string') expect(s.complete).toBe(true);
    }
  });

  it('is detected by the version byte only', () => {
    expect([SocksHandshake.detect(Buffer.from([4]))?.version, SocksHandshake.detect(Buffer.from([5, 1]))?.version, SocksHandshake.detect(Buffer.from('GET '))]).toEqual([4, 5, null]);
  });

  it('gives up on a handshake that never ends', () => {
    const s = SocksHandshake.detect(Buffer.from([4]))!;
    expect(s.feed(0, Buffer.concat([Buffer.from([4, 1, 0, 80, 1, 2, 3, 4]), Buffer.alloc(2000, 0x41)]))).toBe(SOCKS_FAILED);
  });
});
