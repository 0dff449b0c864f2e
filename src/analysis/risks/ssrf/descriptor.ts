import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0021',
  rev: 1,
  slug: 'ssrf',
  kind: 'risk',
  title: { zh: "服务端请求伪造攻击", en: "Server-side request forgery attempt" },
  description: {
    zh: "请求参数中出现指向内网、回环或云元数据地址的 URL，试图让服务器代为访问内部资源。",
    en: "Request values carry URLs to internal, loopback or cloud metadata addresses: someone tries to make the server fetch internal resources.",
  },
  remediation: {
    zh: "对服务端抓取的 URL 使用白名单，禁止内网与元数据地址，关闭不需要的协议；核查该接口（弱点 ssrf-prone-parameter）。",
    en: "Allow-list the hosts the server may fetch, block internal and metadata addresses and unneeded schemes; review the endpoint (weakness ssrf-prone-parameter).",
  },
  severity: 'high',
  owasp: ["API7:2023"],
  cwe: ["CWE-918"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
