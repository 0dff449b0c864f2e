/**
 * Masking of values before anything is stored or printed (privacy by design). Deliberately
 * conservative until the sensitive-data recognisers grade every value: credentials are replaced,
 * every run of 6+ digits keeps only its last 4 digits (ID numbers, mobiles, card and account
 * numbers), long values are cut.
 *
 *   maskDigits('id=110101199003071234')   // 'id=**************1234'
 *   maskValue('password', 'hunter2')      // '***'
 */
const DIGIT_RUN = /\d{6,}/g;
const SECRET_KEY = /pass|pwd|secret|token|auth|sign|key|cookie|session|ticket|otp|captcha|verify_?code|sms_?code|yzm|mima|cvv|cvn/i;
const MAX_VALUE = 64;

export function maskDigits(s: string): string {
  return s.replace(DIGIT_RUN, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
}

/** Mask one parameter value, using its name as a hint. */
export function maskValue(key: string, value: string): string {
  if (key && SECRET_KEY.test(key)) return '***';
  const v = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
  return maskDigits(v);
}

/** `"password": "hunter2"` (JSON) and `pwd=hunter2` (forms, queries) under credential-like keys. */
const JSON_SECRET = /("([A-Za-z0-9_.-]{0,40})"\s*:\s*)"((?:[^"\\]|\\.){0,4096})"/g;
const PAIR_SECRET = /(^|[?&;\s])([A-Za-z0-9_.-]{1,40})=([^&;\s"]{1,4096})/g;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g;
const PEM_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;

/**
 * Replace secrets in a body, URL or header text: values under credential-like keys (JSON and
 * key=value forms), JWTs and private keys anywhere. For evidence and samples, after maskDigits.
 *
 *   maskSecrets('{"user":"a","password":"hunter2"}')   // '{"user":"a","password":"***"}'
 */
export function maskSecrets(s: string): string {
  let out = s;
  // a key is part of the text: where no credential-like word occurs at all, no pair can match
  // (one scan of the text instead of a replace that calls back on every pair)
  const keyed = SECRET_KEY.test(out);
  if (keyed && out.includes('"')) out = out.replace(JSON_SECRET, (m, head: string, key: string) => (SECRET_KEY.test(key) ? `${head}"***"` : m));
  if (keyed && out.includes('=')) out = out.replace(PAIR_SECRET, (m, lead: string, key: string) => (SECRET_KEY.test(key) ? `${lead}${key}=***` : m));
  if (out.includes('eyJ')) out = out.replace(JWT_LIKE, 'eyJ***');
  if (out.includes('PRIVATE KEY-----')) out = out.replace(PEM_KEY, '-----BEGIN PRIVATE KEY----- *** -----END PRIVATE KEY-----');
  return out;
}
