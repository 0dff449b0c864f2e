/**
 * Per-exchange authentication detection. Runs on every Exchange, so it is one pass over the
 * headers with a Map lookup per name, a scan of the query string only when there is one, and a
 * bounded look at form/JSON bodies for open-platform signatures (`app_id`, `timestamp`, `sign`).
 * No regex on the hot path. Name tables live in names.ts.
 *
 *   detectAuth({ method: 'GET', url: '/me', httpVersion: '1.1', headers: [['authorization', 'Bearer eyJhbGciOi….eyJzdWIi….sig']] })  // 'jwt'
 *   authKinds(req)  // every kind present, strongest first, e.g. ['jwt', 'cookie']
 */
import type { AuthKind } from '../../../core/endpoint.js';
import type { ExchangeRequest } from '../../../core/exchange.js';
import { hasSessionCookie } from './cookies.js';
import { HEADER_ROLE, PARAM_ROLE, Role } from './names.js';
import { isJwt, isPlaceholder } from './values.js';

export { hasSessionCookie, isSessionCookieName, setsSessionCookie } from './cookies.js';
export { isJwt } from './values.js';

/**
 * Strongest first: proofs of possession (client certificate, request signature), then tokens
 * (a JWT is more specific than an opaque bearer), static keys, password schemes, and the session
 * cookie last because it usually rides along with whatever the login issued.
 */
export const AUTH_STRENGTH: readonly Exclude<AuthKind, 'none'>[] = ['mtls-header', 'signature', 'jwt', 'bearer', 'api-key', 'digest', 'basic', 'cookie'];

const BIT: Readonly<Record<Exclude<AuthKind, 'none'>, number>> = {
  'mtls-header': 1 << 0,
  signature: 1 << 1,
  jwt: 1 << 2,
  bearer: 1 << 3,
  'api-key': 1 << 4,
  digest: 1 << 5,
  basic: 1 << 6,
  cookie: 1 << 7,
};
const SIGN_WEAK = 1 << 8; // a `sign` field: a signature only with a companion
const SIGN_COMPANION = 1 << 9;

/** Only this much of a form or JSON body is searched for signature fields. */
const BODY_SCAN_LIMIT = 4096;

function tokenBit(v: string): number {
  if (isPlaceholder(v)) return 0;
  return isJwt(v) ? BIT.jwt : BIT.bearer;
}

function keyBit(v: string): number {
  if (isPlaceholder(v)) return 0;
  return isJwt(v) ? BIT.jwt : BIT['api-key'];
}

/** Signed-request schemes: AWS SigV4, Tencent TC3, Alipay/WeChat Pay RSA, Azure SharedKey, OAuth 1.0a, Hawk, … */
function isSignedScheme(s: string): boolean {
  return (
    s.includes('hmac') || s.includes('sha') || s.includes('rsa') || s.includes('sign') || s.includes('ecdsa') ||
    s.includes('sharedkey') || s === 'aws' || s === 'oss' || s === 'hawk' || s === 'mac' || s === 'oauth' || s.startsWith('bce-auth')
  );
}

function authorizationBit(v: string): number {
  const value = v.trim();
  const sp = value.indexOf(' ');
  if (sp < 0) return tokenBit(value); // a raw token with no scheme, common in mobile-banking back ends
  const scheme = value.slice(0, sp).toLowerCase();
  const cred = value.slice(sp + 1).trim();
  if (isPlaceholder(cred)) return 0;
  switch (scheme) {
    case 'bearer':
    case 'token':
      return tokenBit(cred);
    case 'jwt':
      return BIT.jwt;
    case 'basic':
      return BIT.basic;
    case 'digest':
    case 'negotiate': // challenge–response like Digest; AuthKind has no closer kind
    case 'ntlm':
      return BIT.digest;
    case 'apikey':
    case 'api-key':
    case 'api_key':
      return BIT['api-key'];
    default:
      // an unknown scheme still carries a credential: call it bearer unless it signs the request
      return isSignedScheme(scheme) ? BIT.signature : BIT.bearer;
  }
}

function roleBit(role: Role, value: string): number {
  switch (role) {
    case Role.Authorization:
      return authorizationBit(value);
    case Role.Cookie:
      return hasSessionCookie(value) ? BIT.cookie : 0;
    case Role.ApiKey:
      return keyBit(value);
    case Role.Token:
      return tokenBit(value);
    case Role.Sign:
      if (isPlaceholder(value)) return 0;
      // draft-cavage HTTP signatures carry their own parameters
      return value.includes('keyId=') ? BIT.signature : SIGN_WEAK;
    case Role.SignStrong:
      return isPlaceholder(value) ? 0 : BIT.signature;
    case Role.SignCompanion:
      return isPlaceholder(value) ? 0 : SIGN_COMPANION;
    case Role.MtlsCert:
      return isPlaceholder(value) ? 0 : BIT['mtls-header'];
    case Role.MtlsVerify:
      return value.trim().toUpperCase() === 'SUCCESS' ? BIT['mtls-header'] : 0;
    default:
      return 0;
  }
}

