import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

/** authentication data (C3) and identifying or financial personal data (C2) */
const TRANSPORT_LABELS: LabelId[] = [
  'password', 'pay_password', 'credential', 'sms_code', 'card_cvv', 'card_track', 'card_expiry',
  'cn_id', 'bank_card', 'cn_mobile', 'passport', 'hk_mo_permit', 'tw_permit', 'person_name', 'email', 'address',
  'fund_account', 'securities_account', 'balance', 'transaction',
];

export const params = z
  .object({
    /**
     * off by default: mirrored traffic is usually taken behind the load balancer that terminated
     * TLS, so port 80 there says nothing about the client's leg; turn on where policy requires
     * TLS up to the application (or the mirror is taken before termination)
     */
    requireTls: z.boolean().default(false),
    /** server ports that speak TLS */
    tlsPorts: z.array(z.number().int().min(1).max(65535)).default([443, 8443]),
    /** when not empty, only these server ports count as cleartext (other non-TLS ports are left alone) */
    plaintextPorts: z.array(z.number().int().min(1).max(65535)).default([]),
    /** `x-forwarded-proto: https`, `x-forwarded-ssl: on` or `forwarded: proto=https` mean the client leg was TLS */
    trustForwardedProto: z.boolean().default(true),
    /** labels that count when they travel in clear (masked values never count) */
    labels: z.array(z.enum(LABEL_IDS)).default(TRANSPORT_LABELS),
    /** credentials the request authenticated with (Authorization, session cookie, API key) count too */
    includeAuth: z.boolean().default(true),
    /** a hashed or encrypted password is not one in clear */
    acceptHashed: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0019',
  rev: 1,
  slug: 'cleartext-sensitive-transport',
  kind: 'weakness',
  title: { zh: '敏感数据通过明文 HTTP 传输', en: 'Sensitive data over cleartext HTTP' },
  description: {
    zh: '按本行策略应使用 TLS 的接口，以明文 HTTP 传输密码、令牌、会话凭证或身份证号、银行卡号等个人金融信息（服务端口非 TLS 端口，且无 X-Forwarded-Proto 等头表明客户端一侧已加密）。链路上任何可监听或劫持流量的一方都能读取或篡改这些数据。',
    en: 'An API that policy requires to use TLS carries passwords, tokens, session credentials or personal financial data (resident ID, card number…) over plain HTTP: the server port is not a TLS port and no X-Forwarded-Proto or similar header says the client leg was encrypted. Anyone who can watch or intercept the link can read or alter the data.',
  },
  remediation: {
    zh: '对外及行内跨区访问的接口一律启用 TLS 1.2 及以上（可采用国密 TLCP），关闭或 301 重定向 HTTP 端口并启用 HSTS；负载均衡卸载 TLS 时，负载均衡至应用段应在受控网络内并按需重新加密，同时正确设置 X-Forwarded-Proto 头。',
    en: 'Serve every external and cross-zone API over TLS 1.2 or later (or the national TLCP suite), close the HTTP port or redirect it with 301 and enable HSTS; where the load balancer terminates TLS, keep the balancer-to-application leg inside a controlled network or re-encrypt it, and set X-Forwarded-Proto.',
  },
  severity: 'high',
  owasp: ['API8:2023'],
  cwe: ['CWE-319', 'CWE-523'],
  references: ['JR/T 0171-2020 §7.1.2 (transmission of C3/C2 information)', 'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/'],
  params,
  appliesTo: {
    zh: '启用 requireTls 时，服务端口不在 TLS 端口列表内、且未经 HTTPS 转发头证明的请求与响应',
    en: 'with requireTls on: exchanges on a server port outside the TLS ports that no forwarded-proto header shows as HTTPS',
  },
};
