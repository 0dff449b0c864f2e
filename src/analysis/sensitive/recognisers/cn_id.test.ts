import { describe, expect, it } from 'vitest';
import { gb11643Check } from '../checksum.js';
import { regionCount, regionValidAt } from '../regions.js';
import { checkMasked, compact, isValid, validate } from './cn_id.js';

describe('cn_id', () => {
  it.each(['11010519491231002X', '360426199101010071', '44011320141005001x', '110 105 1949 1231 002X', '130503670401001'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each([
    ['11010519491231002', 'length'],
    ['1101051949123100XX', 'format'],
    ['T60426199101010078', 'format'],
    ['990426199112010074', 'component'], // unknown region
    ['360426199113010079', 'component'], // month 13
    ['360426189901010071', 'component'], // before 1900
    ['36042619910102009X', 'checksum'],
  ])('rejects %s (%s)', (v, reason) => {
    expect(validate(v)).toEqual({ ok: false, reason });
  });
  it('details and compact form', () => {
    expect(compact('44011320141005001x')).toBe('44011320141005001X');
    expect(validate('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X', detail: { region: '110105', birth: '1949-12-31', sex: 'F' } });
    expect(validate('130503670401001')).toMatchObject({ ok: true, detail: { birth: '1967-04-01', legacy: true } });
  });
  it('birth date not after the event time', () => {
    const id = '44011320141005001X';
    expect(isValid(id, { refTime: Date.UTC(2014, 9, 5) })).toBe(true);
    expect(isValid(id, { refTime: Date.UTC(2014, 9, 4) })).toBe(false);
  });
  it('region table: historical codes count; the strict per-year check is available', () => {
    expect(regionCount()).toBeGreaterThan(6000);
    const id = '110103' + '19900101001';
    expect(isValid(id + gb11643Check(id))).toBe(true); // 崇文区, abolished 2010
    expect(regionValidAt(110103, 2011)).toBe(false);
    expect(regionValidAt(110111, 1980)).toBe(false);
    expect(regionValidAt(110111, 1990)).toBe(true);
  });
  it.each([
    ['110101********1234', 'keep 6+4', true],
    ['110***********1234', 'keep 3+4', false],
    ['1101011990****1234', 'keep 10+4', true],
    ['11****************', 'keep 2+0', false],
    ['110101 ******** 123X', 'keep 6+4', true],
  ])('masked %s', (v, pattern, partial) => {
    expect(checkMasked(v)).toEqual({ pattern, partial });
  });
  it('masked forms need a plausible visible part', () => {
    expect(checkMasked('99****************')).toBeUndefined(); // no province 99
    expect(checkMasked('**************1234')).toBeUndefined();
    expect(checkMasked('**************1234', { hinted: true })).toEqual({ pattern: 'keep 0+4', partial: false });
    expect(checkMasked('138****5678')).toBeUndefined();
  });
});