/** Scans `k=v&k=v` in s[start, end) for credential parameters. */
function paramBits(s: string, start: number, end: number): number {
  let bits = 0;
  let p = start;
  while (p < end) {
    let amp = s.indexOf('&', p);
    if (amp < 0 || amp > end) amp = end;
    let eq = s.indexOf('=', p);
    if (eq < 0 || eq > amp) eq = amp;
    if (eq > p) {
      const role = PARAM_ROLE.get(s.slice(p, eq).toLowerCase());
      if (role !== undefined) bits |= roleBit(role, eq < amp ? s.slice(eq + 1, amp) : '');
    }
    p = amp + 1;
  }
  return bits;
}

/** `"sign"` or `"signature"` as a JSON key. Searching for `sign` first: V8 finds a pattern that starts with `"` in JSON ~10× slower. */
function hasJsonSignKey(s: string): boolean {
  for (let i = s.indexOf('sign'); i >= 0; i = s.indexOf('sign', i + 4)) {
    if (s.charCodeAt(i - 1) === 34 && (s.charCodeAt(i + 4) === 34 || s.startsWith('ature"', i + 4))) return true;
  }
  return false;
}

/** Companions are looked for only after a sign key was found, which is rare. */
const JSON_COMPANION = ['"timestamp"', '"nonce"', '"noncestr"', '"nonce_str"', '"sign_type"', '"signtype"', '"signType"', '"app_id"', '"appId"', '"appid"'];

/** Open-platform APIs (Alipay-style bank gateways) post `app_id`, `timestamp`, `sign_type`, `sign` in the body. */
function bodyBits(req: ExchangeRequest, contentType: string): number {
  if (!req.body || req.bodyEncoding === 'base64') return 0;
  const ct = contentType.toLowerCase();
  const end = Math.min(req.body.length, BODY_SCAN_LIMIT);
  if (ct.includes('x-www-form-urlencoded')) return paramBits(req.body, 0, end);
  if (!ct.includes('json')) return 0;
  const head = end < req.body.length ? req.body.slice(0, end) : req.body;
  if (!hasJsonSignKey(head)) return 0;
  return JSON_COMPANION.some((k) => head.includes(k)) ? BIT.signature : 0;
}

/** Bit set of every kind present (see AUTH_STRENGTH). */
function authBits(req: ExchangeRequest): number {
  let bits = 0;
  let contentType = '';
  for (const [name, value] of req.headers) {
    const role = HEADER_ROLE.get(name);
    if (role === undefined) {
      // custom token headers (`x-mall-token`, `x-rapidapi-key`) outnumber any list; CSRF tokens are not auth.
      // The last-character test keeps the common headers (accept, user-agent, …) to one comparison.
      const last = name.charCodeAt(name.length - 1);
      if (last === 110 /* n */ && name.endsWith('token') && !name.includes('csrf') && !name.includes('xsrf')) bits |= tokenBit(value);
      else if (last === 121 /* y */ && (name.endsWith('api-key') || name.endsWith('apikey'))) bits |= keyBit(value);
    } else if (role === Role.ContentType) contentType = value;
    else bits |= roleBit(role, value);
  }
  const url = req.url;
  const q = url.indexOf('?');
  if (q >= 0) bits |= paramBits(url, q + 1, url.length);
  if (contentType) bits |= bodyBits(req, contentType);
  if (bits & SIGN_WEAK && bits & SIGN_COMPANION) bits |= BIT.signature;
  return bits;
}

/** The strongest authentication the request carries, `none` if nothing. */
export function detectAuth(req: ExchangeRequest): AuthKind {
  const bits = authBits(req);
  if (bits !== 0) for (const k of AUTH_STRENGTH) if (bits & BIT[k]) return k;
  return 'none';
}

/** Every authentication kind the request carries, strongest first; `['none']` if nothing. */
export function authKinds(req: ExchangeRequest): AuthKind[] {
  const bits = authBits(req);
  const out: AuthKind[] = AUTH_STRENGTH.filter((k) => bits & BIT[k]);
  return out.length ? out : ['none'];
}
