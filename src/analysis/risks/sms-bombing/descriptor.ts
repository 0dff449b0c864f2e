import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    windowSeconds: z.number().int().min(60).default(600),
    /** code send requests for one recipient (number, e-mail or signed-in account) in the window */
    perTargetPerWindow: z.number().int().min(2).default(10),
    /** code send requests naming a recipient from one client in the window */
    perClientPerWindow: z.number().int().min(2).default(40),
    /** recipients tracked at once (least recently asked out first) */
    maxTargets: z.number().int().min(100).default(100_000),
    /** clients tracked at once */
    maxClients: z.number().int().min(100).default(50_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0008',
  rev: 1,
  slug: 'sms-bombing',
  kind: 'risk',
  title: { zh: '短信轰炸', en: 'SMS bombing' },
  description: {
    zh: '短时间内反复请求向同一号码发送短信/邮件验证码，或同一来源大量请求发送验证码：骚扰受害者、消耗短信费用，或掩护其他攻击。',
    en: 'Verification codes are requested for the same number over and over in a short time, or one client requests many: it harasses the victim, burns SMS budget, or covers another attack.',
  },
  remediation: {
    zh: '按号码、来源和设备限制验证码发送频率与日上限，发送前要求图形/滑块验证码；封禁来源，必要时通知号码持有人。',
    en: 'Limit code sends per number, client and device (per minute and per day), require a captcha before sending; block the source and tell the number\'s owner if needed.',
  },
  severity: 'medium',
  owasp: ['API4:2023', 'API6:2023'],
  cwe: ['CWE-799', 'CWE-770'],
  params,
  appliesTo: { zh: '验证码发送接口的请求与结果', en: 'verification-code send requests and their answers' },
};
