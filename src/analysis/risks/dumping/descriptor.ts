import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { PAGE_SIZE_NAMES } from '../../weaknesses/unbounded-page-size/descriptor.js';

/** Page-number and offset parameter names, normalised (lower case, no `_-.`). */
export const PAGE_NUMBER_NAMES = [
  'page', 'pageno', 'pagenum', 'pagenumber', 'pageindex', 'pageidx', 'curpage', 'currentpage', 'current', 'currpage', 'pn', 'pg', 'p',
  'offset', 'start', 'startrow', 'startindex', 'skip', 'from', 'begin', 'beginrow', '$skip', 'yema', 'dqy',
];

export const params = z
  .object({
    /** distinct pages (or offsets) of one endpoint fetched by one client in the window */
    minPages: z.number().int().min(2).default(50),
    /** records returned to that client by that endpoint in the window */
    minRecords: z.number().int().min(1).default(2000),
    /** share of requests whose page follows the previous one upwards (a walk, not random access) */
    minAscendingRatio: z.number().min(0).max(1).default(0.6),
    /** a page size at least this many times the endpoint's usual one is tampering… */
    sizeFactor: z.number().min(1).default(5),
    /** …and this many tampered pages with `minRecords` records in the window are dumping too */
    minTamperedPages: z.number().int().min(1).default(3),
    windowSeconds: z.number().int().min(10).default(600),
    /** client × endpoint keys kept */
    maxKeys: z.number().int().min(100).default(100_000),
    pageNames: z.array(z.string().min(1)).default(PAGE_NUMBER_NAMES),
    sizeNames: z.array(z.string().min(1)).default(PAGE_SIZE_NAMES),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0013',
  rev: 1,
  slug: 'dumping',
  kind: 'risk',
  title: { zh: '分页拖库', en: 'Paginated data dumping' },
  description: {
    zh: '同一客户端或账号在短时间内对同一接口连续翻页（页码或偏移量递增），或把每页条数改得远大于该接口的常见值，累计拿走大量记录，疑似批量拖取数据。',
    en: 'One client or account walks the pages of one endpoint (page number or offset going up) or asks for pages far larger than the endpoint usually serves, and takes many records in a short time: someone is dumping the data.',
  },
  remediation: {
    zh: '对分页接口设置每页上限与单账号/单 IP 的翻页频率和总量限制；核查该账号是否被盗用，必要时冻结会话；大批量数据走审批后的导出流程。',
    en: 'Cap page sizes and limit paging rate and total records per account and per IP; check whether the account is compromised and revoke its session if so; route bulk needs through an approved export flow.',
  },
  severity: 'high',
  owasp: ['API4:2023', 'API6:2023'],
  cwe: ['CWE-770', 'CWE-200'],
  params,
  appliesTo: { zh: '带页码、偏移量或每页条数参数的 2xx 交换', en: '2xx exchanges carrying a page number, offset or page size parameter' },
};
