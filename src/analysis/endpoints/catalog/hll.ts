/**
 * Distinct-count estimate in 512 bytes (HyperLogLog, 2^9 registers, ~4.6 % standard error; exact
 * enough below a few hundred through linear counting), exact and smaller while under 32 values. Hand-written: the npm implementations are
 * either unmaintained or far larger than these forty lines, and the registers must serialise into
 * the store and merge when endpoints merge.
 */
import { hash32 } from '../../../core/hash.js';
const P = 9;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);
/** 2^-r for every register value (counting is called per judgement: no Math.pow in the loop) */
const INV_POW2 = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);


/** distinct hashes kept exactly before switching to registers (most endpoints see few clients) */
const SMALL = 32;

export class Hll {
  private regs: Uint8Array | undefined;
  /** exact mode: the distinct hashes seen, until SMALL */
  private small: number[] | undefined;

  constructor(reg?: Uint8Array) {
    if (reg) this.regs = reg;
    else this.small = [];
  }

  /** the registers (switches to register mode) */
  get reg(): Uint8Array {
    if (!this.regs) {
      this.regs = new Uint8Array(M);
      for (const h of this.small!) this.addHash(h);
      this.small = undefined;
    }
    return this.regs;
  }

  add(value: string): void {
    const h = hash32(value);
    const small = this.small;
    if (small) {
      if (small.includes(h)) return;
      if (small.length < SMALL) {
        small.push(h);
        return;
      }
    }
    this.addHash(h);
  }

  private addHash(h: number): void {
    const reg = this.reg;
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > reg[idx]!) reg[idx] = rank;
  }

  merge(o: Hll): void {
    if (o.small) {
      for (const h of o.small) {
        if (this.small?.includes(h)) continue;
        if (this.small && this.small.length < SMALL) this.small.push(h);
        else this.addHash(h);
      }
      return;
    }
    const mine = this.reg;
    const theirs = o.reg;
    for (let i = 0; i < M; i++) if (theirs[i]! > mine[i]!) mine[i] = theirs[i]!;
  }

  count(): number {
    if (this.small) return this.small.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.reg[i]!;
      sum += INV_POW2[r]!;
      if (r === 0) zeros++;
    }
    const e = (ALPHA * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(e);
  }

  /** `s:<hex hashes>` in exact mode, else the registers in base64 */
  toBase64(): string {
    if (this.small) return `s:${this.small.map((h) => h.toString(16)).join(',')}`;
    return Buffer.from(this.reg).toString('base64');
  }

  static fromBase64(s: string | undefined): Hll {
    if (!s) return new Hll();
    if (s.startsWith('s:')) {
      const h = new Hll();
      for (const x of s.slice(2).split(',')) if (x) h.small!.push(Number.parseInt(x, 16) >>> 0);
      return h;
    }
    const b = Buffer.from(s, 'base64');
    return b.length === M ? new Hll(new Uint8Array(b)) : new Hll();
  }
}
