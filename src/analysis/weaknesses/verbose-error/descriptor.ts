import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** characters of an error response (status >= 400, or a success answer with a marker) that are scanned */
    maxScanChars: z.number().int().min(1024).default(64 * 1024),
    /** characters at the start of a success (2xx/3xx) body looked at for a cheap marker (`Exception`, `ORA-`, ` on line `) */
    successMarkerChars: z.number().int().min(256).default(1024),
    /** success bodies longer than this are data, not error pages, and are not looked at */
    successMaxBytes: z.number().int().min(1024).default(256 * 1024),
    /** stack frames needed to call it a stack trace */
    minFrames: z.number().int().min(1).default(1),
    /** also report a fully qualified exception class name alone (`java.lang.NullPointerException`) */
    exceptionNames: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0012',
  rev: 1,
  slug: 'verbose-error',
  kind: 'weakness',
  title: { zh: '错误信息泄露（堆栈、SQL 报错、调试页面）', en: 'Verbose errors (stack traces, SQL errors, debug pages)' },
  description: {
    zh:
      '接口在出错时把内部细节返回给客户端：Java/.NET/Python/Node/PHP/Go 异常堆栈、数据库报错（ORA-、MySQL 语法错误、PSQLException、SQLSTATE 等）、框架调试页面（Django DEBUG、Werkzeug、Laravel Whoops、ASP.NET 黄页等）或完整的异常类名。' +
      '这些信息暴露代码结构、框架与数据库版本、表名与 SQL 语句，方便攻击者构造注入与定向攻击。',
    en:
      'On errors the API returns internals to the client: Java/.NET/Python/Node/PHP/Go stack traces, database errors (ORA-, MySQL syntax errors, PSQLException, SQLSTATE…), framework debug pages (Django DEBUG, Werkzeug, Laravel Whoops, the ASP.NET yellow screen…) or fully qualified exception class names. ' +
      'They reveal code structure, framework and database versions, table names and SQL, which helps attackers craft injections and targeted attacks.',
  },
  remediation: {
    zh:
      '在统一异常处理（全局异常拦截器/网关）中只向客户端返回通用错误码与提示语及可追溯的流水号，异常堆栈与数据库报错只写入服务端日志；' +
      '生产环境关闭调试模式（Django DEBUG=False、Flask debug、Laravel APP_DEBUG、ASP.NET customErrors），Spring Boot 设置 server.error.include-stacktrace=never、include-exception=false。',
    en:
      'Have one exception handler (a global interceptor or the gateway) return only a generic error code, a message and a trace id to clients, and write stack traces and database errors to server logs only; ' +
      'turn debug modes off in production (Django DEBUG=False, Flask debug, Laravel APP_DEBUG, ASP.NET customErrors) and set Spring Boot server.error.include-stacktrace=never and include-exception=false.',
  },
  severity: 'medium',
  owasp: ['API8:2023'],
  cwe: ['CWE-209', 'CWE-497', 'CWE-215'],
  references: ['https://owasp.org/www-community/Improper_Error_Handling', 'https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html'],
  params,
  appliesTo: {
    zh: '状态码 ≥ 400 的应答，以及正文开头带异常或数据库报错标记的成功应答（文本、JSON、HTML，不含附件下载）',
    en: 'responses with status >= 400, and success responses (text, JSON, HTML; not attachments) whose body starts with an exception or database-error marker',
  },
};
