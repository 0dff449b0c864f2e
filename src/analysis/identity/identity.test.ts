import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../core/exchange.js';
import { ex } from '../weaknesses/test-helpers.js';
import { IdentityResolver } from './identity.js';

const jwt = (claims: object): string => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
const login = (body: object, response: object, headers: [string, string][] = [], client?: string): Exchange =>
  ex({ method: 'POST', url: '/api/v1/auth/login', request: { body }, response: { body: response, headers }, ...(client ? { client } : {}) });
const get = (headers: [string, string][], client?: string): Exchange => ex({ url: '/api/v1/accounts', request: { headers }, ...(client ? { client } : {}) });

describe('IdentityResolver', () => {
  it('maps the token and the session cookie a successful login issued to the login name', () => {
    const ids = new IdentityResolver();
    const l = login({ loginName: '13812345678', password: 'x' }, { code: '0000', data: { token: 'tok-abcdef-123456', userId: 'U1' } }, [['set-cookie', 'JSESSIONID=ABCDEF0123456789; Path=/; HttpOnly']]);
    const body = JSON.parse(l.request.body!) as unknown;
    expect(ids.resolve(l, 'success', body)).toMatchObject({ client: '203.0.113.7', account: '13812345678', accountFrom: 'login' });
    expect(ids.resolve(get([['authorization', 'Bearer tok-abcdef-123456']]))).toMatchObject({ account: '13812345678', accountFrom: 'session' });
    expect(ids.resolve(get([['cookie', 'lang=zh; JSESSIONID=ABCDEF0123456789']]))).toMatchObject({ account: '13812345678', accountFrom: 'session' });
    // another token, never issued at a login seen: no account
    expect(ids.resolve(get([['authorization', 'Bearer other-token-000000']])).account).toBeUndefined();
  });

  it('reads the issued token from the response the caller already parsed, not from the body again', () => {
    const ids = new IdentityResolver();
    const l = login({ loginName: 'lisi', password: 'x' }, { code: '0000' });
    // the body carries no token; the parsed response handed in does (and is what counts)
    ids.resolve(l, 'success', JSON.parse(l.request.body!), undefined, () => ({ data: { accessToken: 'parsed-token-0001' } }));
    expect(ids.resolve(get([['authorization', 'Bearer parsed-token-0001']]))).toMatchObject({ account: 'lisi', accountFrom: 'session' });
  });

  it('takes the digests a decode thread computed with the same key as its own', () => {
    const ids = new IdentityResolver();
    // a decode thread's resolver: same key, no shared state
    const ahead = new IdentityResolver({ key: ids.digestKey });
    const l = login({ loginName: '13812345678', password: 'x' }, { code: '0000', data: { token: 'tok-abcdef-123456' } }, [['user-agent', 'okhttp/4.12.0']]);
    ids.resolve(l, 'success', JSON.parse(l.request.body!));
    const r = get([['authorization', 'Bearer tok-abcdef-123456'], ['user-agent', 'okhttp/4.12.0'], ['x-device-id', 'D1']]);
    const pre = ahead.requestDigests(r);
    expect(pre.session).toMatch(/^s:/);
    expect(pre.device).toMatch(/^d:/);
    const own = ids.resolve(r);
    expect(ids.resolve(r, undefined, undefined, pre)).toEqual(own);
    expect(own).toMatchObject({ account: '13812345678', accountFrom: 'session', session: pre.session, device: pre.device });
    // another key gives other digests: the session is not known under them
    const other = new IdentityResolver().requestDigests(r);
    expect(other.session).not.toBe(pre.session);
    expect(ids.resolve(r, undefined, undefined, other).account).toBeUndefined();
    // no credential, no device headers: nothing to digest
    expect(ahead.requestDigests(ex({ url: '/a', request: { headers: [] } }))).toEqual({});
  });

  it('names the account a failed attempt tried, without remembering any credential', () => {
    const ids = new IdentityResolver();
    const l = login({ username: 'zhangsan', password: 'bad' }, { code: 'E1001', msg: '密码错误', token: 'never-used-token' });
    expect(ids.resolve(l, 'failure', JSON.parse(l.request.body!))).toMatchObject({ account: 'zhangsan', accountFrom: 'login' });
    expect(ids.resolve(get([['authorization', 'Bearer never-used-token']])).account).toBeUndefined();
  });

  it('reads JWT claims, Basic auth and configured headers', () => {
    const ids = new IdentityResolver({ accountHeaders: ['X-User-Id'] });
    expect(ids.resolve(get([['authorization', `Bearer ${jwt({ sub: 'C0001', iat: 1 })}`]]))).toMatchObject({ account: 'C0001', accountFrom: 'jwt' });
    expect(ids.resolve(get([['authorization', `Basic ${Buffer.from('ops:pw').toString('base64')}`]]))).toMatchObject({ account: 'ops', accountFrom: 'basic' });
    expect(ids.resolve(get([['x-user-id', 'U77']]))).toMatchObject({ account: 'U77', accountFrom: 'header' });
  });

  it('believes X-Forwarded-For only from trusted proxies, taking the right-most untrusted hop', () => {
    const ids = new IdentityResolver({ trustedProxies: ['10.0.0.0/8', '192.0.2.10'] });
    expect(ids.resolve(get([['x-forwarded-for', '198.51.100.9, 10.1.1.1']], '10.2.3.4')).client).toBe('198.51.100.9');
    // a client-supplied first hop does not win over the address the proxy saw
    expect(ids.resolve(get([['x-forwarded-for', '1.2.3.4, 198.51.100.9']], '192.0.2.10')).client).toBe('198.51.100.9');
    expect(ids.resolve(get([['x-real-ip', '198.51.100.20']], '10.9.9.9')).client).toBe('198.51.100.20');
    // from an untrusted peer the header is ignored
    expect(ids.resolve(get([['x-forwarded-for', '198.51.100.9']], '203.0.113.50')).client).toBe('203.0.113.50');
  });

  it('gives the same device and session digests for the same client, different for others', () => {
    const ids = new IdentityResolver();
    const a = ids.resolve(get([['user-agent', 'okhttp/4.11.0'], ['x-device-id', 'dev-1'], ['authorization', 'Bearer t1-xxxxxxxx']]));
    const b = ids.resolve(get([['user-agent', 'okhttp/4.11.0'], ['x-device-id', 'dev-1'], ['authorization', 'Bearer t1-xxxxxxxx']]));
    const c = ids.resolve(get([['user-agent', 'okhttp/4.11.0'], ['x-device-id', 'dev-2'], ['authorization', 'Bearer t2-xxxxxxxx']]));
    expect(a.device).toBe(b.device);
    expect(a.session).toBe(b.session);
    expect(c.device).not.toBe(a.device);
    expect(c.session).not.toBe(a.session);
    expect(a.session).not.toContain('t1');
  });

  it('digests a User-Agent alone as the same device whichever way it is looked up, and leaves the device out when asked', () => {
    const ids = new IdentityResolver();
    const other = new IdentityResolver({ key: ids.digestKey });
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) BankApp/7.2.0';
    const alone = ids.deviceDigest(get([['user-agent', ua]]));
    expect(alone).toMatch(/^d:[\w-]{16}$/);
    // first seen with a hint, then alone, by a resolver with the same key: the same digest for the same headers only
    expect(other.deviceDigest(get([['user-agent', ua], ['x-device-id', 'dev-9']]))).not.toBe(alone);
    expect(other.deviceDigest(get([['user-agent', ua]]))).toBe(alone);
    expect(ids.deviceDigest(get([['accept', '*/*'], ['user-agent', ua]]))).toBe(alone);
    // the first of each name counts, an empty value does not
    expect(ids.deviceDigest(get([['user-agent', ua], ['user-agent', 'curl/8.0']]))).toBe(alone);
    expect(ids.deviceDigest(get([['user-agent', ''], ['accept', '*/*']]))).toBeUndefined();
    expect(ids.deviceDigest(get([['sec-ch-ua', '"Chromium";v="124"'], ['user-agent', ua]]))).not.toBe(alone);
    const r = ids.resolve(get([['user-agent', ua], ['authorization', 'Bearer t1-xxxxxxxx']]), undefined, undefined, undefined, undefined, false);
    expect(r.device).toBeUndefined();
    expect(r.session).toMatch(/^s:/);
  });

  it('forgets the oldest sessions beyond its cap, and counts them', () => {
    const ids = new IdentityResolver({ maxSessions: 2 });
    for (let i = 0; i < 3; i++) {
      const l = login({ username: `u${i}` }, { token: `token-number-${i}` });
      ids.resolve(l, 'success', JSON.parse(l.request.body!));
    }
    expect(ids.counts.forgotten).toBe(1);
    expect(ids.resolve(get([['authorization', 'Bearer token-number-0']])).account).toBeUndefined();
    expect(ids.resolve(get([['authorization', 'Bearer token-number-2']])).account).toBe('u2');
  });

  it('keeps a session that is in use when the cap makes it forget others', () => {
    const ids = new IdentityResolver({ maxSessions: 4 });
    const loginAs = (i: number): void => {
      const l = login({ username: `u${i}` }, { token: `token-number-${i}` });
      ids.resolve(l, 'success', JSON.parse(l.request.body!));
    };
    const accountOf = (i: number): string | undefined => ids.resolve(get([['authorization', `Bearer token-number-${i}`]])).account;
    for (let i = 0; i < 4; i++) loginAs(i);
    // u0 keeps using its token while others log in
    expect(accountOf(0)).toBe('u0');
    loginAs(4);
    loginAs(5);
    expect(accountOf(0)).toBe('u0');
    expect(accountOf(1)).toBeUndefined();
    expect(accountOf(2)).toBeUndefined();
    expect(accountOf(5)).toBe('u5');
    expect(ids.counts.forgotten).toBe(3);
  });
});
