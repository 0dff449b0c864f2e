/**
 * weak-password-accepted: a login that succeeded with a password in the common-password list or
 * failing the complexity policy (length, character classes). Only clear passwords can be judged:
 * hashed or encrypted ones (the password recogniser's `secretForm`) are skipped. The password is
 * tested first (cheap, in memory) and the response parsed for the login verdict only when it is
 * weak, so strong-password logins cost no body parse. The finding names the password field and
 * the rule it failed, never the password.
 */
import { secretForm } from '../../sensitive/recognisers/password.js';
import { defineDetector } from '../types.js';
import { requestValue } from '../values.js';
import { COMMON_PASSWORD_SET } from './common-passwords.js';
import { descriptor } from './descriptor.js';
import { loginVerdict, mayBeSuccess, passwordHit } from './login-facts.js';

/** Character classes present: lower case, upper case, digits, anything else. */
export function characterClasses(v: string): number {
  let bits = 0;
  for (let i = 0; i < v.length && bits !== 15; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) bits |= 1;
    else if (c >= 65 && c <= 90) bits |= 2;
    else if (c >= 48 && c <= 57) bits |= 4;
    else bits |= 8;
  }
  return (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1) + ((bits >> 3) & 1);
}

export type WeakRule = 'common' | 'length' | 'classes';

export const weakPasswordAccepted = defineDetector({
  descriptor,
  create: (p) => {
    const extra = new Set(p.extraWeakPasswords.map((s) => s.toLowerCase()));
    /** Why the password is weak, or undefined when it passes. */
    const weakness = (v: string): { rule: WeakRule; why: string } | undefined => {
      const lc = v.toLowerCase();
      if ((p.commonList && COMMON_PASSWORD_SET.has(lc)) || extra.has(lc)) return { rule: 'common', why: 'in common-password list' };
      if (v.length < p.minLength) return { rule: 'length', why: `length ${v.length} < ${p.minLength}` };
      const classes = characterClasses(v);
      if (classes < p.minClasses) return { rule: 'classes', why: `${classes} character class${classes === 1 ? '' : 'es'} < ${p.minClasses}` };
      return undefined;
    };
    return {
      onExchange(f, report) {
        if (f.requestHits.length === 0 || !mayBeSuccess(f.status)) return;
        const h = passwordHit(f);
        if (!h) return;
        const v = requestValue(f, h.location);
        if (v === undefined || v === '' || secretForm(v) !== 'plain') return;
        const weak = weakness(v);
        if (!weak || !f.functions().has('login')) return;
        const verdict = loginVerdict(f);
        if (verdict.outcome !== 'success') return;
        report({
          at: f,
          location: h.location,
          detail: `login succeeded with a weak password in "${h.location}": ${weak.why} (${v.length} characters; ${verdict.reason})`,
          data: { rule: weak.rule, length: v.length, classes: characterClasses(v), minLength: p.minLength, minClasses: p.minClasses },
        });
      },
    };
  },
});
