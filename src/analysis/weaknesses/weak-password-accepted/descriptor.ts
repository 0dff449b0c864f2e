import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** passwords shorter than this fail the policy */
    minLength: z.number().int().min(1).default(8),
    /** of the four character classes (lower case, upper case, digits, symbols), at least this many */
    minClasses: z.number().int().min(1).max(4).default(2),
    /** check the built-in common-password list (about 240 entries, Chinese habits included) */
    commonList: z.boolean().default(true),
    /** more weak passwords of this deployment (compared in lower case), e.g. the bank's initial password */
    extraWeakPasswords: z.array(z.string()).default([]),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0008',
  rev: 1,
  slug: 'weak-password-accepted',
  kind: 'weakness',
  title: { zh: '弱口令登录成功', en: 'Weak password accepted at login' },
  description: {
    zh: '登录接口接受了弱口令并登录成功：口令属于常见弱口令（如 123456、a123456、woaini1314），或不满足口令复杂度策略（长度不足、字符类别过少）。说明系统在设置或修改口令时未强制复杂度，攻击者可通过撞库、口令猜测轻易接管账户。',
    en: 'The login endpoint accepted a weak password: one of the common passwords (123456, a123456, woaini1314…) or one that fails the complexity policy (too short, too few character classes). The system does not enforce a password policy when passwords are set, so guessing and credential stuffing take accounts over easily.',
  },
  remediation: {
    zh: '在注册、修改和重置口令时强制执行复杂度策略（至少 8 位、包含至少两类字符）并拦截常见弱口令字典；对存量弱口令账户在下次登录时强制修改；配合登录失败次数限制与二次验证。',
    en: 'Enforce the password policy (8+ characters, at least two character classes) and a common-password blocklist when passwords are set, changed or reset; force existing weak-password accounts to change at next login; combine with failed-login limits and a second factor.',
  },
  severity: 'medium',
  owasp: ['API2:2023'],
  cwe: ['CWE-521'],
  references: ['JR/T 0068-2020 网上银行系统信息安全通用规范', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/521.html'],
  params,
  appliesTo: {
    zh: '登录接口中携带明文口令且登录成功的交换（哈希或加密后的口令无法判断，跳过）',
    en: 'successful logins whose request carries the password in clear (hashed or encrypted passwords cannot be judged and are skipped)',
  },
};
