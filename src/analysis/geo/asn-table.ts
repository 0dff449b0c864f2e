/**
 * IP → autonomous system from the range CSVs of `@ip-location-db/asn` (`start,end,asn,org` with
 * addresses as decimal integers: `asn-ipv4-num.csv`, `asn-ipv6-num.csv`), held as sorted typed
 * arrays and searched by bisection. Organisation names are stored once each (some 80,000 names
 * for 500,000 ranges). Parsing works on the file bytes, so no row string is kept alive.
 *
 *   const t = AsnTable.parse(readFileSync('asn-ipv4-num.csv'), readFileSync('asn-ipv6-num.csv'));
 *   t.lookupV4(ipv4ToNumber('8.8.8.8')!)   // { asn: 15169, asOrg: 'Google LLC' }
 */
import { ipv4ToNumber, ipv6ToHalves } from './ip.js';

export interface AsnAnswer {
  asn: number;
  asOrg?: string;
}

const COMMA = 44;
const QUOTE = 34;
const NL = 10;
const CR = 13;

interface Row {
  /** byte offsets of the four fields' starts and ends */
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  g: number;
  h: number;
  next: number;
}

/** One CSV line at `pos`: three unquoted fields, then the organisation (maybe quoted, `""` inside). */
function readRow(buf: Buffer, pos: number, row: Row): boolean {
  const n = buf.length;
  let i = pos;
  const field = (): [number, number] => {
    const s = i;
    while (i < n && buf[i] !== COMMA && buf[i] !== NL) i++;
    const e = i;
    if (buf[i] === COMMA) i++;
    return [s, e];
  };
  [row.a, row.b] = field();
  [row.c, row.d] = field();
  [row.e, row.f] = field();
  if (buf[i] === QUOTE) {
    row.g = ++i;
    while (i < n && !(buf[i] === QUOTE && buf[i + 1] !== QUOTE)) i += buf[i] === QUOTE ? 2 : 1;
    row.h = i;
    while (i < n && buf[i] !== NL) i++;
  } else {
    row.g = i;
    while (i < n && buf[i] !== NL) i++;
    row.h = i > row.g && buf[i - 1] === CR ? i - 1 : i;
  }
  row.next = i + 1;
  return row.b > row.a && row.d > row.c && row.f > row.e;
}

function decimal(buf: Buffer, s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** A number field, also accepting dotted IPv4 (the non-`-num` CSV), so either file works. */
function v4Field(buf: Buffer, s: number, e: number): number {
  const n = decimal(buf, s, e);
  return Number.isNaN(n) ? (ipv4ToNumber(buf.toString('latin1', s, e)) ?? NaN) : n;
}

const MASK64 = (1n << 64n) - 1n;

function v6Field(buf: Buffer, s: number, e: number): [bigint, bigint] | undefined {
  const text = buf.toString('latin1', s, e);
  if (text.includes(':')) return ipv6ToHalves(text);
  if (!/^\d{1,39}$/.test(text)) return undefined;
  const v = BigInt(text);
  return [(v >> 64n) & MASK64, v & MASK64];
}

class Names {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  private lastAsn = -1;
  private lastName = -1;
  private lastBuf: Buffer | undefined;
  private lastS = 0;
  private lastE = 0;

  /** the id of the organisation at bytes s..e (rows of one AS mostly come together, so the last one is tried first) */
  id(buf: Buffer, s: number, e: number, asn: number): number {
    if (e <= s) return -1;
    if (asn === this.lastAsn && buf === this.lastBuf && e - s === this.lastE - this.lastS && buf.compare(buf, this.lastS, this.lastE, s, e) === 0) return this.lastName;
    let name = buf.toString('utf8', s, e);
    if (name.includes('""')) name = name.replace(/""/g, '"');
    let k = this.index.get(name);
    if (k === undefined) {
      k = this.list.length;
      this.list.push(name);
      this.index.set(name, k);
    }
    this.lastAsn = asn;
    this.lastName = k;
    this.lastBuf = buf;
    this.lastS = s;
    this.lastE = e;
    return k;
  }
}

function grow<T extends Uint32Array | BigUint64Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a as never);
  return b;
}

export class AsnTable {
  private constructor(
    private readonly v4start: Uint32Array,
    private readonly v4end: Uint32Array,
    private readonly v4asn: Uint32Array,
    private readonly v4org: Int32Array,
    /** v6 bounds as [high, low] pairs: element 2k is the high half of row k */
    private readonly v6start: BigUint64Array,
    private readonly v6end: BigUint64Array,
    private readonly v6asn: Uint32Array,
    private readonly v6org: Int32Array,
    private readonly names: readonly string[],
  ) {}

  get sizes(): { v4: number; v6: number; orgs: number } {
    return { v4: this.v4asn.length, v6: this.v6asn.length, orgs: this.names.length };
  }

  /** Parse both CSVs (bad rows are skipped; unsorted input is sorted). */
  static parse(v4csv: Buffer | undefined, v6csv: Buffer | undefined): AsnTable {
    const names = new Names();
    const row: Row = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0, next: 0 };

    let n4 = 0;
    let s4 = new Uint32Array(1 << 16);
    let e4 = new Uint32Array(1 << 16);
    let a4 = new Uint32Array(1 << 16);
    let o4 = new Uint32Array(1 << 16);
    for (let pos = 0; v4csv && pos < v4csv.length; pos = row.next) {
      if (!readRow(v4csv, pos, row)) continue;
      const s = v4Field(v4csv, row.a, row.b);
      const e = v4Field(v4csv, row.c, row.d);
      const asn = decimal(v4csv, row.e, row.f);
      if (!(s <= e) || e > 0xffffffff || Number.isNaN(asn)) continue;
      s4 = grow(s4, n4 + 1);
      e4 = grow(e4, n4 + 1);
      a4 = grow(a4, n4 + 1);
      o4 = grow(o4, n4 + 1);
      s4[n4] = s;
      e4[n4] = e;
      a4[n4] = asn;
      o4[n4] = names.id(v4csv, row.g, row.h, asn) + 1;
      n4++;
    }

