import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

/** Token-named parameters that are not credentials: paging cursors, anti-CSRF and captcha tokens (normalised names). */
export const DEFAULT_IGNORED_NAMES = [
  'pagetoken', 'nextpagetoken', 'nexttoken', 'prevtoken', 'continuationtoken', 'continuetoken', 'synctoken', 'resumetoken', 'cursortoken', 'cursor',
  'csrf', 'csrftoken', 'xsrftoken', 'csrfmiddlewaretoken', 'authenticitytoken', 'requestverificationtoken', 'formtoken', 'submittoken', 'repeattoken',
  'captchatoken', 'captchaticket', 'captchaverification', 'slidetoken',
];

export const params = z
  .object({
    /** parameter names (normalised: lower case, no `_-.`) never reported */
    ignoredNames: z.array(z.string()).default(() => [...DEFAULT_IGNORED_NAMES]),
    /** leave out OAuth/OIDC and CAS callback values (`code`, `state`, `nonce`, one-time `ticket=ST-…`), which are meant to travel in the URL */
    ignoreCallbacks: z.boolean().default(true),
    /** also report passwords in the query (hashed ones too: a hash in a URL is replayed like the password) */
    passwords: z.boolean().default(true),
    /** also report credentials in redirect URLs (`Location` of 3xx answers) */
    redirects: z.boolean().default(true),
    /** also report session ids rewritten into the path (`;jsessionid=…`) */
    pathSessionIds: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0004',
  rev: 1,
  slug: 'credentials-in-url',
  kind: 'weakness',
  title: { zh: 'URL 中携带凭证', en: 'Credentials or tokens in URLs' },
  description: {
    zh: '口令、访问令牌、会话标识、API 密钥或 JWT 出现在 URL（查询参数、路径中的 ;jsessionid 或重定向地址）中。URL 会被浏览器历史、代理与网关访问日志、Referer 头和监控系统记录，凭证随之泄露，可被直接重放以冒用身份。',
    en: 'Passwords, access tokens, session ids, API keys or JWTs travel in the URL (query parameters, a ;jsessionid path parameter, or a redirect target). URLs are written to browser history, proxy and gateway access logs, Referer headers and monitoring systems, so the credential leaks there and can be replayed.',
  },
  remediation: {
    zh: '凭证改由请求头（Authorization）或 POST 请求体传递，会话使用带 HttpOnly、Secure 属性的 Cookie；禁用 URL 重写会话；单点登录回调只传递一次性、短时有效的授权码；已出现在日志中的令牌和密钥应及时吊销轮换。',
    en: 'Send credentials in headers (Authorization) or POST bodies and keep sessions in HttpOnly, Secure cookies; turn off URL-rewritten sessions; let SSO callbacks carry only one-time, short-lived codes; revoke and rotate tokens and keys that have reached logs.',
  },
  severity: 'medium',
  owasp: ['API2:2023', 'API8:2023'],
  cwe: ['CWE-598', 'CWE-200'],
  references: ['https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url', 'https://cwe.mitre.org/data/definitions/598.html'],
  params,
  appliesTo: {
    zh: '带查询参数的请求、路径含 ;jsessionid 的请求，以及 3xx 响应的重定向地址',
    en: 'requests with a query string or a ;jsessionid path parameter, and the Location of 3xx answers',
  },
};
