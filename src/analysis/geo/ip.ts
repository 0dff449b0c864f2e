/**
 * Address parsing for the geo tables: IPv4 as an unsigned 32-bit number, IPv6 as two unsigned
 * 64-bit halves (BigInt). Untrusted input returns undefined.
 *
 *   ipv4ToNumber('8.8.8.8')                 // 134744072
 *   ipv6ToHalves('2001:db8::1')             // [0x20010db800000000n, 1n]
 *   unmapIPv4('::ffff:8.8.8.8')             // '8.8.8.8'
 */
import { isIP } from 'node:net';

export function ipv4ToNumber(ip: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return n * 256 + part;
}

const MASK64 = (1n << 64n) - 1n;

/** The 16 bytes of an IPv6 address (with an optional embedded IPv4 tail), as [high, low] 64-bit halves. */
export function ipv6ToHalves(ip: string): [bigint, bigint] | undefined {
  if (isIP(ip) !== 6) return undefined;
  const zone = ip.indexOf('%');
  let s = zone >= 0 ? ip.slice(0, zone) : ip;
  const words: number[] = [];
  const tailV4 = s.includes('.') ? s.slice(s.lastIndexOf(':') + 1) : undefined;
  if (tailV4 !== undefined) {
    const v4 = ipv4ToNumber(tailV4);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, s.length - tailV4.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const dbl = s.indexOf('::');
  const head = dbl >= 0 ? s.slice(0, dbl) : s;
  const tail = dbl >= 0 ? s.slice(dbl + 2) : '';
  const hw = head ? head.split(':').map((w) => parseInt(w, 16)) : [];
  const tw = tail ? tail.split(':').map((w) => parseInt(w, 16)) : [];
  words.push(...hw);
  for (let k = hw.length + tw.length; k < 8; k++) words.push(0);
  words.push(...tw);
  if (words.length !== 8) return undefined;
  let hi = 0n;
  let lo = 0n;
  for (let k = 0; k < 4; k++) hi = (hi << 16n) | BigInt(words[k]!);
  for (let k = 4; k < 8; k++) lo = (lo << 16n) | BigInt(words[k]!);
  return [hi & MASK64, lo & MASK64];
}

/** `::ffff:1.2.3.4` (IPv4-mapped, how dual-stack sockets report v4 peers) → `1.2.3.4`; anything else unchanged. */
export function unmapIPv4(ip: string): string {
  return ip.length > 7 && (ip.startsWith('::ffff:') || ip.startsWith('::FFFF:')) && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

