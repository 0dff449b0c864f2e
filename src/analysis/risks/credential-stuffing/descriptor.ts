import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** distinct accounts tried from one client in the window */
    minAccounts: z.number().int().min(2).default(20),
    /** of its attempts, at least this many failed */
    minFailures: z.number().int().min(1).default(10),
    windowSeconds: z.number().int().min(10).default(600),
    maxClients: z.number().int().min(100).default(100_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0002',
  rev: 1,
  slug: 'credential-stuffing',
  kind: 'risk',
  title: { zh: '撞库攻击', en: 'Credential stuffing' },
  description: {
    zh: '同一来源在短时间内用大量不同账号尝试登录、且多数失败，疑似使用泄露的账号口令库批量撞库。',
    en: 'One client tries many different accounts in a short time, mostly failing: leaked username/password lists are being replayed.',
  },
  remediation: {
    zh: '对来源限速或封禁，登录接入设备指纹与人机验证；通知撞库成功的账号修改密码。',
    en: 'Rate-limit or block the source, add device fingerprinting and bot challenges to login; make the accounts that succeeded change their passwords.',
  },
  severity: 'high',
  owasp: ['API2:2023', 'API6:2023'],
  cwe: ['CWE-307', 'CWE-799'],
  params,
  appliesTo: { zh: '登录接口的请求与结果', en: 'login attempts and their outcomes' },
};
