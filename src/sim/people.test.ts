import { describe, expect, it } from 'vitest';
import { gb11643Check, luhnValid } from '../analysis/sensitive/checksum.js';
import { regionValid } from '../analysis/sensitive/regions.js';
import { AREAS, customer, customerOfUserId } from './people.js';

describe('simulated customers', () => {
  it('have valid ID numbers, cards and mobiles, the same for a seed', () => {
    for (const [code] of AREAS) expect(regionValid(Number(code)), code).toBe(true);
    for (let i = 0; i < 500; i++) {
      const c = customer(3, i);
      expect(c.idNo).toMatch(/^\d{17}[\dX]$/);
      expect(gb11643Check(c.idNo.slice(0, 17))).toBe(c.idNo[17]);
      expect(Number(c.idNo[16]) % 2 === 1).toBe(c.male);
      expect(c.mobile).toMatch(/^1[3-9]\d{9}$/);
      for (const card of c.cards) expect(luhnValid(card.cardNo), card.cardNo).toBe(true);
      expect(customerOfUserId(c.userId, 500)).toBe(i);
    }
    expect(customer(3, 42)).toEqual(customer(3, 42));
    expect(customer(4, 42).idNo).not.toBe(customer(3, 42).idNo);
    expect(customerOfUserId(30_000_002, 500)).toBeUndefined();
  });
});
