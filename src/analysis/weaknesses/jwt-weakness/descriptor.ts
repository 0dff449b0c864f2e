import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS } from '../../sensitive/labels.js';

export const params = z
  .object({
    /** an access token may live this long (exp − iat, or exp − the time it was seen when there is no iat) */
    maxLifetimeSeconds: z.number().int().positive().default(86_400),
    /** a refresh token (its field or `typ`/`token_type` says refresh) may live this long */
    maxRefreshLifetimeSeconds: z.number().int().positive().default(30 * 86_400),
    /** data labels that must not sit in readable claims */
    sensitiveClaimLabels: z.array(z.enum(LABEL_IDS)).default(['cn_id', 'cn_mobile', 'bank_card', 'password', 'pay_password', 'person_name', 'passport', 'card_cvv']),
    /**
     * a token sent with requests reaches every endpoint of the app: one problem of one issuer is
     * reported on at most this many endpoints (the issuing endpoint, when seen, always gets it)
     */
    maxEndpointsPerProblem: z.number().int().positive().default(10),
    /** decoded tokens remembered (the same token repeats across a session's requests) */
    cacheSize: z.number().int().positive().default(1000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0015',
  rev: 1,
  slug: 'jwt-weakness',
  kind: 'weakness',
  title: { zh: 'JWT 令牌配置缺陷', en: 'JWT weaknesses' },
  description: {
    zh: '流量中签发或携带的 JWT 存在缺陷：算法为 none（未签名，可被任意伪造）、缺少 exp 过期时间（令牌永久有效）、有效期过长，或在载荷中明文携带身份证号、手机号、银行卡号、姓名、密码等个人敏感信息（JWT 载荷仅做 Base64URL 编码，任何人都能解码读取）。对称算法（HS256）本身不视为缺陷。',
    en: 'A JWT issued or carried in the traffic is weak: its algorithm is `none` (unsigned, anyone can forge one), it has no `exp` (valid forever), it lives too long, or its payload carries personal data such as ID, mobile or card numbers, names or passwords (a JWT payload is only base64url-encoded: anyone can read it). A symmetric algorithm (HS256) is not a weakness by itself.',
  },
  remediation: {
    zh: '服务端固定允许的签名算法白名单（如 RS256/ES256/SM2），拒绝 alg=none 及算法切换；所有访问令牌必须设置 exp，访问令牌有效期建议不超过 24 小时（手机银行建议 15–30 分钟），配合刷新令牌与服务端注销机制；载荷只放不透明的用户标识，个人敏感信息留在服务端查询，确需传递时使用 JWE 加密。',
    en: 'Pin the accepted signature algorithms on the server (RS256/ES256/SM2) and refuse `none` and algorithm switching; give every access token an `exp`, at most 24 hours (15–30 minutes for mobile banking) with refresh tokens and server-side revocation; put only an opaque user id in the payload and keep personal data on the server, or encrypt the token (JWE) when it must travel.',
  },
  severity: 'medium',
  owasp: ['API2:2023', 'API3:2023'],
  cwe: ['CWE-347', 'CWE-613', 'CWE-359'],
  references: ['RFC 8725 (JSON Web Token Best Current Practices)', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  params,
  appliesTo: {
    zh: '请求（Authorization 头、自定义令牌头、Cookie、参数）中携带或响应（正文、Set-Cookie）中签发 JWT 的交换',
    en: 'exchanges that carry a JWT in the request (Authorization or a token header, cookies, parameters) or issue one in the response (body, Set-Cookie)',
  },
};
