import { describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { maskDigits, maskExchange, SAMPLE_BODY_LIMIT } from './sample-mask.js';

const ex: Exchange = {
  v: 1,
  id: 'a1',
  ts: '2024-05-01T08:00:00.000Z',
  client: { ip: '203.0.113.7', port: 5000 },
  server: { ip: '10.0.0.5', port: 80 },
  request: {
    method: 'GET',
    url: '/api/v1/users/110101199003071234?mobile=13812345678',
    httpVersion: '1.1',
    headers: [
      ['host', 'bank.example'],
      ['authorization', 'Bearer abc.def.ghi'],
      ['cookie', 'SESSION=42'],
    ],
  },
  response: {
    status: 200,
    httpVersion: '1.1',
    headers: [['set-cookie', 'SESSION=43']],
    body: `{"card":"6222021234567890123","name":"张三","pad":"${'x'.repeat(SAMPLE_BODY_LIMIT)}"}`,
    bodyEncoding: 'utf8',
  },
  source: 'pcap:t.pcap',
};

describe('sample masking', () => {
  it('keeps only the last 4 digits of runs of 6 or more', () => {
    expect(maskDigits('id=110101199003071234&n=12345&m=123456')).toBe('id=**************1234&n=12345&m=**3456');
  });

  it('redacts credentials, masks identifiers in URL and body, cuts long bodies, leaves the original alone', () => {
    const m = maskExchange(ex);
    expect(m.request.url).toBe('/api/v1/users/**************1234?mobile=*******5678');
    expect(m.request.headers).toEqual([
      ['host', 'bank.example'],
      ['authorization', '[redacted]'],
      ['cookie', '[redacted]'],
    ]);
    expect(m.response!.headers).toEqual([['set-cookie', '[redacted]']]);
    expect(m.response!.body).toContain('"card":"***************0123"');
    expect(m.response!.body!.length).toBe(SAMPLE_BODY_LIMIT);
    expect(m.response!.bodyTruncated).toBe(true);
    expect(ex.request.url).toContain('110101199003071234');
  });

  it('does not keep binary (base64) bodies', () => {
    const bin = maskExchange({ ...ex, response: { ...ex.response!, body: 'AAEC', bodyEncoding: 'base64' } });
    expect(bin.response!.body).toBe('');
    expect(bin.response!.bodyTruncated).toBe(true);
  });

  it('keeps only the Exchange schema fields: nothing else riding on the object reaches the store', () => {
    const e = { ...ex, response: { ...ex.response! }, sensitiveHits: { response: [{ label: 'cn_id', values: ['11010519491231002X'] }] } } as typeof ex;
    (e.response as unknown as Record<string, unknown>).extra = '13812345678';
    const json = JSON.stringify(maskExchange(e));
    expect(json).not.toContain('11010519491231002X');
    expect(json).not.toContain('13812345678');
    expect(json).not.toContain('sensitiveHits');
  });

  it('replaces passwords, tokens, JWTs and private keys in bodies and URLs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyMSJ9.c2lnbmF0dXJlLXZhbHVl';
    const e = {
      ...ex,
      request: { ...ex.request, url: '/login?user=a&token=abcd1234efgh&page=2', body: JSON.stringify({ loginName: 'zhang', password: 'Hunter2!x', remember: true }) },
      response: { ...ex.response!, body: JSON.stringify({ accessToken: jwt, note: `bearer ${jwt}`, key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----' }) },
    };
    const json = JSON.stringify(maskExchange(e));
    for (const secret of ['Hunter2!x', 'abcd1234efgh', 'eyJzdWIiOiJ1c2VyMSJ9', 'MIIEow']) expect(json).not.toContain(secret);
    const m = maskExchange(e);
    expect(m.request.url).toBe('/login?user=a&token=***&page=2');
    expect(JSON.parse(m.request.body!)).toEqual({ loginName: 'zhang', password: '***', remember: true });
  });
});
