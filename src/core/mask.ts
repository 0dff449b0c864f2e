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
