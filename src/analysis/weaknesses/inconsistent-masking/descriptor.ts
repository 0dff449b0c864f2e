import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

/** labels whose masking is compared within one field */
const FIELD_LABELS: LabelId[] = [
  'cn_id', 'cn_mobile', 'bank_card', 'person_name', 'email', 'address', 'passport', 'hk_mo_permit', 'tw_permit', 'fund_account', 'securities_account',
];
/**
 * labels compared across endpoints: not person_name and address, which product and branch lists
 * return in clear by design (fund managers, branch addresses) while customer records mask them
 */
const CROSS_LABELS: LabelId[] = ['cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'fund_account', 'securities_account'];
/** fixed-length identifiers whose mask patterns (`keep 3+4`) are comparable; names and e-mails vary in length */
const PATTERN_LABELS: LabelId[] = ['cn_id', 'cn_mobile', 'bank_card', 'hk_mo_permit', 'tw_permit'];

export const params = z
  .object({
    /** a field of these labels shown masked in some responses and clear in others is reported */
    labels: z.array(z.enum(LABEL_IDS)).default(FIELD_LABELS),
    /** a field of these labels always clear on one endpoint while another endpoint masks the label is reported */
    crossLabels: z.array(z.enum(LABEL_IDS)).default(CROSS_LABELS),
    /** compare endpoints of different applications too (mobile banking masks, the back office shows clear) */
    acrossApps: z.boolean().default(true),
    /** labels whose mask patterns are compared: a pattern that shows what another hides is reported */
    patternLabels: z.array(z.enum(LABEL_IDS)).default(PATTERN_LABELS),
    /** report fields masked in a way that still identifies (an ID's first 6 and last 4, a mobile with 3 digits hidden) */
    reportPartial: z.boolean().default(true),
    /** a clear field that showed one and the same value in at least this many responses is reference data (a hotline), not a customer's */
    constantMinExchanges: z.number().int().min(2).default(5),
    /** endpoints named in a finding's detail */
    maxNamed: z.number().int().min(1).default(3),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0006',
  rev: 1,
  slug: 'inconsistent-masking',
  kind: 'weakness',
  title: { zh: '脱敏规则不一致', en: 'Inconsistent masking of the same data' },
  description: {
    zh: '同一类个人信息在不同接口（或同一接口的不同响应）中脱敏方式不一致：有的接口脱敏、有的接口明文返回，或采用不同的脱敏规则（如手机号保留前 3 后 4 位与保留前 7 位），或脱敏后保留位数过多仍可识别个人。攻击者只需找到最弱的接口，或将多个接口的脱敏结果拼接，即可还原完整信息，使已有的脱敏措施失效。',
    en: 'The same kind of personal data is masked on one API and returned in clear on another (or by the same API in some responses), or masked with different patterns (a mobile keeping 3+4 digits here and 7+0 there), or masked so lightly that it still identifies the person. An attacker only needs the weakest API, or combines the masked forms of several, to recover the full value: the masking elsewhere is defeated.',
  },
  remediation: {
    zh: '制定全行统一的脱敏规范（如手机号保留前 3 后 4 位，身份证号保留前 1 后 1 位，银行卡号保留前 6 后 4 位），在网关或公共组件中统一实施，而非由各接口自行处理；排查明文返回的接口并按规范脱敏，确需明文的场景单独授权并审计。',
    en: 'Set one masking standard for the whole bank (mobile: keep 3+4 digits; ID: keep first and last; card: keep 6+4) and enforce it in the gateway or a shared component rather than per API; fix the APIs that return the data in clear, and authorise and audit the few that really need clear values.',
  },
  severity: 'medium',
  owasp: ['API3:2023'],
  cwe: ['CWE-359', 'CWE-200'],
  references: ['JR/T 0171-2020 §6.1.4 (display of personal financial information)', 'GB/T 35273-2020 §6.2 (de-identification)'],
  params,
  appliesTo: {
    zh: '所有接口响应中识别出的个人信息字段（按字段、按接口、跨应用比较脱敏情况）',
    en: 'personal-data fields found in responses, compared per field, across endpoints and across applications',
  },
};
