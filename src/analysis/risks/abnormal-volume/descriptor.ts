import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** spreads (σ from the median absolute deviation) above the endpoint's median response size that are still normal */
    k: z.number().min(1).default(10),
    /** a response is outsized only when it is also this many times the endpoint's median size */
    minRatio: z.number().min(1).default(10),
    /** and only when it is at least this many bytes (small endpoints answering 2 KB instead of 200 B are not a leak) */
    minBytes: z.number().int().min(1).default(65_536),
    /** outsized responses one client must receive from one endpoint within the window (one outlier is not a pattern) */
    minResponses: z.number().int().min(1).default(3),
    windowSeconds: z.number().int().min(60).default(3600),
    /** recent response sizes kept per endpoint (the population baseline, shared by all clients) */
    sampleSize: z.number().int().min(10).max(1000).default(101),
    /** responses an endpoint must have answered before it is judged (warm-up) */
    minSamples: z.number().int().min(5).default(30),
    /** endpoints with a baseline (least recently used dropped beyond) */
    maxEndpoints: z.number().int().min(100).default(20_000),
    /** endpoint baselines not fed for this many days are dropped */
    endpointTtlDays: z.number().int().min(1).default(30),
    /** (endpoint, client) pairs counted in the window */
    maxClients: z.number().int().min(100).default(200_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0010',
  rev: 1,
  slug: 'abnormal-volume',
  kind: 'risk',
  title: { zh: '接口返回数据量异常', en: 'Abnormal response volume on an endpoint' },
  description: {
    zh: '同一客户端在短时间内多次从同一接口拿到远大于该接口平时大小的响应（例如把分页大小从 20 改成 1000），疑似越权批量拉取数据或接口缺少返回条数限制。',
    en: 'One client repeatedly gets responses from one endpoint that are far larger than the endpoint usually answers (a page size raised from 20 to 1000, say): bulk data pulled through a missing size limit.',
  },
  remediation: {
    zh: '在服务端限制分页大小与单次返回条数，忽略或拒绝超出上限的 pageSize/limit 参数；核查该客户端拉取了哪些数据，必要时吊销其令牌。',
    en: 'Cap page sizes and rows per response on the server, refusing or clamping pageSize/limit values above the cap; check what this client pulled and revoke its token if needed.',
  },
  severity: 'medium',
  owasp: ['API3:2023', 'API4:2023'],
  cwe: ['CWE-770', 'CWE-213'],
  params,
  appliesTo: { zh: '所有有响应体的成功（2xx）响应', en: 'successful (2xx) responses with a body' },
};
