import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** requests by one client (address + device) in the window before it is judged at all */
    minRequests: z.number().int().min(10).default(100),
    /** coverage: distinct paths it asked for in the window (partners call a handful) */
    minDistinctPaths: z.number().int().min(2).default(50),
    /** coverage: distinct endpoint templates in the window */
    minDistinctTemplates: z.number().int().min(1).default(5),
    /** signals needed (each counts 1): fast, regular, tool or headless User-Agent, no cookie or credential, no static assets, browser without Accept-Language */
    minScore: z.number().int().min(1).max(6).default(3),
    /** signal "fast": at least this many requests per minute over the window */
    fastPerMinute: z.number().min(1).default(20),
    /** signal "regular": coefficient of variation of the gaps between requests at most this */
    maxGapCv: z.number().min(0).default(0.35),
    /** gaps longer than this are pauses, not part of the beat */
    maxGapSeconds: z.number().min(1).default(60),
    /** signal "no static assets": at least this many HTML pages without a single asset (only where assets are seen at all) */
    minPagesWithoutAssets: z.number().int().min(1).default(10),
    windowSeconds: z.number().int().min(60).default(600),
    /** clients kept */
    maxClients: z.number().int().min(100).default(100_000),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0012',
  rev: 1,
  slug: 'crawler',
  kind: 'risk',
  title: { zh: '爬虫', en: 'Crawler' },
  description: {
    zh: '同一客户端在短时间内以机器般规律的节奏访问大量不同页面或接口，并带有自动化特征（无头浏览器或脚本工具的 User-Agent、不带 Cookie、不加载静态资源等），疑似爬虫批量抓取数据。',
    en: 'One client visits many different pages or endpoints in a short time at a machine-like beat, with signs of automation (headless browser or scripting tool User-Agent, no cookies, no static assets…): a crawler is harvesting the content.',
  },
  remediation: {
    zh: '对该来源限速或加入人机验证；对公开页面与接口设置频率限制和反爬策略（行为验证、动态令牌）；确认其是否为已登记的合作方或搜索引擎，必要时封禁。',
    en: 'Rate-limit or challenge the source; put rate limits and anti-bot measures (behaviour checks, dynamic tokens) on public pages and APIs; check whether it is a registered partner or search engine, block it if not.',
  },
  severity: 'medium',
  owasp: ['API6:2023', 'API4:2023'],
  cwe: ['CWE-799', 'CWE-770'],
  params,
  appliesTo: { zh: '每个客户端（地址 + 设备指纹）的全部请求', en: 'every request, per client (address + device fingerprint)' },
};
