/**
 * credential — 令牌/密钥: secrets that grant access by themselves. Recognised by structure:
 * - JWT: three base64url parts whose first decodes to a JSON header with `alg`;
 * - `Bearer …` / `Basic …` authorisation values;
 * - cloud access key ids: AWS `AKIA`/`ASIA` + 16 base-32 characters, Aliyun `LTAI` + 12–20,
 *   Tencent Cloud `AKID` + 32 alphanumerics;
 * - PEM private keys (`-----BEGIN … PRIVATE KEY-----`);
 * - database URLs with a password (`mysql://user:pass@host`, `jdbc:…password=…`).
 * Under a key hint (`token`, `secretKey`…) an opaque token-shaped value also counts.
 *
 *   validate('AKIAIOSFODNN7EXAMPLE') // { ok: true, value: 'AKIAIOSFODNN7EXAMPLE', detail: { kind: 'aws-key' } }
 */
import { maskShape } from '../mask.js';
import { allMasked, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

function b64url(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

function allOf(s: string, from: number, to: number, ok: (c: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (!ok(s.charCodeAt(i))) return false;
  return to > from;
}

const alnum = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const base32 = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 50 && c <= 55);

/** A JWT (JWS compact form) whose header is JSON with an `alg`. */
export function isJwt(s: string): boolean {
  if (!s.startsWith('eyJ') || s.length > 16384) return false;
  const d1 = s.indexOf('.');
  const d2 = s.indexOf('.', d1 + 1);
  if (d1 < 0 || d2 < 0 || s.indexOf('.', d2 + 1) >= 0) return false;
  if (!allOf(s, 0, d1, b64url) || !allOf(s, d1 + 1, d2, b64url) || (d2 + 1 < s.length && !allOf(s, d2 + 1, s.length, b64url))) return false;
  try {
    const header = JSON.parse(Buffer.from(s.slice(0, d1), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

const DB_SCHEMES = /^(?:mysql|mariadb|postgres|postgresql|mongodb|mongodb\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|oracle|clickhouse|jdbc:[a-z0-9]+):\/\//i;

/** A database URL carrying a password, as userinfo or a `password=` parameter. */
export function isDbUrl(s: string): boolean {
  if (s.length > 2048) return false;
  if (DB_SCHEMES.test(s)) {
    const rest = s.slice(s.indexOf('://') + 3);
    const at = rest.indexOf('@');
    const slash = rest.indexOf('/');
    const colon = rest.indexOf(':');
    if (at > 0 && colon >= 0 && colon < at && (slash < 0 || at < slash) && at - colon > 1) return true; // user may be empty (redis://:pw@…)
  }
  if (/^jdbc:/i.test(s)) return /[?;&:]password=[^;&\s]/i.test(s);
  return false;
}

/** What kind of credential `s` is by structure alone, or undefined. */
export function credentialKind(s: string): string | undefined {
  const n = s.length;
  if (n >= 20 && (s.startsWith('AKIA') || s.startsWith('ASIA')) && n === 20 && allOf(s, 4, 20, base32)) return 'aws-key';
  if (s.startsWith('LTAI') && n >= 16 && n <= 24 && allOf(s, 4, n, alnum)) return 'aliyun-key';
  if (s.startsWith('AKID') && n === 36 && allOf(s, 4, n, alnum)) return 'tencent-key';
  if (s.startsWith('eyJ') && isJwt(s)) return 'jwt';
  if (s.startsWith('-----BEGIN ') && /^-----BEGIN (?:[A-Z]{2,10} )?(?:ENCRYPTED )?PRIVATE KEY-----/.test(s)) return 'private-key';
  if (/^bearer\s+\S{8,}/i.test(s)) return isJwt(s.slice(7).trim()) ? 'bearer-jwt' : 'bearer';
  if (/^basic\s+[A-Za-z0-9+/]{4,}={0,2}$/i.test(s)) return 'basic';
  if (s.includes('://') || s.startsWith('jdbc:')) return isDbUrl(s) ? 'db-url' : undefined;
  return undefined;
}

/** An opaque token under a key hint: 16+ characters, no spaces, letters and digits mixed. */
function tokenShaped(s: string): boolean {
  if (s.length < 16 || s.length > 4096) return false;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c > 126) return false;
    if (c >= 48 && c <= 57) digits++;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
  }
  return letters > 0 && digits > 0;
}

export function compact(v: string): string {
  return v.trim();
}

export function validate(v: string, ctx?: CheckContext): Validation {
  const s = compact(v);
  if (s.length < 8) return invalid('length');
  const kind = credentialKind(s);
  if (kind) return { ok: true, value: s, detail: { kind } };
  if (ctx?.hinted && tokenShaped(s)) return { ok: true, value: s, detail: { kind: 'token' } };
  return invalid('format');
}

/** `AKIA************`, `Bearer ****`, or all stars under a key hint. */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const s = v.trim();
  if (ctx?.hinted && allMasked(s)) return { pattern: 'keep 0+0', partial: false };
  const m = maskShape(s.replace(/^(bearer|basic)\s+/i, ''));
  if (!m || m.hidden < 4) return undefined;
  const known = /^(AKIA|ASIA|LTAI|AKID|eyJ)/.test(m.prefix) || /^(bearer|basic)\s/i.test(s);
  if (!known && !ctx?.hinted) return undefined;
  return { pattern: `keep ${m.prefix.length}+${m.suffix.length}`, partial: m.prefix.length + m.suffix.length > 8 };
}

export const credential = recogniser({ label: 'credential', trigger: 'value', compact, validate, checkMasked });
export const isValid = credential.isValid;
