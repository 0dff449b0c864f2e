import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** OpenAPI/Swagger files (paths relative to the working directory), read at start, besides the specs given to Guanlan */
    specFiles: z.array(z.string().min(1)).default([]),
    /** 2xx answers an old endpoint must have given to count as still in use */
    minSuccessCalls: z.number().int().min(1).default(1),
    /** without a spec: the old version must have been called after the newer one first appeared */
    requireOverlap: z.boolean().default(true),
    /** a spec whose servers all have base paths covers only endpoints under their first segment */
    scopeToBasePath: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0020',
  rev: 1,
  slug: 'zombie-api',
  kind: 'weakness',
  title: { zh: '僵尸接口（旧版本仍在调用）', en: 'Zombie API (old version still in use)' },
  description: {
    zh: '接口文档已标记废弃、或已被新版本取代（如已有 /v2/x 而 /v1/x 仍被调用并返回成功）的旧版接口仍在对外服务。旧版本往往缺少新版本补上的鉴权、脱敏和限流措施，且不在日常维护与安全测试范围内，容易成为攻击入口。',
    en: 'An API version that the documentation marks deprecated, or that a newer version supersedes (/v1/x still called and answered while /v2/x exists), is still serving traffic. Old versions often lack the authorization, masking and rate limits the new one added, and fall out of maintenance and security testing: an easy way in.',
  },
  remediation: {
    zh: '梳理旧版本的调用方并推动迁移到新版本，设定下线时间表；到期后在网关层下线旧版本（返回 410 或 404），下线前至少为其补齐与新版本一致的鉴权、脱敏与限流控制，并保持接口资产台账与文档同步。',
    en: 'Identify the old version\'s callers and migrate them to the new version on a retirement schedule; then switch the old version off at the gateway (410 or 404). Until then give it the same authorization, masking and rate limits as the new version, and keep the API inventory and documentation in step.',
  },
  severity: 'medium',
  owasp: ['API9:2023'],
  cwe: ['CWE-1059', 'CWE-477'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/', 'JR/T 0185-2020 商业银行应用程序接口安全管理规范'],
  params,
  appliesTo: {
    zh: '接口清单中的全部端点（输入结束时）：有文档时对照文档的废弃标记与版本，无文档时对照同一应用中同方法、同路径的更高版本',
    en: 'every endpoint of the inventory, at the end of each input: against the specs\' deprecation marks and versions when specs are given, otherwise against a higher version of the same method and path in the same application',
  },
};
