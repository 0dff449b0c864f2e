import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { sqlInParameter } from './detect.js';
import { queryLanguage } from './query-language.js';
import { refusedInBody } from '../request-strings.js';

const ok = { body: { code: '000000', data: { total: 2, list: [{ id: 1 }, { id: 2 }] } } };
const twice = (make: () => Exchange): Exchange[] => [make(), make()];
const get = (url: string, status = 200, response: object = ok) => () => ex({ url, status, response });
const post = (url: string, body: object | string, headers: [string, string][] = [], response: object = ok) => () =>
  ex({ method: 'POST', url, request: { body, headers }, response });
const form: [string, string][] = [['content-type', 'application/x-www-form-urlencoded']];

describe('queryLanguage', () => {
  const yes: [string, string, boolean][] = [
    ['select id, name from t_cust where status = 1', 'sql-select', true],
    ['SELECT * FROM acct', 'sql-select', true],
    ['select count(*) from t_txn', 'sql-select', true],
    ['select one from menu', 'sql-select', false],
    ["update t_cust set status = 'C' where id = 5", 'sql-update', true],
    ["delete from t_log where create_time < '2024-01-01'", 'sql-delete', true],
    ["insert into t_note (id, txt) values (1, 'x')", 'sql-insert', true],
    ["status='A' and amount>100", 'sql-where', true],
    ["where cust_no = '001'", 'sql-where', true],
    ["status='A'", 'sql-where', false],
    ["1=1 and branch_no in ('0101','0102') order by txn_time desc", 'sql-where', true],
    ['acct_no is not null and amt between 1 and 5', 'sql-where', true],
    ["name like '%zhang%'", 'sql-where', false],
    ["status eq 'A' and amount gt 100", 'odata-filter', true],
    ["contains(custName,'li')", 'odata-filter', false],
    ['create_time desc, id asc', 'sql-order-by', true],
    ['create_time desc', 'sql-order-by', false],
    ['order by create_time desc', 'sql-order-by', true],
  ];
  for (const [v, kind, strong] of yes) it(`is ${kind}: ${v}`, () => expect(queryLanguage(v)).toMatchObject({ kind, strong }));
  const no = ['select', 'createTime', 'createTime,desc', 'desc', 'where is my card', 'Please select one from the list below', 'a=1', 'apples and oranges', '如何查询 select 账户', 'in progress', 'status:A', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'];
  for (const v of no) it(`is not query language: ${v}`, () => expect(queryLanguage(v)).toBeUndefined());
  const attacks = ["1' or '1'='1", "x' union select password from t_user--", 'id desc; drop table t_user', "1 and sleep(5)", "admin'--", "a' and extractvalue(1,concat(0x7e,user()))"];
  for (const v of attacks) it(`leaves attacks to risk detection: ${v}`, () => expect(queryLanguage(v) ?? { kind: 'attack' }).toMatchObject({ kind: 'attack' }));
});

describe('refusedInBody', () => {
  it('reads bank result codes', () => {
    expect(refusedInBody({ code: 'E1001', msg: '参数非法' })).toBe(true);
    expect(refusedInBody({ head: { retCode: '999999' } })).toBe(true);
    expect(refusedInBody({ success: false })).toBe(true);
    expect(refusedInBody({ code: '000000', data: {} })).toBe(false);
    expect(refusedInBody({ code: 0 })).toBe(false);
    expect(refusedInBody([1, 2])).toBe(false);
  });
});

describe('sql-in-parameter', () => {
  const valid: [string, Exchange[], string][] = [
    ['SQL statement in a query parameter', twice(get('/api/report/query?sql=select%20cust_no,%20bal%20from%20t_acct%20where%20branch%3D%270101%27')), 'GET /api/report/query query.sql'],
    ['WHERE with two conditions in a query parameter', twice(get("/api/v1/txns?where=status%3D'A'+and+amount%3E100&pageNo=1")), 'GET /api/v1/txns query.where'],
    ['one condition under a telling name', twice(get("/api/v1/cards?where=status%3D'A'")), 'GET /api/v1/cards query.where'],
    ['ORDER BY with a direction under orderBy', twice(get('/api/v1/orders?orderBy=create_time%20desc')), 'GET /api/v1/orders query.orderBy'],
    ['OData $filter', twice(get("/odata/Customers?$filter=Status%20eq%20'A'%20and%20Balance%20gt%20100")), 'GET /odata/Customers query.$filter'],
    ['JSON body condition', twice(post('/api/admin/cust/list', { pageNo: 1, condition: "cust_level = 'VIP' and open_branch = '0101'" })), 'POST /api/admin/cust/list condition'],
    ['form field SQL', twice(post('/mgr/report.do', 'reportId=12&sqlText=select+*+from+t_loan+where+status%3D1', form)), 'POST /mgr/report.do form.sqlText'],
    ['Mongo operators in JSON', twice(post('/api/v1/logs/search', { filter: { amount: { $gte: 100 }, memo: { $regex: '^TR' } } })), 'POST /api/v1/logs/search filter'],
    ['Mongo JSON in a query parameter', twice(get('/api/v1/msgs?query=%7B%22%24where%22%3A%22this.readFlag%20%3D%3D%200%22%7D')), 'GET /api/v1/msgs query.query'],
    ['Elasticsearch DSL body', twice(post('/api/search/txn/_search', { query: { bool: { must: [{ match: { memo: '工资' } }] } }, size: 20 })), 'POST /api/search/txn/_search query'],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(sqlInParameter, exchanges);
      expect(where(f)).toEqual([at]);
      expect(f[0]!.ruleId).toBe('GL-W-0010');
      expect(f[0]!.detail).not.toMatch(/VIP|0101|工资|t_loan|cust_no|readFlag/);
    });
  }

  const invalid: [string, Exchange[]][] = [
    ['a dropdown named select', twice(get('/api/v1/branches?select=all&city=shanghai'))],
    ['a sort field without SQL', twice(get('/api/v1/orders?orderBy=createTime&sort=desc'))],
    ['Spring Data sort', twice(get('/api/v1/orders?sort=createTime,desc'))],
    ['search text with SQL words', twice(get('/api/v1/faq/search?q=where+is+my+card+and+how+to+select+a+new+one'))],
    ['Chinese search text', twice(post('/api/v1/faq/search', { keyword: '如何 select 账户 where 余额' }))],
    ['a single condition under an ordinary name', twice(get("/api/v1/notes?memo=status%3D'A'"))],
    ['seen once only (a test)', [get("/api/v1/txns?where=status%3D'A'+and+amount%3E100")()]],
    ['injection attempt (risk detection handles it)', twice(get("/api/v1/cust?id=1'%20or%20'1'%3D'1"))],
    ['union select attempt', twice(get("/api/v1/cust?name=x'%20union%20select%20pwd%20from%20t_user--"))],
    ['stacked statement after ORDER BY', twice(get('/api/v1/orders?orderBy=id%20desc;drop%20table%20t_order'))],
    ['NoSQL login bypass', twice(post('/api/v1/login', { username: 'admin', password: { $ne: null } }))],
    ['refused with 400', twice(get("/api/v1/txns?where=status%3D'A'+and+amount%3E100", 400, { body: { code: 'E400' } }))],
    ['refused with 200 and a business error code', twice(get("/api/v1/txns?where=status%3D'A'+and+amount%3E100", 200, { body: { code: 'E1001', msg: '非法查询条件' } }))],
    ['GraphQL query', twice(post('/graphql', { query: 'query { accounts(where: "x") { id } }' }))],
    ['encrypted body', twice(post('/api/v2/gateway', { data: 'U2FsdGVkX1+or+in+is+ne+gt'.repeat(20), sign: 'a1b2' }))],
    ['select in a JSON value that is not SQL', twice(post('/api/v1/pref', { select: 'card', from: 'home', order: 'asc' }))],
  ];
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(sqlInParameter, exchanges)).toEqual([]);
    });
  }

  it('counts every successful call after the threshold, with bounded evidence', () => {
    const f = findings(sqlInParameter, Array.from({ length: 6 }, (_, i) => get(`/api/v1/txns?where=amount%3E${i}+and+status%3D'A'`)()));
    expect(where(f)).toEqual(['GET /api/v1/txns query.where']);
    expect(f[0]!.count).toBe(5);
    expect(f[0]!.evidence).toHaveLength(3);
    expect(f[0]!.data).toMatchObject({ kind: 'sql-where', occurrences: 6 });
  });
  it('minOccurrences: 1 reports a single call', () => {
    expect(findings(sqlInParameter, [get("/api/v1/txns?where=status%3D'A'+and+amount%3E100")()], { minOccurrences: 1 })).toHaveLength(1);
  });
});
