import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { DEFAULT_FACTOR_FIELDS } from '../../identity/second-factor.js';

export const params = z
  .object({
    /** successful password logins without any second factor an endpoint must show before it is reported */
    minSuccesses: z.number().int().min(1).default(3),
    /**
     * only report apps that handle high-grade data (an endpoint of the same app graded 高敏感 from
     * its labels: identity or card numbers in clear in bulk, full personal profiles, secrets);
     * decided at the end of each input over the catalog
     */
    onlyHighGrade: z.boolean().default(false),
    /** request field names (normalised substrings) that carry a second factor or a captcha, by kind */
    factorFields: z
      .record(z.string(), z.array(z.string()))
      .default(() => Object.fromEntries(Object.entries(DEFAULT_FACTOR_FIELDS).map(([k, v]) => [k, [...v]]))),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0009',
  rev: 1,
  slug: 'single-factor-login',
  kind: 'weakness',
  title: { zh: '登录仅凭口令（无二次验证或验证码）', en: 'Login with a password alone (no second factor or captcha)' },
  description: {
    zh: '登录接口仅凭用户名和口令即可登录成功：请求中没有短信验证码、动态口令、图形/滑块验证码、设备或 U 盾签名等任何第二因素，响应也未要求进一步验证。口令一旦泄露或被猜中即可直接登录，且接口可被自动化撞库、暴力破解。',
    en: 'The login endpoint lets users in with a username and password alone: the request carries no SMS or one-time code, no image or slider captcha, no device or U-key signature, and the response asks for no further step. A leaked or guessed password is enough, and the endpoint is open to automated credential stuffing and brute force.',
  },
  remediation: {
    zh: '对高敏感业务系统的登录启用多因素认证（短信验证码、动态令牌、设备绑定或生物识别），至少在新设备、异地或风险较高时触发二次验证；对登录接口启用图形/滑块验证码等人机识别，并结合失败次数限制。',
    en: 'Require multi-factor authentication for logins to high-grade systems (SMS code, OTP token, device binding or biometrics), at least on new devices, new locations or risky logins; put a captcha or other bot check in front of the login and limit failed attempts.',
  },
  severity: 'medium',
  owasp: ['API2:2023'],
  cwe: ['CWE-308', 'CWE-307'],
  references: ['JR/T 0068-2020 网上银行系统信息安全通用规范', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  params,
  appliesTo: {
    zh: '登录类接口中携带口令且登录成功的交换',
    en: 'successful logins on endpoints classed as login whose request carries a password',
  },
};
