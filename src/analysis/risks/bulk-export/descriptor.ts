import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** records exported to one caller in the window (rows of CSV, records of JSON, sensitive rows)… */
    minRecords: z.number().int().min(1).default(10_000),
    /** …over at least this many exports (one large statement now and then is ordinary) */
    minExports: z.number().int().min(1).default(2),
    /** or this many exports by one caller in the window, whatever their size */
    manyExports: z.number().int().min(2).default(20),
    windowSeconds: z.number().int().min(60).default(1800),
    /** callers kept */
    maxCallers: z.number().int().min(100).default(100_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0014',
  rev: 1,
  slug: 'bulk-export',
  kind: 'risk',
  title: { zh: '批量导出', en: 'Bulk export' },
  description: {
    zh: '同一账号或客户端在短时间内多次调用导出/下载接口，累计导出大量记录（如多份数千行的流水对账单），疑似批量窃取数据。',
    en: 'One account or client calls export or download endpoints repeatedly in a short time and takes many records in total (several statements of thousands of rows): someone is carrying data away in bulk.',
  },
  remediation: {
    zh: '对导出接口设置单次行数上限与单账号频次限制，导出增加二次验证与审批、水印与审计；核查该会话是否被盗用。',
    en: 'Cap rows per export and exports per account, add step-up verification, approval, watermarks and audit to exports; check whether the session is hijacked.',
  },
  severity: 'high',
  owasp: ['API6:2023', 'API4:2023'],
  cwe: ['CWE-200', 'CWE-770'],
  params,
  appliesTo: {
    zh: '导出/下载接口，或以附件、CSV、Excel 返回的 2xx 响应',
    en: 'export and download endpoints, and 2xx responses served as attachments, CSV or Excel',
  },
};
