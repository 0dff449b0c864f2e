/**
 * The password a login request carries, for comparing attempts with each other, never for
 * keeping: the value is read from the form or JSON body (or, badly, the query) under a
 * password-like key and reduced at once to a keyed digest (HMAC-SHA-256 under a per-instance
 * random key, truncated), so equal passwords link and nothing recoverable is stored.
 *
 *   const digest = passwordDigester();
 *   digest(facts)   // 'mX2…' for { loginName: 'u1', password: 'Abc123' }, undefined without a password field
 */
import { createHmac, randomBytes } from 'node:crypto';
import { normKey } from '../../weaknesses/values.js';
import { requestStrings } from '../../weaknesses/request-strings.js';
import type { RiskFacts } from '../types.js';

/** login passwords: `password`, `loginPwd`, `userPassword`, `passwd`, `encPwd`, `mima`… */
const PASSWORD_KEY = /password|passwd|pwd|^(?:login|user|logon)?(?:pass|mima|mm|pin)$/;
/** other secrets that sit beside a login password or are not it */
const NOT_LOGIN_PASSWORD = /pay|trade|trans|withdraw|new|old|confirm|repeat|again|second|captcha|sms|otp|strength|level|rule|hint|type|flag|show/;
const PLACEHOLDER = /^(?:null|undefined|none|nil|false|true)$/i;
const MAX_FIELDS = 64;
const MAX_VALUE = 4096;

export function passwordDigester(): (f: RiskFacts) => string | undefined {
  const key = randomBytes(32);
  return (f) => {
    for (const p of requestStrings(f, MAX_FIELDS)) {
      const k = normKey(p.name);
      if (!PASSWORD_KEY.test(k) || NOT_LOGIN_PASSWORD.test(k)) continue;
      const v = p.value;
      // empty fields and placeholders ('******', 'null') say nothing about the password
      if (v.length === 0 || v.length > MAX_VALUE || /^(.)\1*$/s.test(v) || PLACEHOLDER.test(v)) continue;
      return createHmac('sha256', key).update(v).digest('base64url').slice(0, 16);
    }
    return undefined;
  };
}
