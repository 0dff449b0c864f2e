import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0019',
  rev: 1,
  slug: 'path-traversal',
  kind: 'risk',
  title: { zh: "路径遍历 / 本地文件包含", en: "Path traversal / local file inclusion" },
  description: {
    zh: "请求试图通过 ../ 等序列或敏感文件名读取服务器上的任意文件。",
    en: "The request tries to reach files outside the intended folder with ../ sequences or names of sensitive files.",
  },
  remediation: {
    zh: "文件访问按标识映射，禁止使用用户提供的路径；规范化后校验目录；检查响应是否返回了系统文件。",
    en: "Map files by id instead of by user-supplied paths; check the normalised path stays in its folder; check whether answers returned system files.",
  },
  severity: 'high',
  owasp: ["API8:2023"],
  cwe: ["CWE-22", "CWE-98"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
