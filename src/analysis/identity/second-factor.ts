/**
 * Signs of a second factor or an anti-automation check around a password login: fields the
 * request carries (an SMS or one-time code, an image or slider captcha's answer or ticket, a
 * device or U-key signature, a face-check token) and a response that stops halfway and asks for
 * one (`needSms: true`, `mfaRequired`, a pre-auth token, "请输入短信验证码").
 *
 *   secondFactorField('imgVerifyCode')     // 'captcha'
 *   secondFactorField('geetest_validate')  // 'captcha'
 *   secondFactorField('smsCode')           // 'one-time code'
 *   secondFactorField('loginName')         // undefined
 *   stepUpRequested({ code: '0000', data: { needSmsVerify: true } })  // 'needSmsVerify'
 */

export type FactorKind = 'one-time code' | 'captcha' | 'device' | 'biometric';

const norm = (k: string): string => k.toLowerCase().replace(/[-_.\s]/g, '');

/**
 * Substrings of normalised field names, by kind. Pinyin: yzm 验证码, dxyzm 短信验证码, dtmm 动态密码,
 * tpyzm 图片验证码. `ticket`/`randstr` are Tencent captcha's answer, `nvc`/`afs` Aliyun's,
 * `geetest` GeeTest's; `ukey`/`usbkey`/`certsign` a bank U-shield's signature.
 */
export const DEFAULT_FACTOR_FIELDS: Readonly<Record<FactorKind, readonly string[]>> = {
  'one-time code': ['smscode', 'sms', 'otp', 'totp', 'mfa', '2fa', 'twofactor', 'dynamiccode', 'dynamicpwd', 'dynamicpassword', 'dtmm', 'yzm', 'verifycode', 'verificationcode', 'validatecode', 'checkcode', 'vcode', 'authcode', 'securitycode', 'tokencode'],
  captcha: ['captcha', 'kaptcha', 'imgcode', 'imagecode', 'piccode', 'tpyzm', 'slider', 'slide', 'geetest', 'ticket', 'randstr', 'nvc', 'afs', 'recaptcha', 'hcaptcha', 'turnstile'],
  device: ['devicetoken', 'deviceticket', 'devicesign', 'ukey', 'usbkey', 'certsign', 'signcert', 'usbkeysign'],
  biometric: ['facetoken', 'faceid', 'liveness', 'biotoken', 'fingerprinttoken'],
};

/** A second-factor matcher over the given name lists (normalised substrings). */
export function factorMatcher(fields: Readonly<Record<string, readonly string[]>> = DEFAULT_FACTOR_FIELDS): (name: string) => string | undefined {
  const entries: [string, string][] = [];
  for (const [kind, parts] of Object.entries(fields)) for (const p of parts) entries.push([norm(p), kind]);
  const cache = new Map<string, string | null>();
  return (name: string): string | undefined => {
    let r = cache.get(name);
    if (r === undefined) {
      const n = norm(name);
      r = null;
      for (const [p, kind] of entries) {
        if (p !== '' && n.includes(p)) {
          r = kind;
          break;
        }
      }
      if (cache.size >= 4096) cache.clear();
      cache.set(name, r);
    }
    return r ?? undefined;
  };
}

/** The kind of second factor a request field name stands for, or undefined (default name lists). */
export const secondFactorField = factorMatcher();

/** Keys that, when true or non-empty in a login answer, mean "not yet: prove a second factor". */
const STEP_UP_EXACT = new Set([
  'mfarequired', 'requiremfa', 'mfa', 'twofactor', 'twofactorrequired', 'stepup', 'challenge', 'challengeid', 'challengetype', 'challengetoken',
  'mfatoken', 'preauthtoken', 'pretoken', 'temptoken', 'secondauth', 'needsecondauth', 'verifytype', 'authtype2', 'riskverify',
]);
/** `need…` / `require…` keys naming a factor (`needSmsVerify`, `requireCaptcha`, `isNeedOtp`). */
const STEP_UP_PART = /(?:need|require|must)[a-z]*(?:sms|otp|mfa|captcha|verif|factor|code|face|device|auth)|(?:sms|otp|mfa|captcha|face|device)[a-z]*(?:required|needed)/;
const STEP_UP_MESSAGE = /短信验证码|输入验证码|动态密码|二次验证|二次认证|身份验证|设备验证|人脸|verification code|one-time|second factor|two-factor|2fa|mfa/i;
const MESSAGE_KEYS = new Set(['msg', 'message', 'retmsg', 'returnmsg', 'resultmsg', 'respmsg', 'rspmsg', 'tip', 'tips', 'desc', 'hint', 'info']);

function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (typeof v === 'string') return v !== '' && !/^(false|0|n|no|null|none)$/i.test(v);
  if (typeof v === 'number') return v !== 0;
  return typeof v === 'object' && v !== null;
}

/** The key (or `message`) by which a login answer asks for a second factor, or undefined. Looks 3 levels deep. */
export function stepUpRequested(doc: unknown): string | undefined {
  let level: Record<string, unknown>[] = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? [doc as Record<string, unknown>] : [];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: Record<string, unknown>[] = [];
    for (const o of level) {
      let keys = 0;
      for (const k in o) {
        if (++keys > 200) break;
        const v = o[k];
        const n = norm(k);
        if ((STEP_UP_EXACT.has(n) || STEP_UP_PART.test(n)) && truthy(v)) return k;
        if (typeof v === 'string' && v.length <= 200 && MESSAGE_KEYS.has(n) && STEP_UP_MESSAGE.test(v)) return 'message';
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) next.push(v as Record<string, unknown>);
      }
    }
    level = next;
  }
  return undefined;
}
