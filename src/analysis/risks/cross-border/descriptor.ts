import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { GeoCidr } from '../../geo/config.js';
import { LABEL_IDS } from '../../sensitive/labels.js';

const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as HK or US')
  .transform((s) => s.toUpperCase());

/** Personal information in the PIPL sense: what identifies or locates a person, or opens their money. */
export const PERSONAL_LABELS = [
  'cn_id', 'passport', 'hk_mo_permit', 'tw_permit', 'bank_card', 'securities_account', 'fund_account', 'cn_mobile', 'landline', 'email',
  'person_name', 'address', 'plate', 'geo', 'card_cvv', 'card_expiry', 'card_track',
] as const;

/** What names one person (documents, mobile, e-mail): distinct values of these estimate people. */
export const PERSON_KEY_LABELS = ['cn_id', 'passport', 'hk_mo_permit', 'tw_permit', 'cn_mobile', 'email'] as const;

export const params = z
  .object({
    /** personal-data records sent to one foreign client in the window */
    minRecords: z.number().int().min(1).default(20),
    /**
     * distinct people among them, estimated from the person-key labels (ID documents, mobiles,
     * e-mails): a customer abroad reading their own profile, or their transactions with the
     * payees' card numbers and names, adds records but hardly any people
     */
    minPeople: z.number().int().min(1).default(10),
    windowSeconds: z.number().int().min(60).default(3600),
    /** which labels count as personal information (records) */
    labels: z.array(z.enum(LABEL_IDS)).min(1).default([...PERSONAL_LABELS]),
    /** which labels name a person (people); add bank_card to catch dumps of card numbers and names */
    personLabels: z.array(z.enum(LABEL_IDS)).min(1).default([...PERSON_KEY_LABELS]),
    /** count masked values too (default: only clear ones leave the country as personal data) */
    countMasked: z.boolean().default(false),
    /** count masked values that still identify (ID with the birth date visible…) */
    countPartiallyMasked: z.boolean().default(true),
    /** countries that are not cross-border besides the home countries */
    allowCountries: z.array(Country).default([]),
    /** addresses or CIDRs whose transfers are approved (the bank's overseas branches…) */
    allowNetworks: z.array(GeoCidr).default([]),
    /** autonomous systems whose transfers are approved */
    allowAsns: z.array(z.number().int().min(0)).default([]),
    /** people counted per answer at most (a list answer of 500 counts as this many) */
    maxPeoplePerAnswer: z.number().int().min(1).max(1000).default(50),
    /** foreign clients remembered */
    maxClients: z.number().int().min(100).default(50_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0016',
  rev: 1,
  slug: 'cross-border',
  kind: 'risk',
  title: { zh: '个人信息跨境流动', en: 'Personal data flowing abroad' },
  description: {
    zh: '境外客户端在短时间内收到大量他人的个人信息（身份证号、手机号、银行卡号、姓名、地址等未脱敏明文）：可能是凭证被盗后在境外批量拉取，也可能是未经评估与备案的数据出境。',
    en: 'A client abroad received many people\'s personal data in clear (ID numbers, mobiles, card numbers, names, addresses) in a short time: stolen credentials used from abroad to pull records, or a data export that has not been assessed and filed.',
  },
  remediation: {
    zh: '核实该来源与所用凭证（合作方 app_id、账号）是否获准从境外访问，未获准则吊销凭证并封禁来源；数据出境须按《个人信息保护法》《数据出境安全评估办法》完成评估或标准合同备案；接口对境外来源默认脱敏或拒绝；获准的境外网点或合作方地址请加入 allowNetworks。',
    en: 'Check whether this source and the credentials it used (partner app_id, account) are allowed to reach the API from abroad; if not, revoke them and block the source. Transfers of personal data abroad need a PIPL security assessment or standard-contract filing; mask or refuse personal fields for foreign sources by default; add approved overseas branches and partners to allowNetworks.',
  },
  severity: 'high',
  owasp: ['API3:2023', 'API8:2023'],
  cwe: ['CWE-359'],
  params,
  appliesTo: { zh: '响应中含个人信息、且客户端地址在境外的交换', en: 'responses carrying personal data to a client address abroad' },
};
