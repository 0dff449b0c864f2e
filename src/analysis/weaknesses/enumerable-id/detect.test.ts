import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { enumerableId, lowEntropyId } from './detect.js';

type Ex = ReturnType<typeof ex>;
const TOKEN = 'Bearer 6f1c2a9e8b7d4c3f2e1a0b9c8d7e6f5a';
const bearer = (t = TOKEN): [string, string][] => [['authorization', t]];
const customer = (id: number | string) => ({ code: '0000', data: { custId: String(id), custName: '张三丰', mobile: '13812345678', level: 'GOLD', since: `20${10 + (Number(String(id).slice(-2)) % 10)}` } });
const get = (url: string, body: object, headers: [string, string][] = bearer(), status = 200, client?: string): Ex =>
  ex({ url, host: 'mapi.bank.example.cn', request: { headers }, status, response: { body }, ...(client ? { client } : {}) });

/** one caller walking through ids */
const walk = (tpl: (id: number) => string, ids: number[], body: (id: number) => object = customer, headers = bearer(), status = 200): Ex[] =>
  ids.map((id) => get(tpl(id), body(id), headers, status));
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('enumerable-id', () => {
  const valid: [string, Ex[], string][] = [
    ['one token reads /users/1001…1006', walk((id) => `/api/v1/users/${id}`, ids(1001, 6)), 'GET /api/v1/users/{userId} path.userId'],
    ['query custNo walked by one token', walk((id) => `/api/v1/cust/info?custNo=${id}`, ids(880001, 5)), 'GET /api/v1/cust/info query.custNo'],
    ['a query name ending in _id (crAPI mechanic_report?report_id=)', walk((id) => `/workshop/api/mechanic/mechanic_report?report_id=${id}`, ids(1, 6)), 'GET /workshop/api/mechanic/mechanic_report query.report_id'],
    [
      'order numbers with a short prefix, owned word in the path',
      walk((id) => `/api/v1/orders/ORD${id}`, ids(20001, 5), (id) => ({ code: '0000', data: { orderNo: `ORD${id}`, amt: `${id % 97}.00`, status: 'PAID' } })),
      'GET /api/v1/orders/{orderId} path.orderId',
    ],
    [
      'no credential at all, personal data in the answers (generic path words)',
      ids(301, 5).map((id, i) => get(`/h5/detail/${id}`, customer(id), [], 200, `198.51.100.${i + 1}`)),
      'GET /h5/detail/{detailId} path.detailId',
    ],
    [
      'session cookie walking account ids',
      walk((id) => `/web/account/detail?accountId=${id}`, ids(5001, 5), (id) => ({ accountId: id, balance: `${id}.12`, acctName: '李四' }), [['cookie', 'JSESSIONID=ABCDEF0123456789ABCDEF0123456789; _ga=GA1.2.1']]),
      'GET /web/account/detail query.accountId',
    ],
  ];
  const invalid: [string, Ex[]][] = [
    ['each customer reads only their own id', ids(1001, 8).map((id) => get(`/api/v1/users/${id}`, customer(id), bearer(`Bearer tok-${id}-abcdefabcdef`)))],
    ['UUID ids', ids(1, 6).map((i) => get(`/api/v1/users/3f2b8c1e-9d4a-4f6b-8e2c-00000000000${i}`, customer(i)))],
    ['long random hex ids', ids(1, 6).map((i) => get(`/api/v1/users/${'9f8e7d6c5b4a3921'}${i}${'0a1b2c3d'}`, customer(i)))],
    ['403 refusals', walk((id) => `/api/v1/users/${id}`, ids(1001, 6), () => ({ code: 'E403', msg: '无权访问' }), bearer(), 403)],
    ['404 not found', walk((id) => `/api/v1/users/${id}`, ids(1001, 6), () => ({ msg: 'not found' }), bearer(), 404)],
    ['200 with a business refusal code', walk((id) => `/api/v1/users/${id}`, ids(1001, 6), (id) => ({ code: 'E0403', msg: '无权访问该客户', custId: id }))],
    ['200 with success:false', walk((id) => `/api/v1/users/${id}`, ids(1001, 6), (id) => ({ success: false, message: 'forbidden', id }))],
    ['public products (no owner words, no personal data)', walk((id) => `/api/v1/products/${id}`, ids(1001, 8), (id) => ({ productId: id, name: `稳健理财${id}号`, rate: '3.15%', minAmt: '10000' }))],
    ['public branch locator without auth', ids(11, 6).map((id) => get(`/api/v1/branches/${id}`, { branchId: id, name: `第${id}支行`, address: '北京市西城区金融大街1号', tel: '010-66668888' }, []))],
    ['pagination numbers', walk((n) => `/api/v1/users/list?pageNo=${n}&pageSize=20`, ids(1, 8), (n) => ({ code: '0000', list: [{ custName: '张三', n }] }))],
    ['same id again and again', Array.from({ length: 8 }, () => get('/api/v1/users/1001', customer(1001)))],
    ['mobile number in the path is not an object id', walk((id) => `/api/v1/users/138${id}5678`, ids(1001, 6))],
    ['dates in the path', walk((d) => `/api/v1/accounts/stmt/202405${String(d).padStart(2, '0')}`, ids(1, 6), (d) => ({ code: '0000', day: d, acctName: '王五' }))],
    ['identical empty-ish bodies for every id', walk((id) => `/api/v1/users/${id}`, ids(1001, 6), () => ({ code: '0000', data: null, note: 'reserved-field' }))],
    ['only 4 distinct ids (below minDistinctIds)', walk((id) => `/api/v1/users/${id}`, ids(1001, 4))],
    [
      'back-office staff browsing customers',
      walk((id) => `/admin/customer/detail?custNo=${id}`, ids(880001, 6)),
    ],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(enumerableId, exchanges);
      expect(where(f)).toEqual([at]);
      expect(f[0]!.ruleId).toBe('GL-W-0002');
      expect(f[0]!.detail).not.toMatch(/1001|880001|ORD2|5001|301|6f1c2a9e|ABCDEF|13812345678|张三丰/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(enumerableId, exchanges)).toEqual([]);
    });
  }
  it('reports the walking credential, counts its exchanges past the threshold', () => {
    const f = findings(enumerableId, walk((id) => `/api/v1/users/${id}`, ids(1001, 7)));
    expect(f).toHaveLength(1);
    expect(f[0]!.count).toBe(3); // the 5th, 6th and 7th id
    expect(f[0]!.data).toMatchObject({ distinctIds: 7, sequential: true, unauthenticated: false });
  });
  it('thresholds are params', () => {
    const four = walk((id) => `/api/v1/users/${id}`, ids(1001, 4));
    expect(findings(enumerableId, four, { minDistinctIds: 4 })).toHaveLength(1);
    expect(findings(enumerableId, walk((id) => `/api/v1/users/${id}`, ids(1001, 6)), { minDistinctPerCaller: 7 })).toEqual([]);
  });
  it('skipAdmin: false also flags back-office endpoints', () => {
    expect(where(findings(enumerableId, walk((id) => `/admin/customer/detail?custNo=${id}`, ids(880001, 6)), { skipAdmin: false }))).toEqual(['GET /admin/customer/detail query.custNo']);
  });
  it('lowEntropyId', () => {
    expect(lowEntropyId('1001', 12, 4)).toBe('1001');
    expect(lowEntropyId('ORD10023', 12, 4)).toBe('10023');
    expect(lowEntropyId('13812345678', 12, 4)).toBeUndefined();
    expect(lowEntropyId('20240501', 12, 4)).toBeUndefined();
    expect(lowEntropyId('abcdef123', 12, 4)).toBeUndefined();
    expect(lowEntropyId('6222021234567890123', 12, 4)).toBeUndefined();
    expect(lowEntropyId('me', 12, 4)).toBeUndefined();
  });
});
