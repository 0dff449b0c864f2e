/**
 * One fast non-cryptographic string hash for in-memory keys, sketches and deterministic seeds:
 * FNV-1a over UTF-16 code units, finished with a murmur3-style mix so that near inputs (IPs,
 * sequential ids) spread over all 32 bits. Not for anything an attacker may choose to collide
 * with a secret in mind: keyed digests (HMAC) are for that.
 *
 *   hash32('203.0.113.7')        // 0 ≤ n < 2^32
 *   hash32('203.0.113.7', 1234)  // another seed, an independent-looking hash
 */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
