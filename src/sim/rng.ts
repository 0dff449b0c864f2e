/**
 * Seeded randomness for the simulator: the same seed gives the same traffic, byte for byte.
 * Every actor draws from its own stream (`rngFor(seed, 'mobile-session:42')`), so adding a
 * scenario or changing one session does not shift the numbers every other actor sees.
 *
 *   const r = rngFor(1, 'user:17');
 *   r.int(1, 6); r.pick(['a', 'b']); r.chance(0.1); r.digits(6); r.exp(30_000);
 */

import { hash32 } from '../core/hash.js';

/** FNV-1a 32 of a string, finished with a murmur-style mix so near keys give far seeds. */
export { hash32 };

/** sfc32: small, fast, passes PractRand far beyond what a traffic generator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }
  /** uniform in [0, 1) */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** pick by weight: `weighted([['a', 3], ['b', 1]])` */
  weighted<T>(xs: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of xs) total += w;
    let x = this.next() * total;
    for (const [v, w] of xs) if ((x -= w) < 0) return v;
    return xs[xs.length - 1][0];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(this.next() * 10));
    return s;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return s;
  }
  /** characters from an alphabet */
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  /** exponential with this mean (think times, inter-arrival gaps) */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** log-normal around a median with spread sigma (service times, body sizes) */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
  /** Fisher-Yates in place */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

/** The independent stream of one actor or one piece of data. */
export function rngFor(seed: number, key: string): Rng {
  return new Rng(hash32(key, hash32(String(seed))));
}
