import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** a password counts as protected when it looks like a hash or an encrypted blob; set false to flag every password field */
    acceptHashed: z.boolean().default(true),
    /** also flag payment passwords (交易密码) */
    payPasswords: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0003',
  rev: 1,
  slug: 'plaintext-credentials',
  kind: 'weakness',
  title: { zh: '明文传输密码', en: 'Plaintext credentials in requests' },
  description: {
    zh: '请求中的登录密码或交易密码以明文形式出现（既非哈希也非加密），任何能看到流量、日志或网关的人都能读取。',
    en: 'A login or payment password travels in the request in clear (neither hashed nor encrypted): whoever sees the traffic, logs or gateways can read it.',
  },
  remediation: {
    zh: '在客户端使用服务端公钥（如 SM2/RSA）加密密码，或采用挑战-响应与安全键盘；全程使用 TLS，并确保网关与日志不记录密码字段。',
    en: 'Encrypt passwords on the client with the server\'s public key (SM2/RSA) or use a challenge-response scheme and a secure keyboard; keep TLS end to end and make sure gateways and logs never record password fields.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-319', 'CWE-256'],
  references: ['JR/T 0171-2020 §7.1 (C3 authentication information)', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  params,
  appliesTo: { zh: '请求中带密码字段（password、pwd、mm…）的交换', en: 'requests carrying a password field (password, pwd, mm…)' },
};
