import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** 404 answers to one client in the window that make a directory-guessing storm */
    minNotFound: z.number().int().min(5).default(50),
    windowSeconds: z.number().int().min(10).default(300),
    maxClients: z.number().int().min(100).default(100_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0024',
  rev: 1,
  slug: 'scanner',
  kind: 'risk',
  title: { zh: '漏洞扫描与模糊测试', en: 'Scanners and fuzzers' },
  description: {
    zh: '来源使用扫描工具的特征（sqlmap、Nikto、Nuclei 等 User-Agent、带外回连域名、探测路径），或在短时间内触发大量 404（目录与接口爆破）。',
    en: 'A client shows a scanning tool (sqlmap, Nikto, Nuclei… User-Agents, out-of-band callback domains, probe paths) or draws a storm of 404 answers (directory and API guessing).',
  },
  remediation: {
    zh: '确认是否为授权的安全测试；否则在边界封禁来源，并排查其命中（非 404）的接口。',
    en: 'Check whether this is an authorised test; otherwise block the source at the edge and review the endpoints it did hit (non-404 answers).',
  },
  severity: 'medium',
  owasp: ['API8:2023', 'API9:2023'],
  cwe: ['CWE-200'],
  params,
  appliesTo: { zh: '所有请求及其响应状态', en: 'every request and its answer status' },
};
