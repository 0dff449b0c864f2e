import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** successful calls carrying query language in the same parameter before it is a finding (a one-off may be a test) */
    minOccurrences: z.number().int().min(1).default(2),
    /** parameter values longer than this are not parsed */
    maxValueLength: z.number().int().min(16).default(4096),
    /** request bodies longer than this are not looked at */
    maxBodyBytes: z.number().int().min(1024).default(64 * 1024),
    /** parameters looked at per request */
    maxParams: z.number().int().min(1).default(200),
    /**
     * parameter names (normalised: lower case, no `_ - .`) under which a single condition
     * (`where=status='A'`) or a single sort term with a direction (`orderBy=create_time desc`) is enough
     */
    conditionNames: z
      .array(z.string())
      .default(['where', 'wheresql', 'sqlwhere', 'wherestr', 'wherecondition', 'wherecond', 'condition', 'conditions', 'cond', 'querycondition', 'searchcondition', 'filter', 'filters', '$filter', 'filterexpr', 'criteria', 'sql', 'sqlstr', 'sqltext', 'querysql', 'extsql', 'customsql', 'expr', 'expression', 'having', 'q', 'query']),
    orderNames: z.array(z.string()).default(['orderby', 'order', 'sort', 'sortby', 'orderbyclause', 'orderfield', 'sortfield', 'ordersql', 'sortsql', '$orderby', 'orderstr', 'sortstr']),
    /** per endpoint, parameters tracked (bounds memory) */
    maxTrackedParams: z.number().int().min(1).default(32),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0010',
  rev: 1,
  slug: 'sql-in-parameter',
  kind: 'weakness',
  title: { zh: '参数中直接传递 SQL 或查询语句', en: 'SQL or query language in parameters' },
  description: {
    zh:
      '接口把 SQL 片段或查询语言作为正常业务参数接收并执行：如 sql=select …、where=status=\'A\' and …、orderBy=create_time desc、OData $filter、MongoDB 操作符（$where、$regex）或 Elasticsearch 查询 DSL。' +
      '客户端能决定服务端执行的查询，攻击者只需改写参数即可越权读取、篡改数据或注入，且此类接口常见于后台管理与报表查询。',
    en:
      'The API takes SQL fragments or a query language as an ordinary parameter and runs it: sql=select …, where=status=\'A\' and …, orderBy=create_time desc, an OData $filter, MongoDB operators ($where, $regex) or an Elasticsearch query DSL. ' +
      'The client decides what query the server runs, so rewriting the parameter reads or changes other data or injects; such APIs are common in back-office and reporting screens.',
  },
  remediation: {
    zh:
      '服务端不接受客户端拼装的查询语句：改为结构化的查询字段（字段名、运算符、取值分别传递），字段名与排序方向使用白名单映射，取值一律使用预编译语句绑定（MyBatis 使用 #{} 而非 ${}）；' +
      'NoSQL 与搜索引擎查询由服务端构造，拒绝请求中的 $ 操作符与 script、query_string 等原始查询。',
    en:
      'Never accept queries assembled by the client: take structured fields (field, operator, value) instead, map field names and sort directions through an allow-list, and bind every value as a prepared-statement parameter (MyBatis #{} rather than ${}); ' +
      'build NoSQL and search-engine queries on the server and reject $ operators and raw script or query_string clauses in requests.',
  },
  severity: 'high',
  owasp: ['API8:2023', 'API3:2023'],
  cwe: ['CWE-89', 'CWE-943', 'CWE-564'],
  references: ['https://owasp.org/www-community/attacks/SQL_Injection', 'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html'],
  params,
  appliesTo: {
    zh: '查询参数、表单字段与 JSON 请求体中带查询语言（SQL 语句、WHERE 条件、ORDER BY、OData、Mongo 操作符、ES DSL）且服务端成功应答（2xx 且未拒绝）的交换',
    en: 'exchanges whose query, form or JSON parameters carry query language (SQL statements, WHERE conditions, ORDER BY, OData, Mongo operators, ES DSL) and that the server answers with success (2xx, not refused)',
  },
};
