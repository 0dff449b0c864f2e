import { describe, expect, it } from 'vitest';
import type { AuthKind } from '../../../core/endpoint.js';
import type { ExchangeRequest, Header } from '../../../core/exchange.js';
import { authKinds, detectAuth, hasSessionCookie, isJwt, isSessionCookieName, setsSessionCookie } from './index.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMDEiLCJyb2xlIjoidXNlciIsImV4cCI6MTcxNDU1MDQwMH0.Qm9ndXMtc2lnbmF0dXJlLWZvci10ZXN0cw';
const JWT_ALG_NONE = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiJ9.';

function req(url: string, headers: Header[], body?: { type: string; text: string }): ExchangeRequest {
  const h: Header[] = [['host', 'mbank.example.cn'], ['user-agent', 'okhttp/4.9.3'], ...headers];
  if (body) h.push(['content-type', body.type]);
  return { method: body ? 'POST' : 'GET', url, httpVersion: '1.1', headers: h, body: body?.text, bodyEncoding: 'utf8' };
}

const cases: [string, ExchangeRequest, AuthKind][] = [
  ['nothing', req('/api/v1/products?page=1', [['accept', 'application/json']]), 'none'],
  ['Basic', req('/admin/', [['authorization', 'Basic YWRtaW46YWRtaW4xMjM=']]), 'basic'],
  ['opaque Bearer', req('/v72/payments', [['authorization', 'Bearer 4f0e2c1a9d8b7e6f5a4b3c2d1e0f9a8b']]), 'bearer'],
  ['Bearer JWT', req('/identity/api/v2/user/dashboard', [['authorization', `Bearer ${JWT}`]]), 'jwt'],
  ['Bearer JWT with alg none', req('/users/v1/me', [['authorization', `bearer ${JWT_ALG_NONE}`]]), 'jwt'],
  ['raw JWT, no scheme', req('/app/user/info', [['authorization', JWT]]), 'jwt'],
  ['Bearer null is nothing', req('/api/user/info', [['authorization', 'Bearer null']]), 'none'],
  ['Digest', req('/dav/', [['authorization', 'Digest username="ops", realm="bank", nonce="dcd98b", uri="/dav/", response="6629fae4"']]), 'digest'],
  [
    'AWS SigV4',
    req('/bucket/statement.pdf', [
      ['x-amz-date', '20240501T080000Z'],
      ['authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'],
    ]),
    'signature',
  ],
  ['Tencent TC3', req('/', [['authorization', 'TC3-HMAC-SHA256 Credential=AKID/2024-05-01/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2a3b']]), 'signature'],
  ['WeChat Pay v3', req('/v3/pay/transactions/jsapi', [['authorization', 'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C",signature="uOVRnA4q",timestamp="1554208460",serial_no="1DDE55AD"']]), 'signature'],
  ['x-api-key', req('/v1/rates', [['x-api-key', 'AQICAHhB4ZG0hB7bC']]), 'api-key'],
  ['x-auth-token', req('/api/acct/list', [['x-auth-token', '8d4f1a62-0c1e-4c44-b0a6-1d7d3f2e9b10']]), 'api-key'],
  ['Azure APIM subscription key', req('/fx/rates', [['ocp-apim-subscription-key', '0123456789abcdef0123456789abcdef']]), 'api-key'],
  ['token header with JWT', req('/app-api/member/user/get', [['token', JWT]]), 'jwt'],
  ['x-token header, opaque', req('/api/order/list', [['x-token', 'b1946ac92492d2347c6235b4d2611184']]), 'bearer'],
  ['custom *-token header', req('/mall/cart', [['x-mall-token', 'b1946ac92492d2347c6235b4d2611184']]), 'bearer'],
  ['CSRF token header is not auth', req('/api/profile', [['x-csrf-token', 'kZ3p9Qx']]), 'none'],
  ['Open Banking detached JWS', req('/open-banking/v4.0/pisp/domestic-payments', [['x-jws-signature', 'eyJhbGciOiJQUzI1NiJ9..c2lnbmF0dXJl']]), 'signature'],
  [
    'Aliyun API gateway',
    req('/v1/loan/apply', [
      ['x-ca-key', '203753374'],
      ['x-ca-timestamp', '1714550400000'],
      ['x-ca-nonce', 'b5e6ea8a-b1c3-4a6b-8b5e-9c7b1ae3c1f1'],
      ['x-ca-signature', 'xfX+bZxY2yl7EB/qdoDy9v/uscw='],
    ]),
    'signature',
  ],
  ['sign + timestamp headers', req('/openapi/acct/balance', [['appid', 'CMB0001'], ['timestamp', '1714550400'], ['sign', '9f86d081884c7d659a2feaa0c55ad015']]), 'signature'],
  ['sign header alone is not believed', req('/activity/sign', [['sign', 'today']]), 'none'],
  ['query access_token', req('/cgi-bin/user/get?access_token=ACCESS_TOKEN_7f3a9c&openid=o6_bmjrPTlm6', []), 'bearer'],
  ['query token JWT', req(`/ws/notify?token=${JWT}`, []), 'jwt'],
  ['query api_key', req('/v2/geocode?address=%E5%8C%97%E4%BA%AC&api_key=7a1c9e', []), 'api-key'],
  ['query sign + timestamp (bank open platform)', req('/api/fund/query?appId=XYZBANK01&timestamp=1714550400&nonce=8c1d&sign=3A1F9C0B&signType=RSA2', []), 'signature'],
  ['S3 presigned URL', req('/stmt/2024-04.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240501&X-Amz-Expires=900&X-Amz-Signature=fe5f80f7', []), 'signature'],
  [
    'form body sign (Alipay-style gateway)',
    req('/gateway.do', [], {
      type: 'application/x-www-form-urlencoded; charset=utf-8',
      text: 'app_id=2014072300007148&method=bank.trade.pay&charset=UTF-8&sign_type=RSA2&timestamp=2024-05-01+08%3A00%3A00&version=1.0&sign=ERITJKEIJKJHKKKKKKKHJEREEEEEEEEEEEEEE&biz_content=%7B%7D',
    }),
    'signature',
  ],
  [
    'JSON body sign',
    req('/api/open/trade', [], { type: 'application/json', text: '{"appId":"XYZ01","timestamp":1714550400,"bizContent":{"amt":"100.00"},"signType":"SM2","sign":"MEUCIQ"}' }),
    'signature',
  ],
  ['forwarded client cert (nginx)', req('/cds-au/v1/banking/accounts', [['x-ssl-client-verify', 'SUCCESS'], ['authorization', `Bearer ${JWT}`]]), 'mtls-header'],
  ['client verify NONE is not mTLS', req('/cds-au/v1/banking/accounts', [['ssl-client-verify', 'NONE']]), 'none'],
  ['Envoy XFCC', req('/internal/ledger', [['x-forwarded-client-cert', 'By=spiffe://bank.local/ledger;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject="CN=teller"']]), 'mtls-header'],
  ['JSESSIONID cookie', req('/perbank/main.do', [['cookie', 'JSESSIONID=0A1B2C3D4E5F60718293A4B5C6D7E8F9; Path=/']]), 'cookie'],
  ['connect.sid among analytics', req('/community/posts', [['cookie', '_ga=GA1.2.123.456; connect.sid=s%3Aabc.def; Hm_lvt_8a2b=1714550400']]), 'cookie'],
  ['JWT-valued cookie', req('/api/me', [['cookie', `u=${JWT}`]]), 'cookie'],
  [
    'analytics-only cookies are not auth',
    req('/', [['cookie', '_ga=GA1.2.1; _gid=GA1.2.2; Hm_lvt_8a2b=1714550400; Hm_lpvt_8a2b=1714550400; sensorsdata2015session=%7B%7D; _hjSessionUser_123=eyJ; ai_session=abc']]),
    'none',
  ],
  ['XSRF-TOKEN cookie alone is not auth', req('/api/csrf', [['cookie', 'XSRF-TOKEN=abc123; lang=zh-CN']]), 'none'],
  ['bearer beats cookie', req('/api/acct/detail', [['cookie', 'SESSION=YWJjZGVm'], ['authorization', 'Bearer 0f9e8d7c6b5a']]), 'bearer'],
];

