import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './geo.js';

describe('geo', () => {
  it.each(['39.916527', '-33.868', '116.397128,39.916527', '39.9165, 116.3971'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['0.000', '39.9', '181.12345', '116', 'abc', '200.1234,100.1234'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('pairs', () => expect(validate('116.397128,39.916527')).toMatchObject({ detail: { pair: true } }));
  it('masked under a hint', () => {
    expect(checkMasked('39.9***', { hinted: true })).toEqual({ pattern: 'keep 4+0', partial: false });
    expect(checkMasked('39.9***')).toBeUndefined();
  });
});
