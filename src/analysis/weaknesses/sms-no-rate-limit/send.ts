/**
 * Verification-code sends, shared by sms-no-rate-limit and sms-code-in-response: whether an
 * exchange is one (the endpoint's function classes say `verification-send`), whom it sends to
 * (the mobile or e-mail the sensitive scan found in the request), and how the server answered
 * (sent, refused for frequency, or failed for another reason). The business outcome is read from
 * the usual status fields of Chinese bank APIs (`code`, `retCode`, `respCode`, `success`…).
 *
 *   outcome(f)  // 'sent' | 'refused' | 'failed'
 */
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import type { DataHit } from '../../sensitive/types.js';
import type { ExchangeFacts } from '../types.js';
import { requestValue } from '../values.js';

/**
 * A verification word in the path or operation name. The function classifier also calls a POST
 * of a contact and at most one other field a send (`/payee/add {payeeMobile, name}`,
 * `/user/profile/update {mobile, nickname}`): too loose for these rules, so a word is required.
 */
const CODE_WORD = /sms|code|captcha|otp|mfa|yzm|duanxin/i;

/**
 * Per endpoint, whether it sends codes, asked again as its call count grows (the function classes
 * firm up with more calls): asking `functions()` builds the path template, too much per request.
 */
const sendCache = new WeakMap<EndpointStats, { calls: number; send: boolean }>();

export function isSendEndpoint(f: ExchangeFacts): boolean {
  const calls = f.endpoint.calls;
  const c = sendCache.get(f.endpoint);
  if (c && (calls < 2 * c.calls || c.calls >= 4096) && (c.calls >= 16 || calls === c.calls)) return c.send;
  const fn = f.functions();
  const send = fn.has('verification-send') && !fn.has('login') && !fn.has('verification-check') && (CODE_WORD.test(f.path) || CODE_WORD.test(f.endpoint.operation?.name ?? ''));
  sendCache.set(f.endpoint, { calls, send });
  return send;
}

/** The first clear mobile or e-mail address in the request, or undefined. */
export function recipientHit(f: ExchangeFacts): DataHit | undefined {
  for (const h of f.requestHits) if (!h.masked && (h.label === 'cn_mobile' || h.label === 'email')) return h;
  return undefined;
}

/** The recipient's normalised value (11 digits for a mobile, lower case for an e-mail), or undefined. */
export function recipient(f: ExchangeFacts, h: DataHit): string | undefined {
  const v = requestValue(f, h.location);
  if (!v) return undefined;
  if (h.label === 'email') return v.trim().toLowerCase();
  const d = v.replace(/\D/g, '');
  return d.length >= 11 ? d.slice(-11) : undefined;
}

/** Status fields, most specific first. */
const STATUS_KEYS = ['success', 'retCode', 'respCode', 'resultCode', 'returnCode', 'rtnCode', 'errcode', 'errCode', 'error_code', 'code', 'status', 'statusCode'];
const OK = new Set(['0', '00', '000', '0000', '00000', '000000', '200', 'success', 'ok', 'aaaaaaa', 'true']);

/** The top-level status field's verdict: true, false, or undefined when the body has none. */
export function businessOk(doc: unknown): boolean | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const o = doc as Record<string, unknown>;
  for (const k of STATUS_KEYS) {
    const v = o[k];
    if (v === undefined || v === null || typeof v === 'object') continue;
    if (typeof v === 'boolean') return v;
    return OK.has(String(v).trim().toLowerCase());
  }
  return undefined;
}

/** What frequency refusals say, in Chinese and English. */
export const REFUSAL =
  /频繁|频率|稍后再?试|次数(?:已)?(?:超|达|用完|过多)|上限|超过.{0,8}次|\d+\s*秒(?:后|内)|\d+\s*分钟(?:后|内)|too (?:many|frequent|often)|rate.?limit|limit exceeded|throttl|try again later|retry after/i;
const REFUSAL_SCAN = 4096;

export type Outcome = 'sent' | 'refused' | 'failed';

/** How the server answered a send: 429, or a failure (4xx, 5xx or a business error) that names frequency, is a refusal. */
export function outcome(f: ExchangeFacts): Outcome {
  if (f.status === 429) return 'refused';
  if (f.status < 200) return 'failed';
  const ok = f.status < 400 ? businessOk(f.responseJson()) : false;
  if (ok !== false) return 'sent';
  const t = f.responseText();
  return REFUSAL.test(t.length > REFUSAL_SCAN ? t.slice(0, REFUSAL_SCAN) : t) ? 'refused' : 'failed';
}