describe('detectAuth', () => {
  it.each(cases)('%s', (_name, r, kind) => {
    expect(detectAuth(r)).toBe(kind);
  });

  it('lists every kind present, strongest first', () => {
    const r = req(`/api/v1/acct?apikey=k1`, [['cookie', 'PHPSESSID=9k2'], ['authorization', `Bearer ${JWT}`], ['x-client-cert', 'MIIB...']]);
    expect(authKinds(r)).toEqual(['mtls-header', 'jwt', 'api-key', 'cookie']);
    expect(authKinds(req('/', []))).toEqual(['none']);
  });
});

describe('helpers', () => {
  it('isJwt checks the shape cheaply', () => {
    expect(isJwt(JWT)).toBe(true);
    expect(isJwt(JWT_ALG_NONE)).toBe(true);
    expect(isJwt('eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d')).toBe(false); // JWE: five parts
    expect(isJwt('abc.def.ghi')).toBe(false);
    expect(isJwt('eyJhbGci.')).toBe(false);
  });

  it('session cookie names', () => {
    for (const n of ['JSESSIONID', 'SESSION', 'PHPSESSID', 'connect.sid', 'token', 'sid', 'ASP.NET_SessionId', 'laravel_session', 'CASTGC', 'access_token', 'koa.sid'])
      expect(isSessionCookieName(n), n).toBe(true);
    for (const n of ['_ga', 'Hm_lvt_8a2b', '_hjSession_123', 'XSRF-TOKEN', 'csrftoken', 'lang', 'AWSALB', '__stripe_sid', 'sensorsdata2015session'])
      expect(isSessionCookieName(n), n).toBe(false);
    expect(hasSessionCookie('lang=zh-CN; SESSION=')).toBe(false);
  });

  it('every exact and partial session name carries a search marker', async () => {
    const { SESSION_COOKIES, SESSION_COOKIE_PARTS, SESSION_COOKIE_MARKERS } = await import('./names.js');
    for (const n of [...SESSION_COOKIES, ...SESSION_COOKIE_PARTS, 'x.sid', 'x_sid']) expect(SESSION_COOKIE_MARKERS.some((m) => n.includes(m)), n).toBe(true);
  });

  it('stays linear on hostile cookie headers', () => {
    const t0 = performance.now();
    expect(hasSessionCookie(`a=${'sess'.repeat(16_000)}`)).toBe(false);
    expect(hasSessionCookie('sess'.repeat(16_000))).toBe(false);
    expect(hasSessionCookie('x=eyJ;'.repeat(10_000))).toBe(false);
    expect(hasSessionCookie(';sess'.repeat(13_000))).toBe(false);
    expect(hasSessionCookie('x=eyJ'.repeat(13_000))).toBe(false);
    expect(hasSessionCookie(`${'sess'.repeat(15)}=${'v'.repeat(60_000)}`)).toBe(true); // a long session value, found once
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('Set-Cookie handing out a session, not deleting one', () => {
    expect(setsSessionCookie('JSESSIONID=0A1B2C; Path=/; HttpOnly; Secure')).toBe(true);
    expect(setsSessionCookie('SESSION=; Max-Age=0; Path=/')).toBe(false);
    expect(setsSessionCookie('token=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT')).toBe(false);
    expect(setsSessionCookie('_ga=GA1.2.3; Path=/')).toBe(false);
  });
});
