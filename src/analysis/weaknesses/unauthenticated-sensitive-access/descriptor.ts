import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

const label = z.enum(LABEL_IDS);

export const params = z
  .object({
    /** labels that single out a customer or an account: one of them in clear is enough */
    strongLabels: z
      .array(label)
      .default((): LabelId[] => ['cn_id', 'bank_card', 'passport', 'hk_mo_permit', 'tw_permit', 'securities_account', 'fund_account', 'card_track', 'card_cvv', 'card_expiry', 'balance', 'transaction', 'password', 'pay_password']),
    /**
     * contact data, public in branch and staff lists: they count only together, at least
     * `minContactLabels` kinds, one of them in `contactAnchors` (a branch's name and address are not enough)
     */
    contactLabels: z.array(label).default((): LabelId[] => ['cn_mobile', 'email', 'person_name', 'address', 'plate']),
    contactAnchors: z.array(label).default((): LabelId[] => ['cn_mobile', 'email', 'plate']),
    minContactLabels: z.number().int().min(1).default(2),
    /**
     * path words of public reference data (branch and ATM finders, product and rate lists, notices):
     * there contact data alone (a branch manager's phone) is not reported; strong labels still are
     */
    publicPathWords: z
      .array(z.string())
      .default(() => ['branch', 'outlet', 'wangdian', 'netpoint', 'atm', 'site', 'store', 'product', 'rate', 'notice', 'news', 'announcement', 'holiday', 'faq', 'public']),
    /** unauthenticated exchanges with data an endpoint must show before it is reported (one-offs are not) */
    minExchanges: z.number().int().min(1).default(3),
    /** also judge HTML pages (public pages carry contact numbers and e-mail addresses) */
    includeHtml: z.boolean().default(false),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0001',
  rev: 1,
  slug: 'unauthenticated-sensitive-access',
  kind: 'weakness',
  title: { zh: '未鉴权接口返回敏感数据', en: 'Sensitive data returned without authentication' },
  description: {
    zh: '接口在请求未携带任何凭证（无令牌、无会话 Cookie、无签名）的情况下返回了明文的个人或金融敏感信息（身份证号、银行卡号、手机号、余额、交易记录等）。任何人无需登录即可调用该接口获取客户数据，极易被批量爬取造成大规模信息泄露。',
    en: 'The endpoint returns personal or financial data in clear (ID numbers, card numbers, mobile numbers, balances, transactions…) to requests that carry no credential at all (no token, no session cookie, no signature). Anyone can call it without logging in and harvest customer data in bulk.',
  },
  remediation: {
    zh: '在网关或应用层对该接口强制身份认证并校验数据归属（仅返回当前登录客户本人的数据）；确需对外开放的接口应改为签名鉴权并对敏感字段脱敏返回；排查同类接口的鉴权配置遗漏（如网关白名单、匿名路径规则）。',
    en: 'Enforce authentication for the endpoint at the gateway or in the application and check that the data belongs to the caller; an endpoint that must stay open should require signed requests and return sensitive fields masked; review similar endpoints for the same gap (gateway allow-lists, anonymous path rules).',
  },
  severity: 'high',
  owasp: ['API2:2023', 'API1:2023'],
  cwe: ['CWE-306', 'CWE-359'],
  references: ['JR/T 0171-2020 个人金融信息保护技术规范', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  params,
  appliesTo: {
    zh: '未携带任何凭证且响应成功（2xx）并含明文敏感数据的交换；登录、注册等凭口令或验证码自证身份的接口除外',
    en: 'successful (2xx) exchanges without any credential whose response holds sensitive data in clear; logins, registrations and other requests that prove identity with a password or code are left out',
  },
};
