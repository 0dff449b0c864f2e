import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { secretInResponse } from './detect.js';
import { jsonAt } from '../values.js';

const AWS_ID = 'AKIAZ3MSJV4WWNKWW5FN';
const AWS_SECRET = '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';
const ALIYUN_ID = 'LTAI5tRq8ZbK2mXw9PfJc4Ny';
const ALIYUN_SECRET = 'Hk3nR8vWq2ZtY6bLm9XcP4sJd7FgA1';
const TENCENT_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----';
const APP_SECRET = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const CLEAR = [AWS_ID, AWS_SECRET, ALIYUN_ID, ALIYUN_SECRET, TENCENT_ID, 'MIIEowIBAAKCAQEA', APP_SECRET, 'Passw0rd', 's3cr3tPwd'];

const get = (url: string, body: object | string, headers: [string, string][] = []) => ex({ url, host: 'mapi.bank.example.cn', response: { body, headers } });

describe('secret-in-response', () => {
  const valid: [string, ReturnType<typeof ex>[], string[]][] = [
    ['Aliyun OSS key pair for direct upload', [get('/api/v1/oss/config', { code: '0000', data: { bucket: 'ebank-img', accessKeyId: ALIYUN_ID, accessKeySecret: ALIYUN_SECRET } })], ['GET /api/v1/oss/config data.accessKeyId']],
    ['AWS key pair, secret listed first', [get('/api/v1/s3/token', { data: { secretKey: AWS_SECRET, accessKey: AWS_ID } })], ['GET /api/v1/s3/token data.accessKey']],
    ['Tencent key id alone', [get('/api/cos/sts', { data: { secretId: TENCENT_ID } })], ['GET /api/cos/sts data.secretId']],
    ['PEM private key', [get('/api/v1/cert/download', { code: 0, data: { privateKey: PEM } })], ['GET /api/v1/cert/download data.privateKey']],
    [
      'connection strings in a config dump',
      [get('/api/admin/sysconfig', { datasource: { url: 'jdbc:mysql://core_app:Passw0rd@10.20.3.4:3306/corebank', cache: 'redis://:s3cr3tPwd@10.20.3.9:6379/0' } })],
      ['GET /api/admin/sysconfig datasource.cache', 'GET /api/admin/sysconfig datasource.url'],
    ],
    ['WeChat-style appSecret', [get('/api/v1/wx/config', { data: { appId: 'wx8a3b5c7d9e1f2a4b', appSecret: APP_SECRET } })], ['GET /api/v1/wx/config data.appSecret']],
    ['double-encoded gateway payload', [get('/gateway/api', { respCode: '00', respData: JSON.stringify({ clientSecret: 'Xy7kPq9Zr2LmN4vB8wT1' }) })], ['GET /gateway/api respData.clientSecret']],
    ['actuator env as text', [get('/actuator/env', `spring.datasource.url=jdbc:mysql://root:Passw0rd@10.1.2.3:3306/core\naliyun.oss.key=${ALIYUN_ID}\n`, [['content-type', 'text/plain']])], ['GET /actuator/env body#cloud-access-key', 'GET /actuator/env body#db-url']],
  ];
  const invalid: [string, ReturnType<typeof ex>[]][] = [
    ['login issues a JWT', [ex({ method: 'POST', url: '/api/v1/auth/login', request: { body: { username: 'zhang', password: 'x' } }, response: { body: { code: 0, data: { accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMiLCJleHAiOjE3MTQ1NTQwMDB9.c2lnbmF0dXJl', refreshToken: 'dGhpcyBpcyBhIHJlZnJlc2g1234' } } } })]],
    ['login issues a per-session signing key', [ex({ method: 'POST', url: '/api/v1/auth/login', request: { body: { username: 'zhang', password: 'x' } }, response: { body: { code: 0, token: 'Ab12Cd34Ef56Gh78Ij90', secretKey: 'Qm9Xc2Lk7Pz4Rt1Wv8Yb' } } })]],
    ['session id on a profile', [get('/api/v1/user/info', { data: { sessionId: 'A1B2C3D4E5F6A7B8C9D0', nickname: 'zz' } })]],
    ['masked key', [get('/api/v1/oss/config', { data: { accessKeyId: 'LTAI****************', accessKeySecret: '******' } })]],
    ['AWS documentation example key', [get('/api/docs/sample', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })]],
    ['RSA public key for password encryption', [get('/api/v1/security/pubkey', { data: { publicKey: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----', modulus: 'c3a1f0e9d8b7a6958473625140f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c', exponent: '010001' } })]],
    ['placeholder secret in a config template', [get('/api/v1/wx/config', { data: { appSecret: 'your-app-secret-here-1234' } })]],
    ['low-entropy secret-named value', [get('/api/v1/cfg', { data: { secretKey: 'aaaaaaaa11111111' } })]],
    ['database URL without password', [get('/api/admin/health', { db: 'jdbc:mysql://10.1.2.3:3306/core', status: 'UP' })]],
    ['refused request', [ex({ url: '/api/v1/oss/config', status: 403, response: { body: { code: 403, accessKeyId: ALIYUN_ID } } })]],
    ['UUID request id', [get('/api/v1/trade/query', { requestId: '3f2b8c1e-9a4d-4e7b-8c2f-1d3e5a7b9c0d', data: { orderNo: 'P2024050100012345' } })]],
  ];
  for (const [name, exchanges, want] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(secretInResponse, exchanges);
      expect(f.length).toBeGreaterThan(0);
      expect(where(f)).toEqual(want);
      for (const x of f) {
        expect(x.ruleId).toBe('GL-W-0011');
        for (const c of CLEAR) expect(x.detail).not.toContain(c);
        for (const e of x.evidence) for (const c of CLEAR) expect(e.detail).not.toContain(c);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(secretInResponse, exchanges)).toEqual([]);
    });
  }
  it('names the kind and the paired secret', () => {
    const [f] = findings(secretInResponse, valid[0]![1]);
    expect(f!.data).toMatchObject({ kind: 'cloud-access-key', provider: 'Aliyun', withSecret: true, secretLocation: 'data.accessKeySecret' });
    expect(f!.detail).toContain('Aliyun access key id');
  });
  it('a secret-named value below the entropy bar counts when the bar is lowered', () => {
    const x = get('/api/v1/cfg', { data: { secretKey: 'aaaaaaaa11111111' } });
    expect(findings(secretInResponse, [x], { minSecretEntropy: 0.5 })).toHaveLength(1);
  });
  it('jsonAt follows quoted keys, arrays and JSON strings', () => {
    expect(jsonAt({ a: [{ 'x y': 1 }] }, 'a[]["x y"]')).toBe(1);
    expect(jsonAt({ d: '{"k":"v"}' }, 'd.k')).toBe('v');
    expect(jsonAt({ d: 1 }, 'd.k')).toBeUndefined();
  });
});