    let n6 = 0;
    let s6 = new BigUint64Array(1 << 15);
    let e6 = new BigUint64Array(1 << 15);
    let a6 = new Uint32Array(1 << 14);
    let o6 = new Uint32Array(1 << 14);
    for (let pos = 0; v6csv && pos < v6csv.length; pos = row.next) {
      if (!readRow(v6csv, pos, row)) continue;
      const s = v6Field(v6csv, row.a, row.b);
      const e = v6Field(v6csv, row.c, row.d);
      const asn = decimal(v6csv, row.e, row.f);
      if (!s || !e || Number.isNaN(asn) || s[0] > e[0] || (s[0] === e[0] && s[1] > e[1])) continue;
      s6 = grow(s6, 2 * n6 + 2);
      e6 = grow(e6, 2 * n6 + 2);
      a6 = grow(a6, n6 + 1);
      o6 = grow(o6, n6 + 1);
      s6[2 * n6] = s[0];
      s6[2 * n6 + 1] = s[1];
      e6[2 * n6] = e[0];
      e6[2 * n6 + 1] = e[1];
      a6[n6] = asn;
      o6[n6] = names.id(v6csv, row.g, row.h, asn) + 1;
      n6++;
    }

    const v4 = sortedV4(s4.subarray(0, n4), e4.subarray(0, n4), a4.subarray(0, n4), o4.subarray(0, n4));
    const v6 = sortedV6(s6.subarray(0, 2 * n6), e6.subarray(0, 2 * n6), a6.subarray(0, n6), o6.subarray(0, n6));
    // org ids were stored +1 so that 0 means "no name"; shift back into signed arrays
    return new AsnTable(v4[0], v4[1], v4[2], toOrg(v4[3]), v6[0], v6[1], v6[2], toOrg(v6[3]), names.list);
  }

  lookupV4(ip: number): AsnAnswer | undefined {
    let lo = 0;
    let hi = this.v4start.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.v4start[mid]! <= ip) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || this.v4end[found]! < ip) return undefined;
    return this.answer(this.v4asn[found]!, this.v4org[found]!);
  }

  lookupV6(hiPart: bigint, loPart: bigint): AsnAnswer | undefined {
    const s = this.v6start;
    let lo = 0;
    let hi = this.v6asn.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const h = s[2 * mid]!;
      if (h < hiPart || (h === hiPart && s[2 * mid + 1]! <= loPart)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const eh = this.v6end[2 * found]!;
    if (eh < hiPart || (eh === hiPart && this.v6end[2 * found + 1]! < loPart)) return undefined;
    return this.answer(this.v6asn[found]!, this.v6org[found]!);
  }

  /** An address in either family. */
  lookup(ip: string): AsnAnswer | undefined {
    const v4 = ipv4ToNumber(ip);
    if (v4 !== undefined) return this.lookupV4(v4);
    const v6 = ipv6ToHalves(ip);
    return v6 ? this.lookupV6(v6[0], v6[1]) : undefined;
  }

  private answer(asn: number, org: number): AsnAnswer {
    const name = org >= 0 ? this.names[org] : undefined;
    return name ? { asn, asOrg: name } : { asn };
  }
}

function toOrg(a: Uint32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - 1;
  return out;
}

function sortedV4(s: Uint32Array, e: Uint32Array, a: Uint32Array, o: Uint32Array): [Uint32Array, Uint32Array, Uint32Array, Uint32Array] {
  let ordered = true;
  for (let i = 1; i < s.length && ordered; i++) ordered = s[i - 1]! <= s[i]!;
  if (ordered) return [s.slice(), e.slice(), a.slice(), o.slice()];
  const idx = Array.from(s.keys()).sort((x, y) => s[x]! - s[y]!);
  const pick = (src: Uint32Array): Uint32Array => Uint32Array.from(idx, (k) => src[k]!);
  return [pick(s), pick(e), pick(a), pick(o)];
}

function sortedV6(s: BigUint64Array, e: BigUint64Array, a: Uint32Array, o: Uint32Array): [BigUint64Array, BigUint64Array, Uint32Array, Uint32Array] {
  const n = a.length;
  const before = (x: number, y: number): number => (s[2 * x]! !== s[2 * y]! ? (s[2 * x]! < s[2 * y]! ? -1 : 1) : s[2 * x + 1]! < s[2 * y + 1]! ? -1 : s[2 * x + 1]! > s[2 * y + 1]! ? 1 : 0);
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) ordered = before(i - 1, i) <= 0;
  if (ordered) return [s.slice(), e.slice(), a.slice(), o.slice()];
  const idx = Array.from({ length: n }, (_, k) => k).sort(before);
  const pairs = (src: BigUint64Array): BigUint64Array => {
    const out = new BigUint64Array(2 * n);
    idx.forEach((k, i) => {
      out[2 * i] = src[2 * k]!;
      out[2 * i + 1] = src[2 * k + 1]!;
    });
    return out;
  };
  return [pairs(s), pairs(e), Uint32Array.from(idx, (k) => a[k]!), Uint32Array.from(idx, (k) => o[k]!)];
}
