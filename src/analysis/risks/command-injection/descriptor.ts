import type { DetectorDescriptor } from '../../../core/detector.js';
import { attackParams } from '../attack-risk.js';

export const params = attackParams;

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0020',
  rev: 1,
  slug: 'command-injection',
  kind: 'risk',
  title: { zh: "命令注入", en: "Command injection" },
  description: {
    zh: "请求参数中出现 shell 元字符后接系统命令，试图在服务器上执行命令。",
    en: "Request values carry shell metacharacters followed by commands: someone is trying to run commands on the server.",
  },
  remediation: {
    zh: "不要将用户输入拼接进命令行，使用参数数组调用；立即排查主机是否失陷；封禁来源。",
    en: "Never build command lines from user input (pass argument arrays); check the host for compromise at once; block the source.",
  },
  severity: 'critical',
  owasp: ["API8:2023"],
  cwe: ["CWE-78"],
  params,
  appliesTo: { zh: '所有请求（路径、查询、表单、JSON、XML、Cookie、请求头）', en: 'every request (path, query, form, JSON, XML, cookies, headers)' },
};
