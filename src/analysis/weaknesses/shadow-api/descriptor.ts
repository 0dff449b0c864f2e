import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** OpenAPI/Swagger files (paths relative to the working directory), read at start, besides the specs given to Guanlan */
    specFiles: z.array(z.string().min(1)).default([]),
    /** 2xx answers an endpoint must have given (paths that only ever get 404 are probes, not APIs) */
    minSuccessCalls: z.number().int().min(1).default(1),
    /** a spec whose servers all have base paths covers only endpoints under their first segment */
    scopeToBasePath: z.boolean().default(true),
    /** function classes never reported (health checks are rarely documented and expose nothing) */
    ignoreFunctions: z.array(z.string()).default(['health']),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0021',
  rev: 1,
  slug: 'shadow-api',
  kind: 'weakness',
  title: { zh: '影子接口（未登记在文档中）', en: 'Shadow API (undocumented)' },
  description: {
    zh: '流量中被调用并成功响应的接口未出现在任何已登记的接口文档（OpenAPI/Swagger）中。未登记的接口游离于接口资产台账、安全评审与测试之外，可能是调试接口、临时接口或遗留功能，常缺乏应有的鉴权与数据保护。',
    en: 'An endpoint that is called and answers successfully appears in none of the registered API documents (OpenAPI/Swagger). Undocumented endpoints sit outside the API inventory, security review and testing; they are often debug, temporary or leftover functions and tend to lack proper authorization and data protection.',
  },
  remediation: {
    zh: '确认该接口的归属与用途：确需保留的，补充接口文档并纳入资产台账、安全评审与测试；不再需要的（调试、测试、遗留接口），在网关和应用中下线。上线流程中应要求接口先登记后发布。',
    en: 'Find the endpoint\'s owner and purpose: if it is needed, document it and bring it into the inventory, security review and testing; if not (debug, test or leftover endpoints), switch it off at the gateway and in the application. Make registration a precondition of release.',
  },
  severity: 'low',
  owasp: ['API9:2023'],
  cwe: ['CWE-1059'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/', 'JR/T 0185-2020 商业银行应用程序接口安全管理规范'],
  params,
  appliesTo: {
    zh: '提供了接口文档时，文档所覆盖的应用（按 servers 中的主机与基础路径）中的全部接口（输入结束时；CORS 预检请求除外）',
    en: 'when specs are given, every endpoint of the applications they cover (by the servers\' hosts and base paths), at the end of each input; CORS preflights excepted',
  },
};
