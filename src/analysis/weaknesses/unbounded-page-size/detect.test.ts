import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { estimateRecords, longestArray, unboundedPageSize } from './detect.js';

type Ex = ReturnType<typeof ex>;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ txnId: `T${1000 + i}`, amt: '12.50', remark: '消费' }));
const page = (n: number, total = 100_000) => ({ code: '0000', data: { total, list: rows(n) } });
const getList = (query: string, n: number, status = 200, path = '/api/v1/txn/list'): Ex =>
  ex({ url: `${path}?${query}`, host: 'mapi.bank.example.cn', status, response: status < 400 ? { body: page(n) } : { body: { code: 'E400', msg: 'pageSize too large' } } });
const postList = (body: object, n: number): Ex => ex({ method: 'POST', url: '/api/v1/acct/detailQuery', host: 'mapi.bank.example.cn', request: { body }, response: { body: page(n) } });

describe('unbounded-page-size', () => {
  const valid: [string, Ex[], string][] = [
    ['query pageSize=5000 answered with 5000 rows', [getList('pageNo=1&pageSize=5000', 5000)], 'GET /api/v1/txn/list query.pageSize'],
    ['snake case page_size', [getList('page=1&page_size=2000', 2000)], 'GET /api/v1/txn/list query.page_size'],
    ['JSON body pageSize (POST query style of bank APIs)', [postList({ acctNo: '6222****1234', pageNum: 1, pageSize: 10000 }, 3000)], 'POST /api/v1/acct/detailQuery pageSize'],
    ['nested JSON page.limit', [postList({ page: { current: 1, limit: 99999 } }, 800)], 'POST /api/v1/acct/detailQuery page.limit'],
    ['OData $top', [getList('$top=100000', 1200)], 'GET /api/v1/txn/list query.$top'],
    ['rows=0 means "all" to the paging library', [getList('page=1&rows=0', 4000)], 'GET /api/v1/txn/list query.rows'],
    [
      'well above the normal page of 20',
      [...Array.from({ length: 4 }, (_, i) => getList(`pageNo=${i + 1}&pageSize=20`, 20)), getList('pageNo=1&pageSize=1000', 300)],
      'GET /api/v1/txn/list query.pageSize',
    ],
    [
      'GraphQL first: 5000 inline',
      [ex({ method: 'POST', url: '/graphql', request: { body: { query: '{ customers(first: 5000) { edges { node { id } } } }' } }, response: { body: { data: { customers: { edges: rows(5000) } } } } })],
      'POST /graphql graphql.first',
    ],
  ];
  const invalid: [string, Ex[]][] = [
    ['large value answered with a capped page (10000 → 100)', [getList('pageNo=1&pageSize=10000', 100)]],
    ['large value refused with 400', [getList('pageNo=1&pageSize=10000', 0, 400)]],
    ['normal page sizes', Array.from({ length: 5 }, (_, i) => getList(`pageNo=${i + 1}&pageSize=50`, 50))],
    ['page number is not a page size', [getList('pageNo=2000&pageSize=20', 20)]],
    ['a large non-paging number (amount) with a big reference list', [getList('amount=50000', 800, 200, '/api/v1/fx/quote')]],
    ['large page but the response is not JSON (CSV export)', [ex({ url: '/api/v1/txn/export?pageSize=5000', response: { headers: [['content-type', 'text/csv']], body: 'a,b\n1,2\n' } })]],
    ['size of an upload, no records returned', [ex({ method: 'POST', url: '/api/v1/files/upload?size=204800', response: { body: { code: '0000', fileId: 'f-1' } } })]],
    ['a 1000-entry public code table asked with a normal limit', [getList('limit=20', 20), ex({ url: '/api/v1/dict/branches', response: { body: { list: rows(1500) } } })]],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(unboundedPageSize, exchanges);
      expect(where(f)).toEqual([at]);
      expect(f[0]!.ruleId).toBe('GL-W-0016');
      expect(f[0]!.detail).not.toMatch(/6222|T1000/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(unboundedPageSize, exchanges)).toEqual([]);
    });
  }
  it('counts each honoured large page on one finding', () => {
    const f = findings(unboundedPageSize, [getList('pageSize=5000', 5000), getList('pageSize=8000', 5200), getList('pageSize=20', 20)]);
    expect(f).toHaveLength(1);
    expect(f[0]!.count).toBe(2);
    expect(f[0]!.data).toMatchObject({ requested: 8000, records: 5200 });
  });
  it('thresholds are params', () => {
    expect(findings(unboundedPageSize, [getList('pageSize=5000', 300)])).toEqual([]);
    expect(findings(unboundedPageSize, [getList('pageSize=5000', 300)], { minRecords: 200 })).toHaveLength(1);
    expect(findings(unboundedPageSize, [getList('pageSize=500', 500)], { threshold: 200, minRecords: 200 })).toHaveLength(1);
  });
  it('a page too large to parse is counted from its text', () => {
    const f = findings(unboundedPageSize, [getList('pageSize=20000', 20000)]);
    expect(where(f)).toEqual(['GET /api/v1/txn/list query.pageSize']);
    expect(f[0]!.data).toMatchObject({ records: 20000, estimated: true });
    expect(estimateRecords('{"list":[{"a":1}, {"a":2},\n{"a":3}]}')).toBe(3);
    expect(estimateRecords('{"a":{"b":1},"c":2}')).toBe(0);
  });
  it('longestArray finds nested arrays', () => {
    expect(longestArray({ a: { b: [1, 2, 3] }, c: [{ d: [1, 2, 3, 4, 5] }] })).toBe(5);
    expect(longestArray('x')).toBe(0);
  });
});
