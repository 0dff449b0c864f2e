import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

/** Personal data that must not travel in a URL; credentials in URLs are credentials-in-url's (GL-W-0004). */
const URL_LABELS: LabelId[] = [
  'cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'person_name',
  'address', 'landline', 'card_cvv', 'card_expiry', 'card_track', 'fund_account', 'securities_account',
];

export const params = z
  .object({
    /** labels that count when found in clear in a query parameter or path segment */
    labels: z.array(z.enum(LABEL_IDS)).default(URL_LABELS),
    /** also validate path segments (`/users/110101199003071233/profile`) with the recognisers */
    checkPath: z.boolean().default(true),
    /** answers that say the endpoint does not exist (probes, typos) are not the API's design */
    ignoreStatuses: z.array(z.number().int()).default([404, 405, 501]),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0005',
  rev: 1,
  slug: 'sensitive-data-in-url',
  kind: 'weakness',
  title: { zh: 'URL 中含明文个人敏感信息', en: 'Personal data in the URL' },
  description: {
    zh: '身份证号、手机号、银行卡号、邮箱、护照号、姓名等个人信息以明文出现在请求 URL 的查询参数或路径中。URL 会被 Web 服务器与网关访问日志、代理与 CDN、浏览器历史及 Referer 头记录和转发，敏感信息由此在行内外多处留存，超出最小必要范围。',
    en: 'Personal data (resident ID, mobile, bank card, e-mail, passport, name…) appears in clear in the request URL, in a query parameter or a path segment. URLs are written to web server and gateway access logs, proxies and CDNs, browser history and Referer headers, so the data is copied to many places outside its protection.',
  },
  remediation: {
    zh: '改用 POST 请求体传递个人信息查询条件，或以不可逆的业务流水号、客户号、令牌化标识代替证件号与卡号；确需放在 URL 中的，先脱敏或加密；同时清理网关、Nginx 及应用访问日志中已留存的数据。',
    en: 'Send personal query criteria in a POST body, or reference customers and cards by an opaque customer number or token instead of the ID or card number; if a value must stay in the URL, mask or encrypt it; purge what access logs of gateways, Nginx and applications already hold.',
  },
  severity: 'medium',
  owasp: ['API8:2023', 'API3:2023'],
  cwe: ['CWE-598', 'CWE-359', 'CWE-532'],
  references: [
    'JR/T 0171-2020 §7.1 (personal financial information in transmission)',
    'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url',
  ],
  params,
  appliesTo: {
    zh: '查询参数或路径段中含有明文个人信息（按识别器校验，已脱敏的值除外）的请求',
    en: 'requests whose query parameters or path segments carry personal data in clear (validated by the recognisers; masked values excluded)',
  },
};
