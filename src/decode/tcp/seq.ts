/**
 * TCP sequence-number arithmetic, modulo 2^32 (RFC 9293 §3.4). Sequence numbers are kept as
 * unsigned 32-bit values in plain numbers; distances are signed 32-bit, so comparisons stay
 * right across the wraparound as long as the two numbers are less than 2^31 apart.
 *
 *   seqDiff(5, 0xfffffffe) === 7      // 5 comes 7 bytes after 0xfffffffe
 *   seqAdd(0xffffffff, 2) === 1
 */

/** Signed distance `a − b` in sequence space: positive when `a` comes after `b`. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** `a + n` in sequence space, as an unsigned 32-bit value. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
