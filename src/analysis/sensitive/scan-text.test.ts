import { describe, expect, it } from 'vitest';
import { scanJson } from './scan-json.js';
import { scanParams } from './scan-params.js';
import { keyOfSeparator, scanText } from './scan-text.js';
import type { DataHit } from './types.js';

const brief = (hits: DataHit[]): string[] => hits.map((h) => `${h.label}@${h.location}${h.masked ? '(masked)' : ''}×${h.count}`).sort();
const JWT = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('scanText', () => {
  it('XML/SOAP: tag names are keys', () => {
    const xml = '<soap:Body><ns2:cust><ns2:xm>张三</ns2:xm><ns2:sfzh>11010519491231002X</ns2:sfzh><ns2:mobile>138****5678</ns2:mobile><ns2:pwd>secret1</ns2:pwd></ns2:cust></soap:Body>';
    expect(brief(scanText(xml))).toEqual(['cn_id@sfzh×1', 'cn_mobile@mobile(masked)×1', 'password@pwd×1', 'person_name@xm×1']);
  });

  it('HTML and prose: labels, formatted numbers, keyless values', () => {
    const html = '<td>手机号：138-1234-5678</td><td>卡号 6222 0212 3456 7890 128</td><p>联系 zhang.san@example.com 或 010-62345678</p><span>卡号6222********1234的卡</span>';
    const hits = brief(scanText(html));
    expect(hits).toContain('cn_mobile@手机号×1');
    expect(hits).toContain('email@×1');
    expect(hits).toContain('landline@×1');
    expect(hits).toContain('bank_card@(masked)×1');
  });

  it('truncated JSON still yields keys', () => {
    const body = '{"code":"0000","data":{"list":[{"custName":"李四","idNo":"11010519491231002X","cardNo":"6212345678901265"},{"custName":"王五","idN';
    expect(brief(scanText(body))).toEqual(['bank_card@cardNo×1', 'cn_id@idNo×1', 'person_name@custName×2']);
  });

  it('credentials: JWT, cloud keys, PEM, DB URLs, bearer tokens', () => {
    const text = `token=${JWT}&x=1\nAKIAIOSFODNN7EXAMPLE\n-----BEGIN RSA PRIVATE KEY-----\nspring.datasource.url=jdbc:mysql://db:3306/core?user=app&password=s3cret\nredis://:pw@cache:6379\nAuthorization: Bearer 2YotnFZFEjr1zCsicMWpAA`;
    const hits = scanText(text).filter((h) => h.label === 'credential');
    expect(hits.reduce((n, h) => n + h.count, 0)).toBe(6);
  });

  it('ignores numbers that are parts of identifiers, decimals, versions and dates', () => {
    const text = 'uuid 550e8400-e29b-41d4-a716-446655440000 user_13812345678 v1.13812345678 price 13812345678.50 sha a13812345678b v1.2.3.4.5 2024-05-01 12:00:00 build 20240501123456000123';
    expect(scanText(text)).toEqual([]);
  });

  it('international numbers of other countries are not CN mobiles', () => {
    expect(scanText('call +1 3123456789 or +13123456789')).toEqual([]);
    expect(brief(scanText('call +86 138 1234 5678'))).toEqual(['cn_mobile@×1']);
  });

  it('finds IPv4 addresses unless the key says version', () => {
    expect(brief(scanText('client 203.0.113.7 connected'))).toEqual(['ip@×1']);
    expect(scanText('version=1.2.3.4')).toEqual([]);
    expect(scanText('Server: openresty/1.17.8.2')).toEqual([]);
    expect(scanText('<path d="M8.9-8.7 9.4.7.6 1.3 1.7"/>')).toEqual([]);
    expect(brief(scanText('GET http://10.0.0.1/x'))).toEqual(['ip@×1']);
  });

  it('separator keys', () => {
    const t = '<a:idNo x="1">';
    expect(keyOfSeparator(t, t.length - 1)).toBe('idNo');
    expect(keyOfSeparator('"mobile" : ', 9)).toBe('mobile');
    expect(keyOfSeparator('</idNo>', 6)).toBe('');
    expect(keyOfSeparator('身份证号：', 4)).toBe('身份证号');
  });

  it('terminates on masks before dotted numbers (`**2.1.0**`)', () => {
    expect(scanText('* **2.1.0**: Apply version 2.1.0.\n* **10.0.0.1** and *1.2*')).toEqual([]);
  });

  it('terminates quickly on random mixtures of the characters the scanners react to', () => {
    const alphabet = [...'0123456789*xX.-@ :=<>/"\'_eyJAKIDLTA张省市号＊•^%B;?,'];
    let seed = 99;
    const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const t0 = performance.now();
    for (let i = 0; i < 3000; i++) {
      let t = '';
      const len = rnd(120);
      for (let k = 0; k < len; k++) t += alphabet[rnd(alphabet.length)];
      scanText(t);
      scanJson({ v: t, idNo: t, list: [t] });
      scanParams([['pwd', t], ['mobile', t]]);
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('linear on hostile input', () => {
    const big = '1'.repeat(200_000) + '*'.repeat(100_000) + '@'.repeat(50_000) + '<'.repeat(50_000) + '=:'.repeat(50_000);
    const t0 = performance.now();
    scanText(big);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
