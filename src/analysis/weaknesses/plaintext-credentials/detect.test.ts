import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { plaintextCredentials } from './detect.js';

const login = (body: object | string, headers: [string, string][] = []) =>
  ex({ method: 'POST', url: '/api/v1/auth/login', request: { body, headers }, response: { body: { code: 0, token: 'x' } } });

describe('plaintext-credentials', () => {
  const valid: [string, ReturnType<typeof ex>[]][] = [
    ['JSON password in clear', [login({ username: 'zhang', password: 'Passw0rd!' })]],
    ['pinyin key mm', [login({ yhm: 'zhang', mm: 'abc12345' })]],
    ['form field', [login('username=zhang&pwd=secret123', [['content-type', 'application/x-www-form-urlencoded']])]],
    ['payment password', [ex({ method: 'POST', url: '/api/v1/transfers', request: { body: { toCard: '1', payPassword: '135790' } } })]],
  ];
  const invalid: [string, ReturnType<typeof ex>[]][] = [
    ['md5-hashed password', [login({ username: 'zhang', password: '5f4dcc3b5aa765d61d8327deb882cf99' })]],
    ['sha-256 hashed password', [login({ username: 'zhang', password: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8' })]],
    ['RSA-encrypted password (base64)', [login({ username: 'zhang', password: 'J7x9'.repeat(43) + '==' })]],
    ['masked echo', [login({ username: 'zhang', password: '******' })]],
    ['no password field', [login({ username: 'zhang', captcha: '1234' })]],
    ['password policy text, not a value', [ex({ url: '/api/v1/config', response: { body: { passwordPolicy: 'min 8 chars' } } })]],
  ];
  for (const [name, exchanges] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(plaintextCredentials, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0003');
      expect(f[0]!.detail).not.toMatch(/Passw0rd|abc12345|secret123|135790/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(plaintextCredentials, exchanges)).toEqual([]);
    });
  }
  it('one finding per endpoint and field, counting every exchange, with at most 3 evidence exchanges', () => {
    const f = findings(plaintextCredentials, Array.from({ length: 5 }, (_, i) => login({ username: `u${i}`, password: `pw-${i}-x` })));
    expect(where(f)).toEqual(['POST /api/v1/auth/login password']);
    expect(f[0]!.count).toBe(5);
    expect(f[0]!.evidence).toHaveLength(3);
  });
  it('acceptHashed: false flags hashes too', () => {
    expect(findings(plaintextCredentials, [login({ password: '5f4dcc3b5aa765d61d8327deb882cf99' })], { acceptHashed: false })).toHaveLength(1);
  });
});
