/**
 * LZMA ("LZMA alone", the .lzma format: 13-byte header, then the range-coded stream), for
 * `Content-Encoding: lzma`, which libhtp decodes and HTTP evasions use. Node's zlib has no LZMA.
 * Synchronous, pure JS, bounded: at most `cap` output bytes, and the work is proportional to the
 * output. Lenient like the zlib decoders here: a truncated or broken stream yields what decoded
 * before the break.
 * Written here because the npm packages for it are either native (no prebuilt binaries here),
 * .xz-only WebAssembly, or unmaintained and without an output cap (lzma 2.3.2): none decodes a
 * hostile stream synchronously with bounded output, which a monitor on untrusted traffic needs.
 *
 *   lzmaDecode(body, 1 << 20) // → { data, truncated: false, complete: true }, or null: no LZMA header
 */

export interface LzmaResult {
  data: Buffer;
  /** output reached `cap` */
  truncated: boolean;
  /** the stream ended properly (end marker, or the declared size reached) */
  complete: boolean;
}

const HEADER = 13;
const PROB_INIT = 1024;
const NUM_STATES = 12;
const POS_STATES_MAX = 16;
const END_POS_MODEL = 14;
const FULL_DISTANCES = 128;
const MATCH_MIN_LEN = 2;

/** Input ran out in the middle of the stream. */
class OutOfInput extends Error {}
/** The stream contradicts itself (a distance before the start, a byte after the declared end). */
class Corrupt extends Error {}
/** The output reached the cap. */
class Full extends Error {}

class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  pos: number;

  constructor(
    private readonly buf: Buffer,
    start: number,
  ) {
    this.pos = start;
    if (this.byte() !== 0) throw new Corrupt();
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.byte()) >>> 0;
    if (this.code === this.range) throw new Corrupt();
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new OutOfInput();
    return this.buf[this.pos++];
  }

  get finishedOk(): boolean {
    return this.code === 0;
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i];
    const bound = (this.range >>> 11) * p;
    let b: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      this.range -= bound;
      this.code -= bound;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    if (this.range < 0x1000000) {
      this.range = (this.range * 256) >>> 0;
      this.code = ((this.code * 256) >>> 0) + this.byte();
      this.code >>>= 0;
    }
    return b;
  }

  direct(n: number): number {
    let r = 0;
    for (let i = 0; i < n; i++) {
      this.range >>>= 1;
      let b = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        b = 1;
      }
      r = r * 2 + b;
      if (this.range < 0x1000000) {
        this.range = (this.range * 256) >>> 0;
        this.code = (((this.code * 256) >>> 0) + this.byte()) >>> 0;
      }
    }
    return r;
  }

  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) + this.bit(probs, base + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) + b;
      sym |= b << i;
    }
    return sym;
  }
}

class LenDecoder {
  /** choice, choice2, low[16][8], mid[16][8], high[256] */
  readonly probs = new Uint16Array(2 + POS_STATES_MAX * 8 * 2 + 256).fill(PROB_INIT);

  decode(rc: RangeDecoder, posState: number): number {
    const p = this.probs;
    if (rc.bit(p, 0) === 0) return rc.tree(p, 2 + posState * 8, 3);
    if (rc.bit(p, 1) === 0) return 8 + rc.tree(p, 2 + POS_STATES_MAX * 8 + posState * 8, 3);
    return 16 + rc.tree(p, 2 + POS_STATES_MAX * 16, 8);
  }
}

/** Does `b` start with a plausible LZMA-alone header? */
export function isLzmaAlone(b: Buffer): boolean {
  return b.length >= HEADER + 5 && b[0] < 225 && b[HEADER] === 0;
}

