/**
 * The keyed digest of a value (trace-digest.ts says what it is for), in a module of its own that
 * needs nothing but node:crypto: the digest worker (src/pipeline/digest-worker.ts) loads only this.
 *
 * The digest is HMAC-SHA-256 (RFC 2104) cut to 16 bytes. `digestAll`, which digests every value
 * of the leak-trace index at an input's commit (~330,000 on the bench capture), computes it here
 * for short ASCII values (every ID, mobile and card number: one SHA-256 block each) from the key's
 * inner and outer pad states, hashed once in the constructor (RFC 2104 §4): two compressions a
 * value and no allocation. Node's `createHmac` makes an object, re-keys it and crosses into C++
 * for every value: 2.3–2.5 µs a value on the development machine against 1.25 µs for this (200,000
 * mobiles, alternating); no library offers HMAC over many short messages without that cost
 * (`@noble/hashes` with a cloned keyed state: 5.6–7.5 µs, it allocates per call; hash-wasm's
 * SHA-256 with saved states: 2.45 µs, measured on an earlier machine). Longer or non-ASCII values
 * go through `createHmac`; a test checks both paths against it.
 */
import { createHash, createHmac } from 'node:crypto';

const CACHE_MAX = 50_000;
/** 128 bits of the HMAC (as RFC 4868 truncates HMAC-SHA-256): no collisions at any realistic count, half the index */
export const DIGEST_HEX = 32;
/** The same digest as the bytes the trace index stores (migration 0008). */
export const DIGEST_BYTES = DIGEST_HEX / 2;

/** SHA-256 round constants (FIPS 180-4 §4.2.2) */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** SHA-256 initial state (FIPS 180-4 §5.3.3) */
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
/** a value this long or shorter (in ASCII characters) fits one block after the 64-byte pad */
const ONE_BLOCK = 55;

/** One SHA-256 compression of the block in `w[0..15]` (big-endian words) into `st` (FIPS 180-4 §6.2.2). */
function compress(st: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = st[0]!;
  let b = st[1]!;
  let c = st[2]!;
  let d = st[3]!;
  let e = st[4]!;
  let f = st[5]!;
  let g = st[6]!;
  let h = st[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  st[0] = (st[0]! + a) | 0;
  st[1] = (st[1]! + b) | 0;
  st[2] = (st[2]! + c) | 0;
  st[3] = (st[3]! + d) | 0;
  st[4] = (st[4]! + e) | 0;
  st[5] = (st[5]! + f) | 0;
  st[6] = (st[6]! + g) | 0;
  st[7] = (st[7]! + h) | 0;
}

export class ValueDigester {
  /** value → digest, so repeated values (the same customer in every page) are hashed once */
  private readonly cache = new Map<string, string>();
  /** the states after the key's inner (0x36) and outer (0x5c) pad blocks */
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private readonly st = new Int32Array(8);

  constructor(readonly secret: Buffer) {
    // a key longer than a block is hashed first (RFC 2104 §2)
    const key = secret.length > 64 ? createHash('sha256').update(secret).digest() : secret;
    for (const [state, pad] of [
      [this.inner, 0x36],
      [this.outer, 0x5c],
    ] as const) {
      const block = Buffer.alloc(64, pad);
      for (let i = 0; i < key.length; i++) block[i] = key[i]! ^ pad;
      for (let i = 0; i < 16; i++) this.w[i] = block.readInt32BE(i * 4);
      state.set(IV);
      compress(state, this.w);
    }
  }

  digest(value: string): string {
    let d = this.cache.get(value);
    if (d === undefined) {
      d = createHmac('sha256', this.secret).update(value, 'utf8').digest('hex').slice(0, DIGEST_HEX);
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(value, d);
    }
    return d;
  }

  /**
   * The first DIGEST_BYTES of HMAC-SHA-256(secret, value) into `out` at `at`, for the value in
   * `chars[from, to)` (UTF-16 code units), from the pad states when it is ASCII of at most
   * ONE_BLOCK characters; false (nothing written) otherwise.
   */
  private shortDigest(chars: Uint16Array, from: number, to: number, out: Buffer, at: number): boolean {
    const n = to - from;
    if (n > ONE_BLOCK) return false;
    const w = this.w;
    w.fill(0, 0, 16);
    for (let i = 0; i < n; i++) {
      const c = chars[from + i]!;
      if (c > 0x7f) return false;
      w[i >> 2]! |= c << (24 - 8 * (i & 3));
    }
    // padding: a 1 bit after the message, then its length in bits (with the pad block before it)
    w[n >> 2]! |= 0x80 << (24 - 8 * (n & 3));
    w[15] = (64 + n) * 8;
    const st = this.st;
    st.set(this.inner);
    compress(st, w);
    // the outer hash over the inner digest: 32 bytes, one block
    for (let i = 0; i < 8; i++) w[i] = st[i]!;
    w[8] = 0x80000000 | 0;
    w.fill(0, 9, 15);
    w[15] = (64 + 32) * 8;
    st.set(this.outer);
    compress(st, w);
    for (let i = 0; i < DIGEST_BYTES / 4; i++) out.writeInt32BE(st[i]!, at + 4 * i);
    return true;
  }

  /** The digests of `values` as one buffer, DIGEST_BYTES each, in order (the trace index's stored form). */
  digestAll(values: readonly string[]): Buffer {
    return this.digestPacked(packValues(values));
  }

  /** The digests of packed values (`packValues`), as `digestAll` gives them. */
  digestPacked(p: PackedValues): Buffer {
    const n = p.starts.length - 1;
    // not from Node's shared pool: the digest worker hands this buffer's memory over to the main thread
    const out = Buffer.allocUnsafeSlow(Math.max(0, n) * DIGEST_BYTES);
    // Not through the cache: a run's values are rows, distinct within their group, and the map's
    // upkeep cost more than its hits saved. The digest worker over the bench capture's end-of-input
    // runs, all stages (CPU profiles, 2026-12-04): busy 1.0 s against 2.0 s, 95 ms of GC against 304.
    for (let i = 0; i < n; i++) {
      const from = p.starts[i]! - p.base;
      const to = p.starts[i + 1]! - p.base;
      const at = i * DIGEST_BYTES;
      if (!this.shortDigest(p.chars, from, to, out, at)) createHmac('sha256', this.secret).update(UTF16.decode(p.chars.subarray(from, to)), 'utf8').digest().copy(out, at, 0, DIGEST_BYTES);
    }
    return out;
  }
}

const UTF16 = new TextDecoder('utf-16le');

/**
 * Values as UTF-16 code units back to back, as the leak-trace index holds them until they are
 * digested (no string object per value): value `i` is `chars[starts[i] - base, starts[i + 1] - base)`.
 */
export interface PackedValues {
  chars: Uint16Array;
  /** one more than there are values */
  starts: Uint32Array;
  /** what `starts` count from (a run cut from a larger table keeps its offsets) */
  base: number;
}

/** Strings packed as `digestPacked` takes them. */
export function packValues(values: readonly string[]): PackedValues {
  const starts = new Uint32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) starts[i + 1] = starts[i]! + values[i]!.length;
  const chars = new Uint16Array(starts[values.length]!);
  values.forEach((v, i) => {
    for (let k = 0, at = starts[i]!; k < v.length; k++) chars[at + k] = v.charCodeAt(k);
  });
  return { chars, starts, base: 0 };
}
