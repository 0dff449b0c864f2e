/**
 * The leak-trace digests computed in a worker thread equal the in-thread ones, in order. The
 * worker needs the compiled module (`npm test` builds dist/ first), so the threaded case runs
 * the built pool, as `guanlan analyze` does.
 */
import { describe, expect, it } from 'vitest';
import { DIGEST_BYTES, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { packValues } from '../analysis/sensitive/value-digester.js';
import { DigestPool, MIN_WORKER_VALUES } from './digest-pool.js';

const SECRET = Buffer.alloc(32, 7);
const values = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `1${String(3_800_000_000 + from + i)}`);
/** what the pool should answer: each value's digest (the digester's hex) as its 16 bytes, packed in order */
const packed = (d: ValueDigester, v: string[]): Buffer => Buffer.concat(v.map((x) => Buffer.from(d.digest(x), 'hex')));

describe('DigestPool', () => {
  it('in-thread: the digester’s digests, in order', async () => {
    const d = new ValueDigester(SECRET);
    const v = values(10);
    const got = await new DigestPool(d, false).digest(packValues(v));
    expect(got.length).toBe(10 * DIGEST_BYTES);
    expect(got.equals(packed(d, v))).toBe(true);
  });

  it('in a worker (the built module): the same digests, requests answered in order while others wait', async () => {
    const built = (await import(new URL('../../dist/pipeline/digest-pool.js', import.meta.url).href)) as typeof import('./digest-pool.js');
    const digesterMod = (await import(new URL('../../dist/analysis/sensitive/trace-digest.js', import.meta.url).href)) as typeof import('../analysis/sensitive/trace-digest.js');
    const d = new ValueDigester(SECRET);
    const pool = new built.DigestPool(new digesterMod.ValueDigester(SECRET), true);
    try {
      const a = values(MIN_WORKER_VALUES);
      const b = values(MIN_WORKER_VALUES + 7, 50_000);
      const [da, db] = await Promise.all([pool.digest(packValues(a)), pool.digest(packValues(b))]);
      expect(pool.failed).toBeUndefined();
      expect(da.equals(packed(d, a))).toBe(true);
      expect(db.equals(packed(d, b))).toBe(true);
      // after close, a small request is still answered, and the next large one starts a worker again
      pool.close();
      expect((await pool.digest(packValues(['13812345678']))).equals(packed(d, ['13812345678']))).toBe(true);
      const c = values(MIN_WORKER_VALUES, 90_000);
      expect((await pool.digest(packValues(c))).equals(packed(d, c))).toBe(true);
      expect(pool.failed).toBeUndefined();
    } finally {
      pool.close();
    }
  });
});
