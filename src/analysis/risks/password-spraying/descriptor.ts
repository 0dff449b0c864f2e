import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** the window: spraying is slow, a few tries a minute, so it is long */
    windowSeconds: z.number().int().min(60).default(3600),
    /** distinct accounts with failed logins from one client in the window */
    minAccounts: z.number().int().min(2).default(20),
    /** failed logins per account (on average) at most: more per account is brute force, not spraying */
    maxAttemptsPerAccount: z.number().min(1).default(2),
    /** share of the client's logins that failed, at least: a NAT with many real customers mostly succeeds */
    minFailureShare: z.number().min(0).max(1).default(0.8),
    /** distinct accounts one password value failed on in the window, from any clients (when the request carries it) */
    minAccountsSamePassword: z.number().int().min(2).default(10),
    /**
     * of those, the client's own distinct failed accounts, at least: where passwords are sent in
     * the clear or as unsalted hashes, common passwords recur among many customers' mistypes
     */
    minClientAccountsSamePassword: z.number().int().min(1).default(3),
    /** clients with failed logins tracked at once */
    maxClients: z.number().int().min(100).default(50_000),
    /** password digests of failed logins tracked at once */
    maxPasswords: z.number().int().min(100).default(50_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0003',
  rev: 1,
  slug: 'password-spraying',
  kind: 'risk',
  title: { zh: '密码喷洒', en: 'Password spraying' },
  description: {
    zh: '同一个（常见）密码被缓慢地逐个尝试在大量账号上，每个账号只试一两次，以避开按账号的失败锁定和按频率的限速。',
    en: 'One (common) password is tried slowly on many accounts, once or twice each, staying under per-account lockouts and rate limits.',
  },
  remediation: {
    zh: '封禁或限速来源，登录增加人机验证与设备指纹；禁止常见弱口令，通知喷洒期间登录成功的账号修改密码并核查其后续交易。',
    en: 'Block or rate-limit the source, add bot challenges and device fingerprinting to login; forbid common passwords, and make the accounts that logged in during the spray change their password and review what they did next.',
  },
  severity: 'high',
  owasp: ['API2:2023'],
  cwe: ['CWE-307', 'CWE-521'],
  params,
  appliesTo: { zh: '登录接口的请求与结果（含请求中的密码字段，仅保留进程内密钥摘要）', en: 'login attempts and their outcomes (and the request\'s password field, kept only as an in-process keyed digest)' },
};
