/**
 * Whom a verification-code send is for, read from the request: a field named like a mobile or
 * an e-mail (`mobile`, `phoneNo`, `telephone`, `sjhm`, `email`…) in the query, the form or the
 * JSON body, else the clear mobile or e-mail the sensitive scan found there. Numbers are reduced
 * to their digits without the country prefix (`+86 138-1234-5678` → `13812345678`), e-mails to
 * lower case. Masked values (`138****5678`, what an app echoes for a signed-in customer's own
 * number) are not targets: the server sends those to the account's number, which a third party
 * cannot choose.
 *
 *   sendTarget(facts)  // { kind: 'mobile', value: '13812345678' } | { kind: 'email', value: 'a@b.cn' } | undefined
 */
import { recipient, recipientHit } from '../../weaknesses/sms-no-rate-limit/send.js';
import { requestStrings } from '../../weaknesses/request-strings.js';
import { normKey } from '../../weaknesses/values.js';
import type { RiskFacts } from '../types.js';

export interface SendTarget {
  kind: 'mobile' | 'email';
  /** normalised: digits only for a number, lower case for an e-mail */
  value: string;
}

const TARGET_KEY =
  /^(?:user|cust|customer|login|reg|register|bind|new|target|receiver|recv|to|contact|account|acct)?(?:mobile|mobilephone|cellphone|phone|tel|telephone|msisdn|sjhm|sjh|shoujihao|shouji|email|mail|emailaddress)(?:no|num|number)?$/;
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}$/;
const MAX_FIELDS = 64;

/** The normalised target of one field value, or undefined (masked, too short, not a number or address). */
export function normaliseTarget(raw: string): SendTarget | undefined {
  const v = raw.trim();
  if (v === '' || v.length > 320 || v.includes('*')) return undefined;
  if (v.includes('@')) return EMAIL.test(v) ? { kind: 'email', value: v.toLowerCase() } : undefined;
  if (!/^[+\d][\d\s()-]*$/.test(v)) return undefined;
  let d = v.replace(/\D/g, '');
  if (d.length > 11 && d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d.length >= 7 && d.length <= 15 ? { kind: 'mobile', value: d } : undefined;
}

export function sendTarget(f: RiskFacts): SendTarget | undefined {
  for (const p of requestStrings(f, MAX_FIELDS)) {
    if (!TARGET_KEY.test(normKey(p.name))) continue;
    const t = normaliseTarget(p.value);
    if (t) return t;
  }
  // a number sent as a JSON number
  const doc = f.requestJson();
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (typeof v === 'number' && Number.isSafeInteger(v) && TARGET_KEY.test(normKey(k))) return normaliseTarget(String(v));
    }
  }
  const h = recipientHit(f);
  const v = h && recipient(f, h);
  return h && v ? { kind: h.label === 'email' ? 'email' : 'mobile', value: v } : undefined;
}

/** How a target is shown: numbers as they are (the engine masks an account's digits), e-mails cut to `a***@domain`. */
export function shownTarget(t: SendTarget): string {
  if (t.kind === 'mobile') return t.value;
  const at = t.value.indexOf('@');
  return `${t.value.slice(0, 1)}***${t.value.slice(at)}`;
}
