import { describe, expect, it } from 'vitest';
import { isValid, validate } from './uscc.js';

describe('uscc', () => {
  it.each(['91110000600037341L', '91 110000 600037341L', '91310115MA1K3BTP2B', '121200004013590816', '9115 2201 0783 7744 9P'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each([
    ['12345', 'length'],
    ['B1110000600037341L', 'format'],
    ['9111000060003IOZSV', 'format'],
    ['91110000600037341N', 'checksum'],
  ])('rejects %s (%s)', (v, reason) => {
    expect(validate(v)).toEqual({ ok: false, reason });
  });
  it('structure flag: region and organisation code', () => {
    expect(validate('91110000600037341L')).toMatchObject({ ok: true, detail: { region: '110000', structured: true } });
  });
});
