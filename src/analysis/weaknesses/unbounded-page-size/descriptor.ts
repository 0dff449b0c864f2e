import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

/** Page-size parameter names, normalised (lower case, no `_-.`): `page_size`, `pageSize`, `PageSize` are all `pagesize`. */
export const PAGE_SIZE_NAMES = [
  'pagesize', 'limit', 'size', 'rows', 'perpage', 'count', 'maxresults', 'maxresult', 'maxrecords', 'maxitems',
  'top', '$top', 'first', 'last', 'pagelimit', 'pagerows', 'rowcount', 'fetchsize', 'length', 'num', 'pagecount', 'mys', 'myts',
];

export const params = z
  .object({
    /** a request asking for at least this many records is a large page */
    threshold: z.number().int().min(1).default(1000),
    /** the response must carry at least this many records (its longest JSON array) for the large page to count as honoured */
    minRecords: z.number().int().min(1).default(500),
    /** or, once the endpoint's normal page size is known, this many times the normal page… */
    normalPageFactor: z.number().min(1).default(5),
    /** …and at least this many records */
    minRecordsOverNormal: z.number().int().min(1).default(200),
    /** parameter names taken for page sizes (normalised: lower case without `_`, `-`, `.`) */
    names: z.array(z.string().min(1)).default(PAGE_SIZE_NAMES),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0016',
  rev: 1,
  slug: 'unbounded-page-size',
  kind: 'weakness',
  title: { zh: '分页大小未限制', en: 'Unbounded page size' },
  description: {
    zh: '接口的每页条数参数（pageSize、limit、rows、size 等）未设上限：请求超大分页时服务端照单全收，一次返回成百上千条记录。攻击者或爬虫可借此用极少请求拖取整库数据（“拖库”），也会造成数据库与网关资源耗尽。',
    en: 'The endpoint\'s page-size parameter (pageSize, limit, rows, size…) has no upper bound: asked for a huge page, the server returns hundreds or thousands of records at once. Attackers and crawlers can dump whole tables in a handful of requests, and the load can exhaust the database and gateway.',
  },
  remediation: {
    zh: '在服务端对分页参数设置硬上限（如每页不超过 100 条），超限时截断或返回 400；批量导出走单独的审批与异步导出流程，并对导出与大分页请求做审计和限流。',
    en: 'Enforce a hard server-side maximum for page sizes (e.g. 100 per page), capping or rejecting larger values with 400; route bulk exports through a separate, approved, asynchronous export flow, and audit and rate-limit large-page requests.',
  },
  severity: 'medium',
  owasp: ['API4:2023'],
  cwe: ['CWE-770', 'CWE-400'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
  params,
  appliesTo: {
    zh: '带分页大小参数（查询串、表单、JSON 请求体或 GraphQL 参数）且请求值很大、响应为 2xx JSON 的交换',
    en: 'exchanges whose page-size parameter (query, form, JSON body or GraphQL argument) asks for a large page and whose response is a 2xx JSON body',
  },
};
