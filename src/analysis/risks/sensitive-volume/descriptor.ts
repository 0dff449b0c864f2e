import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS } from '../../sensitive/labels.js';

const label = z.enum(LABEL_IDS);

export const params = z
  .object({
    /** labels whose records count as personal data of a person */
    labels: z.array(label).min(1).default(['cn_id', 'cn_mobile', 'bank_card', 'person_name', 'address', 'email', 'passport', 'hk_mo_permit', 'tw_permit']),
    /** identity-document labels held to the stricter daily limit `idDocsPerDay` */
    idLabels: z.array(label).default(['cn_id', 'passport', 'hk_mo_permit', 'tw_permit']),
    /** what a masked occurrence counts for (0: masked data is not counted; 1: as much as clear data) */
    maskedWeight: z.number().min(0).max(1).default(0),
    /** policy: clear identity-document numbers one client or account may receive in 24 h */
    idDocsPerDay: z.number().min(1).default(200),
    /** policy: personal records (one per person per response) one client or account may receive in an hour */
    recordsPerHour: z.number().min(1).default(300),
    /** policy: the same over 24 h */
    recordsPerDay: z.number().min(1).default(1000),
    /** baseline: spreads above a mature key's median day that are still normal */
    k: z.number().min(1).default(6),
    /** baseline: a day is never anomalous below this many records */
    baselineMinRecords: z.number().min(1).default(300),
    /** baseline: days a key must have been seen over before its baseline judges */
    baselineDays: z.number().int().min(3).max(60).default(7),
    /** local time of day boundaries for the baseline, minutes east of UTC (480: Beijing) */
    tzOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    /** clients and accounts counted in the windows (least recently seen dropped beyond) */
    maxKeys: z.number().int().min(100).default(200_000),
    /** clients and accounts with a day baseline */
    maxBaselineKeys: z.number().int().min(100).default(100_000),
    /** day baselines not fed for this many days are dropped */
    baselineTtlDays: z.number().int().min(1).default(60),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0011',
  rev: 1,
  slug: 'sensitive-volume',
  kind: 'risk',
  title: { zh: '敏感数据获取量超限', en: 'Too many personal records to one client' },
  description: {
    zh: '同一客户端或账号在一小时或一天内获取的明文个人信息（身份证号、手机号、银行卡号、姓名、地址等）条数超出策略上限或远超其历史基线，疑似批量拉取客户信息。',
    en: 'One client or account received more clear personal records (ID numbers, mobiles, card numbers, names, addresses…) in an hour or a day than policy allows or far more than it usually does: customer data pulled in bulk.',
  },
  remediation: {
    zh: '核实该客户端/合作方的业务授权与调用量，按最小必要原则对返回字段脱敏并设置单日查询上限；必要时暂停其访问并排查数据去向。',
    en: 'Check the client\'s or partner\'s mandate and call volume, mask returned fields to what the purpose needs and cap daily lookups; suspend its access and trace where the data went if needed.',
  },
  severity: 'high',
  owasp: ['API3:2023', 'API6:2023'],
  cwe: ['CWE-359', 'CWE-213'],
  params,
  appliesTo: { zh: '响应中含个人信息的交换', en: 'responses that carry personal data' },
};
