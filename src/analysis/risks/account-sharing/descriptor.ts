import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** how long "at once" is: the devices, addresses and networks of one account counted over this window */
    windowMinutes: z.number().int().min(1).max(24 * 60).default(30),
    /** distinct devices of one account in the window */
    minDevices: z.number().int().min(2).default(4),
    /** distinct client addresses of one account in the window */
    minAddresses: z.number().int().min(2).default(4),
    /** distinct networks (/24, /48) among them: not one office or one carrier pool */
    minNetworks: z.number().int().min(1).default(2),
    /** distinct accounts logged in successfully from one app device id (x-device-id) in deviceWindowMinutes */
    minAccountsPerDevice: z.number().int().min(2).default(5),
    deviceWindowMinutes: z.number().int().min(1).max(24 * 60).default(60),
    /** values remembered per account (or per device id) and kind within the window */
    maxValues: z.number().int().min(4).max(64).default(16),
    /** accounts followed at once (active in the last window) */
    maxAccounts: z.number().int().min(100).default(200_000),
    /** app device ids followed at once */
    maxDeviceIds: z.number().int().min(100).default(200_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0007',
  rev: 1,
  slug: 'account-sharing',
  kind: 'risk',
  title: { zh: '账号共享/出借', en: 'Account sharing or lending' },
  description: {
    zh: '同一账号在短时间内被多台设备、从多个不同网络的地址同时使用，或同一台设备（设备号）先后登录多个账号，疑似账号出借、买卖或被团伙控制。',
    en: 'One account used at the same time from several devices on addresses in different networks, or one app device id logging in to many accounts: the account is lent, sold or run by a group.',
  },
  remediation: {
    zh: '限制单账号并发会话与绑定设备数，新设备登录需二次验证；核查涉及账号的交易，排查买卖账户、电诈“跑分”等行为并按规定处置。',
    en: 'Limit concurrent sessions and bound devices per account and require a second factor on new devices; review the accounts\' transactions for traded or mule accounts and act as the rules require.',
  },
  severity: 'medium',
  owasp: ['API2:2023'],
  cwe: ['CWE-287'],
  params,
  appliesTo: { zh: '已识别账号的请求及其设备与来源地址；登录接口的设备号', en: 'requests of identified accounts with their device and address; device ids of logins' },
};
