import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** an opaque value under a secret key (`appSecret`, `clientSecret`, `secretKey`) counts from this many characters */
    minSecretLength: z.number().int().min(8).default(16),
    /** … and from this Shannon entropy in bits per character (random hex is ~3.9, random base64 ~5.5; `aaaa1111…` is below 2) */
    minSecretEntropy: z.number().min(0).max(8).default(3),
    /** text (non-JSON) bodies are searched for keys up to this many characters */
    maxTextScan: z.number().int().min(1024).default(64 * 1024),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0011',
  rev: 1,
  slug: 'secret-in-response',
  kind: 'weakness',
  title: { zh: '响应中泄露密钥', en: 'Secrets returned in responses' },
  description: {
    zh: '接口响应中返回了服务端密钥：云服务 AccessKey（阿里云 LTAI、腾讯云 AKID、AWS AKIA，含或不含 Secret）、私钥（PEM 格式）、带密码的数据库连接串（jdbc/mongodb/redis 等）或应用级密钥（appSecret、clientSecret、secretKey）。拿到响应的任何人（包括前端、代理、日志、第三方 SDK）都可以冒用这些密钥直接访问云资源、数据库或内部服务。',
    en: 'A response returns a server-side secret: a cloud access key (Aliyun LTAI, Tencent AKID, AWS AKIA, with or without its secret), a PEM private key, a database connection string with a password (jdbc, mongodb, redis…) or an application secret (appSecret, clientSecret, secretKey). Whoever sees the response (the front end, proxies, logs, third-party SDKs) can use it to reach cloud resources, databases or internal services directly.',
  },
  remediation: {
    zh: '立即轮换已暴露的密钥并审计其使用记录；密钥只保存在服务端（KMS/密钥管理系统），不得下发到客户端或写入接口返回；前端需要访问云存储时改用服务端签发的短时 STS 临时凭证或预签名 URL；关闭调试、配置类接口（如 actuator/env）的外网访问，并在网关对响应做密钥特征过滤。',
    en: 'Rotate the exposed secret at once and audit its use; keep secrets on the server (KMS or a secrets manager) and never return them to clients; give front ends short-lived STS credentials or pre-signed URLs for cloud storage instead; close debug and configuration endpoints (such as actuator/env) to the outside and filter secret patterns out of responses at the gateway.',
  },
  severity: 'high',
  owasp: ['API3:2023', 'API8:2023'],
  cwe: ['CWE-200', 'CWE-798', 'CWE-522'],
  references: [
    'JR/T 0171-2020 §7.1 (C3 authentication information)',
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
    'https://cwe.mitre.org/data/definitions/798.html',
  ],
  params,
  appliesTo: {
    zh: '响应中被识别出令牌/密钥（credential 标签）的交换；会话令牌（登录、token 接口签发的 JWT/access token）、公钥和已脱敏的密钥不在此列',
    en: 'exchanges whose response carries a token or key (the `credential` label); session tokens issued by login or token endpoints, public keys and masked keys are not reported',
  },
};
