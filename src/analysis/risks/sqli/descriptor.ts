import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0017',
  rev: 1,
  slug: 'sqli',
  kind: 'risk',
  title: { zh: "SQL 注入攻击", en: "SQL injection" },
  description: {
    zh: "请求参数中出现可被数据库执行的 SQL 片段（经解码与词法分析识别，非关键字匹配），攻击者试图读取或篡改数据。",
    en: "Request values carry SQL that a database would execute (recognised after decoding by tokenising, not by keywords): someone is trying to read or change data through the API.",
  },
  remediation: {
    zh: "核实该接口是否使用参数化查询；在 WAF 上封禁来源；检查响应是否泄露数据或数据库错误；结合弱点 sql-in-parameter 与 verbose-error 排查。",
    en: "Check that the endpoint uses parameterised queries; block the source at the WAF; check whether the answers leaked data or database errors (see the sql-in-parameter and verbose-error weaknesses).",
  },
  severity: 'high',
  owasp: ["API8:2023", "API10:2023"],
  cwe: ["CWE-89"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