/** Decode an LZMA-alone stream; null when `input` has no LZMA header. */
export function lzmaDecode(input: Buffer, cap: number): LzmaResult | null {
  if (!isLzmaAlone(input)) return null;
  let d = input[0];
  const lc = d % 9;
  d = (d / 9) | 0;
  const lp = d % 5;
  const pb = (d / 5) | 0;
  const dictSize = Math.max(input.readUInt32LE(1), 1 << 12);
  const sizeLo = input.readUInt32LE(5);
  const sizeHi = input.readUInt32LE(9);
  const sizeKnown = !(sizeLo === 0xffffffff && sizeHi === 0xffffffff);
  const declared = sizeHi * 2 ** 32 + sizeLo;
  const limit = sizeKnown ? Math.min(declared, cap) : cap;

  let out = Buffer.allocUnsafe(Math.min(limit, Math.max(4096, input.length * 8)));
  let n = 0;
  const put = (c: number): void => {
    if (n >= limit) throw new Full();
    if (n === out.length) {
      const next = Buffer.allocUnsafe(Math.min(limit, out.length * 2));
      out.copy(next, 0, 0, n);
      out = next;
    }
    out[n++] = c;
  };

  let complete = false;
  try {
    const rc = new RangeDecoder(input, HEADER);
    const literals = new Uint16Array(0x300 << (lc + lp)).fill(PROB_INIT);
    const isMatch = new Uint16Array(NUM_STATES << 4).fill(PROB_INIT);
    const isRep = new Uint16Array(NUM_STATES).fill(PROB_INIT);
    const isRepG0 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
    const isRepG1 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
    const isRepG2 = new Uint16Array(NUM_STATES).fill(PROB_INIT);
    const isRep0Long = new Uint16Array(NUM_STATES << 4).fill(PROB_INIT);
    const posSlot = new Uint16Array(4 << 6).fill(PROB_INIT);
    const posSpecial = new Uint16Array(1 + FULL_DISTANCES - END_POS_MODEL).fill(PROB_INIT);
    const align = new Uint16Array(1 << 4).fill(PROB_INIT);
    const lenDec = new LenDecoder();
    const repLenDec = new LenDecoder();
    const pbMask = (1 << pb) - 1;
    const lpMask = (1 << lp) - 1;
    let state = 0;
    let rep0 = 0;
    let rep1 = 0;
    let rep2 = 0;
    let rep3 = 0;

    for (;;) {
      if (sizeKnown && n >= declared && rc.finishedOk) {
        complete = true;
        break;
      }
      const posState = n & pbMask;
      if (rc.bit(isMatch, (state << 4) + posState) === 0) {
        if (sizeKnown && n >= declared) throw new Corrupt();
        const prev = n > 0 ? out[n - 1] : 0;
        const base = 0x300 * (((n & lpMask) << lc) + (prev >>> (8 - lc)));
        let sym = 1;
        if (state >= 7) {
          let match = out[n - rep0 - 1];
          do {
            const mb = (match >>> 7) & 1;
            match <<= 1;
            const b = rc.bit(literals, base + ((1 + mb) << 8) + sym);
            sym = (sym << 1) | b;
            if (mb !== b) break;
          } while (sym < 0x100);
        }
        while (sym < 0x100) sym = (sym << 1) | rc.bit(literals, base + sym);
        put(sym - 0x100);
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (rc.bit(isRep, state) !== 0) {
        if (n === 0) throw new Corrupt();
        if (rc.bit(isRepG0, state) === 0) {
          if (rc.bit(isRep0Long, (state << 4) + posState) === 0) {
            state = state < 7 ? 9 : 11;
            put(out[n - rep0 - 1]);
            continue;
          }
        } else {
          let dist: number;
          if (rc.bit(isRepG1, state) === 0) dist = rep1;
          else {
            if (rc.bit(isRepG2, state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = repLenDec.decode(rc, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = lenDec.decode(rc, posState);
        state = state < 7 ? 7 : 10;
        // the distance
        const slot = rc.tree(posSlot, (len < 3 ? len : 3) << 6, 6);
        if (slot < 4) rep0 = slot;
        else {
          const direct = (slot >>> 1) - 1;
          let dist = (2 + (slot & 1)) * 2 ** direct;
          if (slot < END_POS_MODEL) dist += rc.reverseTree(posSpecial, dist - slot, direct);
          else dist += rc.direct(direct - 4) * 16 + rc.reverseTree(align, 0, 4);
          rep0 = dist;
        }
        if (rep0 === 0xffffffff) {
          complete = rc.finishedOk; // the end marker
          break;
        }
        if (rep0 >= dictSize || rep0 >= n) throw new Corrupt();
      }
      len += MATCH_MIN_LEN;
      if (sizeKnown && n >= declared) throw new Corrupt();
      for (let k = 0; k < len; k++) {
        if (sizeKnown && n >= declared) break;
        put(out[n - rep0 - 1]);
      }
    }
  } catch (e) {
    if (e instanceof Full) return { data: out.subarray(0, n), truncated: true, complete: false };
    if (!(e instanceof OutOfInput) && !(e instanceof Corrupt)) throw e;
  }
  return { data: out.subarray(0, n), truncated: false, complete };
}
