import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { GeoCidr } from '../../geo/config.js';

const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as HK or US')
  .transform((s) => s.toUpperCase());

export const params = z
  .object({
    /** countries where logins are allowed besides the home countries (geo `home`, default CN) */
    allowCountries: z.array(Country).default([]),
    /** addresses or CIDRs always allowed (the bank's overseas branches, a partner's exit) */
    allowNetworks: z.array(GeoCidr).default([]),
    /** autonomous systems always allowed */
    allowAsns: z.array(z.number().int().min(0)).default([]),
    /** countries always flagged, even when home or allowed */
    denyCountries: z.array(Country).default([]),
    /** also flag failed attempts (default: only logins that succeeded) */
    alsoFailures: z.boolean().default(false),
    /** count logins whose outcome cannot be told (no clear success or failure) when the account is known */
    countUnknownOutcome: z.boolean().default(true),
    /** flag clients in no database and no configured network (default: unknown is no opinion) */
    flagUnknownCountry: z.boolean().default(false),
    /** window over which the accounts one client logged in to are counted (shown in the event) */
    windowSeconds: z.number().int().min(60).default(3600),
    /** clients remembered for that count */
    maxClients: z.number().int().min(100).default(100_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0006',
  rev: 1,
  slug: 'disallowed-source-login',
  kind: 'risk',
  title: { zh: '非许可来源登录', en: 'Login from a disallowed source' },
  description: {
    zh: '账号从境外或允许范围之外的地址（国家/地区、网段、自治系统）登录成功：可能是口令泄露后被异地使用，或违反了访问来源策略。',
    en: 'An account logged in from abroad or from outside the allowed countries, networks or autonomous systems: its password may be in someone else\'s hands, or the access policy is being broken.',
  },
  remediation: {
    zh: '核实登录是否本人所为（短信/电话回访），必要时冻结会话并强制改密；对境外登录启用二次验证或按策略拦截；确属正常的海外网点、合作方出口请加入 allowNetworks/allowCountries。',
    en: 'Check with the customer that the login was theirs, end the session and force a password change if not; require a second factor for logins from abroad or block them by policy; add genuine overseas branches and partner exits to allowNetworks / allowCountries.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-287'],
  params,
  appliesTo: { zh: '登录接口的请求与结果，以及客户端地址的国家/地区与自治系统', en: 'login attempts and their outcomes, with the country and AS of the client address' },
};
