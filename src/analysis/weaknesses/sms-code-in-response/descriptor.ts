import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    minDigits: z.number().int().min(3).default(4),
    maxDigits: z.number().int().max(12).default(8),
    /**
     * key names (normalised: lower case, no `_-.`) that hold a code whatever the body looks like,
     * beside the sensitive scan's `sms_code` label; a bare `code` is judged by its surroundings
     */
    codeKeys: z
      .array(z.string())
      .default(['smscode', 'verifycode', 'verificationcode', 'validatecode', 'validcode', 'checkcode', 'otp', 'otpcode', 'yzm', 'dxyzm', 'msgcode', 'mobilecode', 'phonecode', 'authcode', 'randomcode', 'randcode', 'dynamiccode', 'vcode', 'smsverifycode', 'captcha']),
    /** how deep in the body to look for code fields */
    maxDepth: z.number().int().min(1).default(4),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0013',
  rev: 1,
  slug: 'sms-code-in-response',
  kind: 'weakness',
  title: { zh: '验证码在响应中回显', en: 'Verification code echoed in the response' },
  description: {
    zh: '短信/邮件验证码发送接口在响应中直接返回了验证码本身。攻击者无需持有手机即可读取验证码，从而绕过短信验证完成登录、注册、重置密码或大额转账确认，验证码形同虚设。',
    en: 'A verification-code (SMS or e-mail) send endpoint returns the code itself in its response. An attacker can read it without holding the phone and so pass the SMS check for logins, sign-ups, password resets or payment confirmations: the code protects nothing.',
  },
  remediation: {
    zh: '验证码只通过短信或邮件通道下发，发送接口仅返回发送结果（成功/失败、倒计时）；检查是否残留测试或联调开关（如测试环境回显验证码的配置）被带到生产；验证码校验在服务端完成，并限制有效期和校验次数。',
    en: 'Deliver codes only over SMS or e-mail and let the send endpoint return only the outcome (sent or not, the countdown); look for test or integration switches that echo codes and were carried into production; check codes on the server with a short lifetime and a small number of attempts.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-200', 'CWE-287', 'CWE-640'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  params,
  appliesTo: {
    zh: '验证码发送类接口（功能分类为 verification-send）的成功响应',
    en: 'successful responses of verification-code send endpoints (function class verification-send)',
  },
};
