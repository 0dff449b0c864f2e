// Bounded caches under a stream of new keys (identity's sessions, the geo cache, JWT accounts):
// core/bounded-map.ts's GenerationalMap against its peer, one Map that deletes its first key when
// full (what those caches did before), in this process, at the caps they use. Each figure is the
// time per new key once the cache is full, best of 3 rounds.
//
//   node bench/bounded-map.mjs
import { GenerationalMap } from '../dist/core/bounded-map.js';

const keysFor = (n, round) => Array.from({ length: n }, (_, i) => `k${round}:${i}:${(i * 2654435761) >>> 0}`);

/** ns per new key for a full cache of `cap` entries, `n` new keys */
function perKey(make, cap, n) {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const c = make(cap);
    for (const k of keysFor(cap, `fill${round}`)) c.set(k, 1);
    const keys = keysFor(n, round);
    const t0 = process.hrtime.bigint();
    for (const k of keys) {
      if (c.get(k) === undefined) c.set(k, 1);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  return best;
}

/** the peer: one Map, first key deleted when full */
const firstKeyEvicting = (cap) => {
  const m = new Map();
  return {
    get: (k) => m.get(k),
    set: (k, v) => {
      if (m.size >= cap) m.delete(m.keys().next().value);
      m.set(k, v);
    },
  };
};

console.log('bounded caches, new keys into a full cache (ns per key, best of 3):');
for (const [cap, what] of [
  [4_096, 'identity JWT accounts'],
  [100_000, 'geo cache'],
  [200_000, 'identity sessions'],
]) {
  const n = Math.min(200_000, cap * 2);
  const peer = perKey(firstKeyEvicting, cap, n);
  const gen = perKey((c) => new GenerationalMap(c), cap, n);
  console.log(`  ${String(cap).padStart(7)} entries (${what}): generational ${gen.toFixed(0)} ns, Map evicting its first key ${peer.toFixed(0)} ns: ${(peer / gen).toFixed(1)}× faster`);
}
