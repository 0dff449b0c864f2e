import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** earlier successful logins of the account on this app before a login is judged against them */
    minHistory: z.number().int().min(1).default(3),
    /** novelties that make an event: new device, new network (prefix or ASN), new country; impossible travel counts 2 */
    minSignals: z.number().int().min(1).max(4).default(2),
    /** the previous login from another country this recently is impossible travel (no coordinates: country only) */
    travelMinutes: z.number().int().min(1).default(60),
    /** devices remembered per account (least recently seen forgotten first) */
    maxDevices: z.number().int().min(1).max(16).default(4),
    /** network prefixes (/24, /48) and ASNs remembered per account, each */
    maxNetworks: z.number().int().min(1).max(16).default(6),
    /** countries remembered per account */
    maxCountries: z.number().int().min(1).max(8).default(3),
    /** a profile not used for this long is forgotten */
    profileDays: z.number().int().min(1).default(90),
    /** profiles kept (account × app); the least recently used goes first */
    maxAccounts: z.number().int().min(100).default(200_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0005',
  rev: 1,
  slug: 'abnormal-login',
  kind: 'risk',
  title: { zh: '异常登录', en: 'Abnormal login' },
  description: {
    zh: '账号成功登录时，设备、网络（IP 段或运营商 ASN）、国家与其历史登录习惯不符（如新设备且新网络），或短时间内从不同国家登录（不可能的旅行），疑似账号被盗用。',
    en: 'A successful login that does not match the account\'s history: a new device on a new network (address prefix or ASN), a new country, or logins from two countries too close in time to travel between: the account may be taken over.',
  },
  remediation: {
    zh: '对新设备、新地区的登录强制短信或人脸二次验证，并通知客户；核查登录后的转账、新增收款人等敏感操作，必要时冻结并重置密码。',
    en: 'Require an SMS or face second factor for logins from a new device or place and notify the customer; review what the session did next (transfers, new payees) and freeze the account and reset its password when in doubt.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-287', 'CWE-308'],
  params,
  appliesTo: { zh: '登录接口的成功登录及其来源设备与网络', en: 'successful logins with the device and network they come from' },
};
