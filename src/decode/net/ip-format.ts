/**
 * IP address text for TcpSegments: IPv4 dotted quads and IPv6 in the RFC 5952 canonical form
 * (lower-case hex, no leading zeros, the longest run of two or more zero groups — the first when
 * tied — as `::`, and IPv4-mapped addresses as `::ffff:a.b.c.d`, §5).
 *
 *   formatIPv6(Buffer.from('20010db8000000000000000000000001', 'hex'), 0)  // '2001:db8::1'
 *
 * A capture repeats the same few addresses in almost every packet, so both formatters keep a
 * small direct-mapped cache of recent results: a hit costs a hash and a compare, no allocation.
 */

const V4_SLOTS = 4096;
const v4Keys = new Int32Array(V4_SLOTS);
const v4Strs: (string | undefined)[] = new Array<string | undefined>(V4_SLOTS).fill(undefined);

/** The dotted-quad text of the IPv4 address at `b[o, o + 4)`. */
export function formatIPv4(b: Buffer, o: number): string {
  const a0 = b[o];
  const a1 = b[o + 1];
  const a2 = b[o + 2];
  const a3 = b[o + 3];
  const key = (a0 << 24) | (a1 << 16) | (a2 << 8) | a3;
  const slot = Math.imul(key, 0x9e3779b1) >>> 20;
  const hit = v4Strs[slot];
  if (hit !== undefined && v4Keys[slot] === key) return hit;
  const s = `${a0}.${a1}.${a2}.${a3}`;
  v4Keys[slot] = key;
  v4Strs[slot] = s;
  return s;
}

const V6_SLOTS = 4096;
const v6Keys = new Int32Array(V6_SLOTS * 4);
const v6Strs: (string | undefined)[] = new Array<string | undefined>(V6_SLOTS).fill(undefined);

function word(b: Buffer, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

/** The RFC 5952 text of the IPv6 address at `b[o, o + 16)`. */
export function formatIPv6(b: Buffer, o: number): string {
  const w0 = word(b, o);
  const w1 = word(b, o + 4);
  const w2 = word(b, o + 8);
  const w3 = word(b, o + 12);
  const slot = Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 0x9e3779b1), 0x85ebca6b) >>> 20;
  const hit = v6Strs[slot];
  const k = slot << 2;
  if (hit !== undefined && v6Keys[k] === w0 && v6Keys[k + 1] === w1 && v6Keys[k + 2] === w2 && v6Keys[k + 3] === w3) return hit;
  const s = ipv6Text(b, o);
  v6Keys[k] = w0;
  v6Keys[k + 1] = w1;
  v6Keys[k + 2] = w2;
  v6Keys[k + 3] = w3;
  v6Strs[slot] = s;
  return s;
}

function ipv6Text(b: Buffer, o: number): string {
  const g = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i] << 8) | b[o + 2 * i + 1];
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${b[o + 12]}.${b[o + 13]}.${b[o + 14]}.${b[o + 15]}`;
  }
  // the longest run of zero groups (first one when tied); a single zero group stays "0"
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestAt) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (s.length > 0 && !s.endsWith(':')) s += ':';
    s += g[i].toString(16);
  }
  return s;
}
