import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** failed logins on the account within the window before the success, when they came from several addresses or the success from another one */
    minFailures: z.number().int().min(2).default(5),
    /**
     * the same when the failures and the success all came from one address: a customer who
     * forgot the password retries from where they are and stays under the bank's lockout
     */
    minFailuresSameClient: z.number().int().min(2).default(10),
    /** how far back failures count when a login succeeds */
    windowSeconds: z.number().int().min(60).default(1800),
    /** failure times kept per account (the measured value saturates here) */
    maxFailuresKept: z.number().int().min(10).max(10_000).default(200),
    /** accounts with recent failures tracked at once (least recently failed out first) */
    maxAccounts: z.number().int().min(100).default(200_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0004',
  rev: 1,
  slug: 'success-after-failures',
  kind: 'risk',
  title: { zh: '多次失败后登录成功', en: 'Login success after many failures' },
  description: {
    zh: '同一账号短时间内多次登录失败（可来自多个地址），随后登录成功：口令很可能已被猜中或撞中，账号疑似失陷。',
    en: 'An account failed to log in many times in a short while (possibly from several addresses) and then logged in: its password was probably guessed or replayed and the account is likely compromised.',
  },
  remediation: {
    zh: '冻结或限制该账号的敏感交易，联系客户核实并重置密码；对失败后的成功登录强制短信或设备二次验证；封禁参与失败尝试的来源。',
    en: 'Freeze or restrict sensitive transactions on the account, contact the customer and reset the password; require an SMS or device second factor for a login that follows failures; block the sources of the failed attempts.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-307', 'CWE-287'],
  params,
  appliesTo: { zh: '登录接口的请求与结果', en: 'login attempts and their outcomes' },
};
