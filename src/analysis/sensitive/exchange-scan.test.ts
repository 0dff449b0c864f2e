import { describe, expect, it } from 'vitest';
import type { Exchange, Header } from '../../core/exchange.js';
import { multipartPairs, scanExchange, type ScanCounters } from './exchange-scan.js';

function ex(req: { url?: string; headers?: Header[]; body?: string; base64?: boolean }, res?: { headers?: Header[]; body?: string; base64?: boolean }): Exchange {
  const e: Exchange = {
    v: 1, id: 'x', ts: '2024-05-01T08:00:00.000Z', client: { ip: '203.0.113.7', port: 1 }, server: { ip: '10.0.0.5', port: 443 },
    request: { method: 'POST', url: req.url ?? '/', httpVersion: '1.1', headers: req.headers ?? [], body: req.body, bodyEncoding: req.base64 ? 'base64' : 'utf8' },
    source: 'test:x',
  };
  if (res) e.response = { status: 200, httpVersion: '1.1', headers: res.headers ?? [], body: res.body, bodyEncoding: res.base64 ? 'base64' : 'utf8' };
  return e;
}
const where = (hits: { label: string; location: string }[]): string[] => hits.map((h) => `${h.label}@${h.location}`).sort();

describe('scanExchange', () => {
  it('query, headers and cookies, form bodies', () => {
    const r = scanExchange(ex({
      url: '/api/q?mobile=13812345678&page=2',
      headers: [['host', '10.0.0.5'], ['x-id-no', '11010519491231002X'], ['cookie', 'sid=abcdef0123456789abcd; email=a.b%40example.com'], ['content-type', 'application/x-www-form-urlencoded'], ['authorization', 'Bearer abcdefghijklmnop1234']],
      body: 'name=x&password=S3cret%21pw',
    }));
    expect(where(r.request)).toEqual(['cn_id@header.x-id-no', 'cn_mobile@query.mobile', 'password@form.password']);
    expect(r.response).toEqual([]);
  });
  it('multipart fields, not files', () => {
    const body = '--b\r\ncontent-disposition: form-data; name="idNo"\r\n\r\n11010519491231002X\r\n--b\r\ncontent-disposition: form-data; name="f"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\n13812345678\r\n--b--\r\n';
    expect(multipartPairs(body)).toEqual([['idNo', '11010519491231002X']]);
    const r = scanExchange(ex({ headers: [['content-type', 'multipart/form-data; boundary=b']], body }));
    expect(where(r.request)).toEqual(['cn_id@multipart.idNo']);
  });
  it('JSON responses with values for the trace index; XML through the text scanner', () => {
    const r = scanExchange(ex({}, { headers: [['content-type', 'application/json']], body: JSON.stringify({ data: { list: [{ idNo: '11010519491231002X' }, { idNo: '11010519491231002X' }] } }) }), { withValues: true });
    expect(r.response).toMatchObject([{ label: 'cn_id', location: 'data.list[].idNo', count: 2, values: ['11010519491231002X', '11010519491231002X'] }]);
    const x = scanExchange(ex({ headers: [['content-type', 'text/xml']], body: '<req><sfzh>11010519491231002X</sfzh></req>' }));
    expect(where(x.request)).toEqual(['cn_id@sfzh']);
  });
  it('skips binary and assets, bounds large bodies, never throws on hostile input', () => {
    const c: ScanCounters = { skipped: 0, truncated: 0, failed: 0 };
    scanExchange(ex({ body: 'AAAA', base64: true }, { headers: [['content-type', 'image/png']], body: '13812345678' }), {}, c);
    expect(c.skipped).toBe(2);
    const big = `{"mobile":"13812345678","pad":"${'x'.repeat(2000)}"}`;
    const r = scanExchange(ex({}, { body: big }), { maxBodyBytes: 1000 }, c);
    expect(c.truncated).toBe(1);
    expect(where(r.response)).toEqual(['cn_mobile@mobile']);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => scanExchange(ex({ body: deep }, { body: `{"a":${deep}}` }), { maxBodyBytes: 1 << 20 }, c)).not.toThrow();
  });
  it('disabled labels and allow-listed keys', () => {
    const body = JSON.stringify({ mobile: '13812345678', v1: '6222024884801970560' });
    expect(where(scanExchange(ex({}, { body })).response)).toContain('bank_card@v1');
    const r = scanExchange(ex({}, { body }), { disabled: new Set(['cn_mobile']), allowKeys: new Set(['v1']) });
    expect(r.response).toEqual([]);
  });
});
