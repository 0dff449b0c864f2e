import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

/**
 * identifiers and authentication data a response should show masked, if at all (JR/T 0171 C3 and
 * identifying C2); not card_expiry: coupons and loans carry `expDate: 12/27` too
 */
const CLEAR_LABELS: LabelId[] = ['cn_id', 'bank_card', 'card_cvv', 'card_track', 'password', 'pay_password', 'passport', 'hk_mo_permit', 'tw_permit'];
/**
 * personal labels that count towards "more than a screen needs"; not landline and geo, which
 * branch and ATM locators return by the hundred (public reference data)
 */
const PERSONAL_LABELS: LabelId[] = [
  'cn_id', 'cn_mobile', 'bank_card', 'card_cvv', 'card_expiry', 'card_track', 'password', 'pay_password', 'person_name', 'address', 'email',
  'passport', 'hk_mo_permit', 'tw_permit', 'plate', 'fund_account', 'securities_account',
];
/** labels a list may show in clear a few times, but not in bulk (not address: branch lists) */
const BULK_LABELS: LabelId[] = ['cn_mobile', 'person_name', 'email'];

export const params = z
  .object({
    /** labels reported whenever a response carries them in clear */
    clearLabels: z.array(z.enum(LABEL_IDS)).default(CLEAR_LABELS),
    /** labels counted for the "too many kinds of personal data in one response" rule */
    personalLabels: z.array(z.enum(LABEL_IDS)).default(PERSONAL_LABELS),
    /** this many distinct personal labels in clear in one response is more than a screen needs */
    maxClearLabels: z.number().int().min(2).default(5),
    /** labels reported when one response carries at least `bulkRecords` of them in clear */
    bulkLabels: z.array(z.enum(LABEL_IDS)).default(BULK_LABELS),
    bulkRecords: z.number().int().min(2).default(20),
    /** a hashed or encrypted password in a response is not a password in clear */
    acceptHashed: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0007',
  rev: 1,
  slug: 'unmasked-sensitive-data',
  kind: 'weakness',
  title: { zh: '敏感数据未脱敏返回（过度暴露）', en: 'Unmasked sensitive data in responses (excessive exposure)' },
  description: {
    zh: '接口响应中明文返回身份证号、完整银行卡号、卡验证码、磁道信息、密码、护照号等应脱敏的信息，或在一次响应中返回远超页面展示所需的多类个人信息、批量明文手机号与姓名。前端即使只展示脱敏值，明文也已随响应下发，可被抓包、爬取或从客户端缓存中读取。',
    en: 'Responses return in clear what should be masked (resident ID, full card number, CVV, track data, passwords, passport…), or far more kinds of personal data than the screen shows, or mobiles and names of many customers in bulk. Even when the front end displays a masked value, the clear value has left the server and can be captured, scraped or read from the client cache.',
  },
  remediation: {
    zh: '在服务端按最小必要原则裁剪返回字段，证件号、卡号等在服务端脱敏后再返回（如身份证保留前 1 后 1 位、卡号保留前 6 后 4 位）；卡验证码、磁道信息、密码一律不得返回；确需查看完整信息的场景单独设计接口并增加二次验证与访问审计。',
    en: 'Trim response fields on the server to what the screen needs and mask IDs and card numbers on the server (e.g. keep the first 6 and last 4 digits of a card); never return CVV, track data or passwords; where full values are really needed, serve them from a separate API with step-up verification and access audit.',
  },
  severity: 'high',
  owasp: ['API3:2023'],
  cwe: ['CWE-359', 'CWE-213', 'CWE-200'],
  references: [
    'JR/T 0171-2020 §6.1.4 (display of personal financial information)',
    'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/',
  ],
  params,
  appliesTo: {
    zh: '返回成功（2xx）且含明文个人敏感信息的响应',
    en: 'successful (2xx) responses carrying personal data in clear',
  },
};
