/**
 * single-factor-login: a login endpoint whose successful password logins carry no second factor
 * and no captcha. A login attempt counts when the endpoint is classed `login`, the request holds a
 * clear password field and the verdict (identity/login.ts) is success. The endpoint is excused for
 * good once any attempt shows a factor: an SMS/one-time-code hit, a request field or header named
 * like a captcha, OTP, device or face check (identity/second-factor.ts), or an answer that asks
 * for one (`needSmsVerify`, `mfaRequired`, "请输入短信验证码"). It is reported after
 * `minSuccesses` successful logins without one.
 *
 * `onlyHighGrade`: DESIGN scopes this weakness to high-grade applications. The sensitivity grade
 * is an endpoint property built from the labels the whole input shows, not known per exchange,
 * so in that mode reports wait for the end of the input: the app counts as high grade when one
 * of its endpoints grades `high` (sensitive/grade.ts over the endpoint's label statistics), and
 * the pending evidence exchanges (at most MAX_PENDING per endpoint) are reported then.
 */
import { gradeOf } from '../../sensitive/grade.js';
import { gradeInputs } from '../../sensitive/endpoint-labels.js';
import { factorMatcher, stepUpRequested } from '../../identity/second-factor.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { defineDetector, type ExchangeFacts, type Reporter } from '../types.js';
import { loginVerdict, mayBeSuccess, passwordHit } from '../weak-password-accepted/login-facts.js';
import { descriptor } from './descriptor.js';

/** login endpoints followed at once (beyond it new ones are not followed) */
const MAX_ENDPOINTS = 1024;
/** evidence exchanges held per endpoint until it is reported */
const MAX_PENDING = 3;
/** request field names looked at per message */
const MAX_FIELDS = 200;

interface LoginState {
  app: string;
  successes: number;
  /** a second factor or captcha was seen on this endpoint: never reported */
  factor: boolean;
  /** successful single-factor logins not yet reported */
  pending: ExchangeFacts[];
  lastReason: string;
}

/** Names of the request's fields: query, form, JSON (two levels) and headers. */
function* fieldNames(f: ExchangeFacts): Generator<string> {
  let n = 0;
  for (const [k] of f.queryParams()) if (n++ < MAX_FIELDS) yield k;
  for (const [k] of f.formParams()) if (n++ < MAX_FIELDS) yield k;
  const doc = f.requestJson();
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (n++ >= MAX_FIELDS) break;
      yield k;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const k2 of Object.keys(v)) if (n++ < MAX_FIELDS) yield k2;
    }
  }
  for (const [h] of f.ex.request.headers) if (n++ < MAX_FIELDS) yield h;
}

export const singleFactorLogin = defineDetector({
  descriptor,
  create: (p) => {
    const factorOf = factorMatcher(p.factorFields);
    const states = new Map<EndpointStats, LoginState>();

    const requestFactor = (f: ExchangeFacts): string | undefined => {
      for (const h of f.requestHits) if (h.label === 'sms_code') return 'one-time code';
      for (const name of fieldNames(f)) {
        const kind = factorOf(name);
        if (kind) return kind;
      }
      return undefined;
    };

    const flush = (s: LoginState, report: Reporter): void => {
      for (const at of s.pending) {
        report({
          at,
          detail: `password login succeeded with no second factor or captcha (${s.successes} such logins on this endpoint; verdict: ${s.lastReason})`,
          data: { successes: s.successes, minSuccesses: p.minSuccesses, onlyHighGrade: p.onlyHighGrade },
        });
      }
      s.pending = [];
    };

    return {
      onExchange(f, report) {
        if (f.requestHits.length === 0 || !mayBeSuccess(f.status) || !passwordHit(f) || !f.functions().has('login')) return;
        let s = states.get(f.endpoint);
        if (!s) {
          if (states.size >= MAX_ENDPOINTS) return;
          states.set(f.endpoint, (s = { app: f.app, successes: 0, factor: false, pending: [], lastReason: '' }));
        }
        if (s.factor) return;
        if (requestFactor(f)) {
          s.factor = true;
          s.pending = [];
          return;
        }
        const verdict = loginVerdict(f);
        if (verdict.outcome !== 'success') return;
        if (stepUpRequested(f.responseJson())) {
          s.factor = true;
          s.pending = [];
          return;
        }
        s.successes++;
        s.lastReason = verdict.reason;
        if (s.pending.length < MAX_PENDING) s.pending.push(f);
        if (!p.onlyHighGrade && s.successes >= p.minSuccesses) flush(s, report);
      },
      onFinish(endpoints, report) {
        if (!p.onlyHighGrade) return;
        const high = new Set<string>();
        for (const v of endpoints) if (!high.has(v.app) && v.labels.length > 0 && gradeOf(gradeInputs(v.labels)).grade === 'high') high.add(v.app);
        for (const s of states.values()) {
          if (!s.factor && s.pending.length > 0 && s.successes >= p.minSuccesses && high.has(s.app)) flush(s, report);
        }
      },
    };
  },
});
