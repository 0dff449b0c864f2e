import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_BYTES, packValues, ValueDigester } from './value-digester.js';

/** What the digest must be: Node's HMAC-SHA-256, cut to DIGEST_BYTES. */
const reference = (key: Buffer, v: string): string => createHmac('sha256', key).update(v, 'utf8').digest().subarray(0, DIGEST_BYTES).toString('hex');

const ascii = (n: number): string => Array.from(randomBytes(n), (b) => String.fromCharCode(32 + (b % 95))).join('');

describe('ValueDigester', () => {
  it("digests like Node's HMAC-SHA-256 on both paths: short ASCII from the pad states, the rest through createHmac", () => {
    for (const key of [randomBytes(32), randomBytes(64), randomBytes(100), Buffer.alloc(0), Buffer.from('k')]) {
      const d = new ValueDigester(key);
      const values = [
        '',
        '13812345678',
        '11010519491231002X',
        '6222020200112233445',
        'zhang.san@example.com',
        // every length around the one-block limit (55 characters: 64-byte pad + 55 + 1 + 8 = 128)
        ...Array.from({ length: 70 }, (_, n) => ascii(n)),
        '\u007f'.repeat(55),
        // non-ASCII: through createHmac
        '张三',
        '北京市朝阳区建国路88号',
        `${'a'.repeat(54)}é`,
        '😀',
        ...Array.from({ length: 200 }, () => ascii(1 + (randomBytes(1)[0]! % 60))),
      ];
      const all = d.digestAll(values);
      expect(all.length).toBe(values.length * DIGEST_BYTES);
      values.forEach((v, i) => {
        expect(all.toString('hex', i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), JSON.stringify(v)).toBe(reference(key, v));
        expect(d.digest(v)).toBe(reference(key, v));
      });
    }
  });

  it('gives equal values equal digests and distinct values distinct ones, in any order', () => {
    const d = new ValueDigester(randomBytes(32));
    const values = Array.from({ length: 5000 }, (_, i) => String(13800000000 + i));
    const a = d.digestAll(values);
    const b = d.digestAll([...values].reverse());
    for (let i = 0; i < values.length; i++) expect(a.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES).equals(b.subarray((values.length - 1 - i) * DIGEST_BYTES, (values.length - i) * DIGEST_BYTES))).toBe(true);
    const seen = new Set(Array.from({ length: values.length }, (_, i) => a.toString('hex', i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES)));
    expect(seen.size).toBe(values.length);
  });

  it('digests packed values cut from a larger table (offsets counted from its base) as the strings themselves', () => {
    const key = randomBytes(32);
    const d = new ValueDigester(key);
    const values = ['13812345678', '张三@例子.中国', '', 'a'.repeat(80), '11010519491231002X', '\ud800'];
    const all = packValues(['prefix', ...values, 'suffix']);
    // values 1..n as a run of their own: copies of its code units, its starts as they were
    const run = { chars: all.chars.slice(all.starts[1], all.starts[values.length + 1]), starts: all.starts.slice(1, values.length + 2), base: all.starts[1]! };
    const got = d.digestPacked(run);
    values.forEach((v, i) => expect(got.toString('hex', i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), JSON.stringify(v)).toBe(reference(key, v)));
    expect(d.digestPacked(packValues([])).length).toBe(0);
  });
});
