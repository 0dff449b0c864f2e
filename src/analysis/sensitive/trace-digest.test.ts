import { describe, expect, it } from 'vitest';
import { traceCandidates, traceLabelIndex, ValueDigester } from './trace-digest.js';

describe('trace digests', () => {
  it('are keyed: same value, other key, other digest; no value in the digest', () => {
    const a = new ValueDigester(Buffer.alloc(32, 1));
    const b = new ValueDigester(Buffer.alloc(32, 2));
    const d = a.digest('11010519491231002X');
    expect(d).toMatch(/^[0-9a-f]{32}$/);
    expect(a.digest('11010519491231002X')).toBe(d);
    expect(b.digest('11010519491231002X')).not.toBe(d);
  });
  it('normalise a searched value the way the recognisers report it', () => {
    expect(traceCandidates('+86 138-1234-5678')).toEqual([{ label: 'cn_mobile', value: '13812345678' }]);
    expect(traceCandidates('11010519491231002x', 'cn_id')).toEqual([{ label: 'cn_id', value: '11010519491231002X' }]);
    expect(traceCandidates('6222 0248 8480 1970 560').map((c) => c.label)).toContain('bank_card');
  });
  it('index identifying labels only', () => {
    expect(traceLabelIndex('cn_id')).toBeGreaterThanOrEqual(0);
    expect(traceLabelIndex('password')).toBe(-1);
    expect(traceLabelIndex('amount')).toBe(-1);
  });
});
