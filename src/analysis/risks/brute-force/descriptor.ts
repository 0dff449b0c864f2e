import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** failed logins on one account in the window */
    minFailures: z.number().int().min(2).default(10),
    windowSeconds: z.number().int().min(10).default(600),
    maxAccounts: z.number().int().min(100).default(200_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0001',
  rev: 1,
  slug: 'brute-force',
  kind: 'risk',
  title: { zh: '暴力破解', en: 'Brute force on one account' },
  description: {
    zh: '同一账号在短时间内多次登录失败，疑似针对该账号的口令猜测。',
    en: 'Many failed logins on one account in a short time: someone is guessing its password.',
  },
  remediation: {
    zh: '对账号启用失败次数锁定或递增延时，登录增加图形/滑块验证码或短信二次验证；核查是否最终登录成功（见 success-after-failures）。',
    en: 'Lock or slow down the account after failures, add a captcha or SMS second factor; check whether a login finally succeeded (see success-after-failures).',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-307'],
  params,
  appliesTo: { zh: '登录接口的请求与结果', en: 'login attempts and their outcomes' },
};
