import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0018',
  rev: 1,
  slug: 'xss',
  kind: 'risk',
  title: { zh: "跨站脚本攻击", en: "Cross-site scripting (XSS)" },
  description: {
    zh: "请求中出现可在浏览器执行的脚本（标签、事件属性、javascript: 地址等，经 HTML 词法分析识别）。",
    en: "Request values carry script a browser would run (tags, event-handler attributes, javascript: URLs, recognised by tokenising HTML).",
  },
  remediation: {
    zh: "对输出进行上下文相关的编码，设置 Content-Security-Policy；核查是否有存储型 XSS 落库；封禁来源。",
    en: "Encode output for its context and set a Content-Security-Policy; check whether the payload was stored; block the source.",
  },
  severity: 'medium',
  owasp: ["API8:2023"],
  cwe: ["CWE-79"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
