import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0023',
  rev: 1,
  slug: 'expression-injection',
  kind: 'risk',
  title: { zh: "JNDI / 表达式注入", en: "JNDI / expression injection" },
  description: {
    zh: "请求中出现 ${jndi:…}（含混淆）、OGNL、SpEL 或模板表达式，试图远程执行代码（如 Log4Shell）。",
    en: "Requests carry ${jndi:…} lookups (also obfuscated), OGNL, SpEL or template expressions aimed at remote code execution (Log4Shell and kin).",
  },
  remediation: {
    zh: "升级受影响组件（Log4j 等），禁止对用户输入做表达式求值；排查主机外连记录；封禁来源。",
    en: "Upgrade the affected components (Log4j…), never evaluate user input as an expression; check hosts for outbound callbacks; block the source.",
  },
  severity: 'critical',
  owasp: ["API8:2023", "API10:2023"],
  cwe: ["CWE-917", "CWE-94"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
