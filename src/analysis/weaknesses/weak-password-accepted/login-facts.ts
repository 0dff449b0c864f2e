/**
 * Login helpers shared by the login weaknesses (weak-password-accepted, single-factor-login):
 * the password the request carries in clear, and the login verdict (identity/login.ts) read from
 * an exchange's facts. The response body is parsed only here, after the cheap tests said the
 * exchange is a password login.
 */
import { judgeLogin, type LoginVerdict } from '../../identity/login.js';
import type { DataHit } from '../../sensitive/types.js';
import type { ExchangeFacts } from '../types.js';

/** The first clear (unmasked) login-password hit of the request, or undefined. */
export function passwordHit(f: ExchangeFacts): DataHit | undefined {
  for (const h of f.requestHits) if (h.label === 'password' && !h.masked) return h;
  return undefined;
}

/** 2xx or 3xx: the only answers a successful login can have. */
export function mayBeSuccess(status: number): boolean {
  return status >= 200 && status < 400;
}

/** The verdict on a login exchange from its status, body and headers. */
export function loginVerdict(f: ExchangeFacts): LoginVerdict {
  const res = f.ex.response;
  if (!res) return { outcome: 'unknown', reason: 'no response' };
  const json = f.responseJson();
  return judgeLogin({ status: f.status, json, text: json === undefined ? f.responseText() : undefined, headers: res.headers });
}
