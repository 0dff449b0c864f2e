/**
 * balance — 余额: a money value under a balance key (`balance`, `availBal`, `ye`, `kyye`…); the
 * value check is `amount`'s. A balance reveals financial status (JR/T 0171 C2) even alone.
 *
 *   validate('8,000.00') // { ok: true, value: '8000.00' }
 */
import { recogniser } from '../recogniser.js';
import { checkMasked, compact, validate } from './amount.js';

export { checkMasked, compact, validate };

export const balance = recogniser({ label: 'balance', trigger: 'hint', compact, validate, checkMasked });
export const isValid = balance.isValid;
