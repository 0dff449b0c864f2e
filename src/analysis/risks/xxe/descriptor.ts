import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0022',
  rev: 1,
  slug: 'xxe',
  kind: 'risk',
  title: { zh: "XML 外部实体注入", en: "XML external entity injection" },
  description: {
    zh: "XML 请求体中声明了外部实体（DOCTYPE ENTITY SYSTEM/PUBLIC），试图读取文件或发起内网请求。",
    en: "An XML body declares external entities (DOCTYPE ENTITY SYSTEM/PUBLIC) to read files or reach internal hosts.",
  },
  remediation: {
    zh: "在 XML 解析器中禁用 DTD 与外部实体；封禁来源。",
    en: "Disable DTDs and external entities in the XML parser; block the source.",
  },
  severity: 'high',
  owasp: ["API8:2023"],
  cwe: ["CWE-611"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
