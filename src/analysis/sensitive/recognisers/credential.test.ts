import { describe, expect, it } from 'vitest';
import { checkMasked, credentialKind, isValid, validate } from './credential.js';

// RFC 7519 §3.1 example
const JWT = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('credential', () => {
  it.each([
    [JWT, 'jwt'],
    [`Bearer ${JWT}`, 'bearer-jwt'],
    ['Bearer 2YotnFZFEjr1zCsicMWpAA', 'bearer'],
    ['Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'basic'],
    ['AKIAIOSFODNN7EXAMPLE', 'aws-key'],
    ['ASIAIOSFODNN7EXAMPLE', 'aws-key'],
    ['LTAI5tAbCdEfGhIjKlMn', 'aliyun-key'],
    ['AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', 'tencent-key'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow…', 'private-key'],
    ['-----BEGIN PRIVATE KEY-----\nMIIEv…', 'private-key'],
    ['mysql://root:s3cret@10.0.0.5:3306/core', 'db-url'],
    ['mongodb+srv://app:pw@cluster0.example.net/db', 'db-url'],
    ['jdbc:oracle:thin:@//db:1521/ORCL?user=app&password=secret', 'db-url'],
    ['jdbc:mysql://db:3306/core?user=app&password=secret', 'db-url'],
  ])('recognises %s', (v, kind) => {
    expect(validate(v)).toMatchObject({ ok: true, detail: { kind } });
  });
  it.each([
    'eyJhbGciOiJIUzI1NiJ9', // one part only
    'eyJub3QiOiJqd3QifQ.eyJhIjoxfQ.sig', // header without alg
    'AKIA1234', // too short
    'mysql://db:3306/core', // no password
    'https://user@example.com/',
    'Bearer x',
    'hello world, a long ordinary sentence',
    '-----BEGIN PUBLIC KEY-----',
  ])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('opaque tokens only under a key hint', () => {
    expect(isValid('a8f5f167f44f4964e6c998dee827110c')).toBe(false);
    expect(isValid('a8f5f167f44f4964e6c998dee827110c', { hinted: true })).toBe(true);
    expect(isValid('only-letters-here-no-digits', { hinted: true })).toBe(false);
    expect(credentialKind('ordinary')).toBeUndefined();
  });
  it('masked', () => {
    expect(checkMasked('AKIA************')).toEqual({ pattern: 'keep 4+0', partial: false });
    expect(checkMasked('Bearer ********')).toEqual({ pattern: 'keep 0+0', partial: false });
    expect(checkMasked('********', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false });
    expect(checkMasked('ab****cd')).toBeUndefined();
  });
});
