import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

const hour = z.number().int().min(0).max(23);

export const params = z
  .object({
    /** the bank's local time as minutes east of UTC (Beijing: 480) */
    tzMinutes: z.number().int().min(-720).max(840).default(480),
    /** policy quiet hours, local, [from, to) (may wrap midnight): judged for accounts without enough history */
    quietFrom: hour.default(1),
    quietTo: hour.default(5),
    /** learnt active days after which the account's own hours are the measure */
    minDays: z.number().int().min(2).default(7),
    /** an hour (with its neighbours) holding at most this share of the account's learnt active hours is not its hour */
    maxShare: z.number().min(0).max(0.5).default(0.02),
    /** the app's learnt days before its own quiet hours overrule the policy */
    populationDays: z.number().int().min(1).default(1),
    /** a policy quiet hour counts while it holds at most this fraction of an average hour's logins of the app */
    quietHourLoad: z.number().min(0).max(1).default(0.35),
    /** an unusual hour of a mature account counts while the app's load is at most this fraction of an average hour */
    offHourLoad: z.number().min(0).max(2).default(1),
    /** account without history: successful logins in one night's quiet hours that make an event */
    minNightLogins: z.number().int().min(1).default(3),
    /** … or this many with a sensitive action (transfer, payee change, export, password reset) */
    minNightLoginsWithAction: z.number().int().min(1).default(2),
    /** mature account: logins in one night's unusual hours, without a sensitive action, that make an event */
    minMatureLogins: z.number().int().min(1).default(2),
    /** a profile not used for this long is forgotten */
    profileDays: z.number().int().min(1).default(120),
    maxAccounts: z.number().int().min(100).default(200_000),
    /** apps (hosts) whose hourly load is learnt */
    maxApps: z.number().int().min(1).default(2_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0009',
  rev: 1,
  slug: 'unusual-hours',
  kind: 'risk',
  title: { zh: '非常用时段访问', en: 'Activity at unusual hours' },
  description: {
    zh: '账号在其平时从不活跃、且全行业务量很低的时段（如凌晨）登录或进行转账、新增收款人等敏感操作，疑似账号被他人控制或被诱导操作。',
    en: 'An account logs in or makes sensitive changes (transfers, payees, exports) at hours it is never active and the app is quiet (the middle of the night): someone else may be using it, or the customer is being coached by a fraudster.',
  },
  remediation: {
    zh: '对非常用时段的转账等敏感操作加强验证（短信、人脸）或延时到账，并提醒客户；核查该时段会话的设备、来源与操作。',
    en: 'Step up verification (SMS, face) or delay settlement for sensitive operations at unusual hours and alert the customer; review the device, source and actions of the session.',
  },
  severity: 'medium',
  owasp: ['API2:2023', 'API6:2023'],
  cwe: ['CWE-287'],
  params,
  appliesTo: { zh: '已识别账号的登录与敏感操作（按本地时间）', en: 'logins and sensitive operations of identified accounts (local time)' },
};
