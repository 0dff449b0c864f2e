import { describe, expect, it } from 'vitest';
import { cardBrand, checkMasked, isValid, validate } from './bank_card.js';

describe('bank_card', () => {
  it.each([
    ['6212345678901265', 'unionpay'],
    ['6212 3456 7890 1265', 'unionpay'],
    ['6212345678900000003', 'unionpay'],
    ['8100010000000142', 'unionpay'],
    ['4111111111111111', 'visa'],
    ['4222222222222', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223000048400011', 'mastercard'],
    ['378282246310005', 'amex'],
    ['3566002020360505', 'jcb'],
    ['6011111111111117', 'discover'],
    ['30569309025904', 'diners'],
  ])('accepts %s (%s)', (v, brand) => {
    expect(validate(v)).toMatchObject({ ok: true, detail: { brand } });
  });
  it.each([
    ['411111111111', 'length'],
    ['41111111111111111111', 'length'],
    ['4111-1111-1111-111a', 'format'],
    ['4111111111111112', 'checksum'],
    ['7111111111111114', 'component'], // no network starts with 7
    ['4111111111111111110'.slice(0, 17), 'checksum'],
  ])('rejects %s (%s)', (v, reason) => {
    expect(validate(v)).toEqual({ ok: false, reason });
  });
  it('an unusual length keeps the brand but is not major', () => {
    expect(validate('34343434343434')).toMatchObject({ ok: true, detail: { brand: 'amex', major: false } });
  });
  it('an unknown issuer counts under a card key hint', () => {
    expect(isValid('7111111111111114', { hinted: true })).toBe(true);
    expect(cardBrand('7111111111111114')).toBeUndefined();
  });
  it.each([
    // each prefix length of the table (1–4 digits), both ends of a range and just outside it
    ['6212345678901234', 'unionpay', true],
    ['8171000000000000', 'unionpay', true],
    ['8172000000000000', undefined, false],
    ['2221000000000000', 'mastercard', true],
    ['2720999999999999', 'mastercard', true],
    ['2721000000000000', undefined, false],
    ['30500000000000', 'diners', true],
    ['30600000000000', undefined, false],
    ['6011000000000000', 'discover', true],
    ['6490000000000000', 'discover', true],
    ['4000000000000', 'visa', false],
    ['9558000000000000', 'national', false],
  ])('cardBrand(%s) is %s (major %s)', (pan, brand, major) => {
    const r = cardBrand(pan);
    expect(r?.brand).toBe(brand);
    if (brand) expect(r?.major).toBe(major);
  });
  it.each([
    ['6222 **** **** 1234', 'keep 4+4', false],
    ['62**********1234', 'keep 2+4', false],
    ['622202******1234', 'keep 6+4', false],
    ['6222021234****1234', 'keep 10+4', true],
    ['4111********1111', 'keep 4+4', false],
  ])('masked %s', (v, pattern, partial) => {
    expect(checkMasked(v)).toEqual({ pattern, partial });
  });
  it('masked forms need a major network prefix unless hinted', () => {
    expect(checkMasked('110101********1234')).toBeUndefined();
    expect(checkMasked('138****5678')).toBeUndefined();
    expect(checkMasked('************1234')).toBeUndefined();
    expect(checkMasked('************1234', { hinted: true })).toEqual({ pattern: 'keep 0+4', partial: false });
    expect(checkMasked('6222****1234', { hinted: true })).toEqual({ pattern: 'keep 4+4', partial: false });
    expect(checkMasked('1100****8888', { hinted: true })).toBeUndefined(); // no network starts with 11
  });
});
