import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { inconsistentMasking } from './detect.js';

const MOBILES = ['13812345678', '13912345670', '15012345671', '18612345672', '13712345673', '13612345674'];
const IDS = ['110101199003071233', '440306198512150022', '310115199204185670'];
const CLEAR = [...MOBILES, ...IDS];

const get = (url: string, data: object, host = 'mapi.bank.example.cn', status = 200) => ex({ url, host, status, response: { body: { code: '0000', data } } });
const masked = (m: string) => `${m.slice(0, 3)}****${m.slice(7)}`;

/** the profile masks mobiles 3+4 (the bank's rule) */
const profile = (i: number) => get('/api/v1/customer/profile', { custName: '张*', mobile: masked(MOBILES[i]!) });

describe('inconsistent-masking', () => {
  const valid: [string, Exchange[], string[], RegExp][] = [
    [
      'masked on the profile, clear on the card detail',
      [profile(0), profile(1), get('/api/v1/card/detail', { cardNo: '622202******0128', reservedMobile: MOBILES[2] })],
      ['GET /api/v1/card/detail data.reservedMobile'],
      /^cn_mobile returned in clear in "data\.reservedMobile" \(1 response\) but masked at GET \/api\/v1\/customer\/profile \[keep 3\+4\]$/,
    ],
    [
      'one field masked in most responses and clear in one',
      [...[0, 1, 2, 3].map(profile), get('/api/v1/customer/profile', { custName: '张*', mobile: MOBILES[4] })],
      ['GET /api/v1/customer/profile data.mobile'],
      /masked in 4 of 5 responses \(keep 3\+4\) but clear in 1$/,
    ],
    [
      'masked in the app, clear in the back office (another app)',
      [profile(0), get('/admin/api/customer/view', { customerMobile: MOBILES[3] }, 'ops.bank.example.cn')],
      ['GET /admin/api/customer/view data.customerMobile'],
      /but masked at GET \/api\/v1\/customer\/profile \(mapi\.bank\.example\.cn\) \[keep 3\+4\]$/,
    ],
    [
      'different patterns: keep 7+0 beside keep 3+4 gives the whole number',
      [profile(0), profile(1), get('/api/v1/transfer/payees', { list: [{ payeeMobile: `${MOBILES[2]!.slice(0, 7)}****` }] })],
      ['GET /api/v1/transfer/payees data.list[].payeeMobile'],
      /masked as keep 7\+0, showing characters that keep 3\+4 at GET \/api\/v1\/customer\/profile hides$/,
    ],
    [
      'an ID masked so that the birth date shows',
      [get('/api/v1/customer/kyc', { idNo: '11010119900307****' })],
      ['GET /api/v1/customer/kyc data.idNo'],
      /masked \(keep 14\+0\) but what stays visible still identifies$/,
    ],
  ];
  const invalid: [string, Exchange[]][] = [
    ['masked the same way everywhere', [profile(0), profile(1), get('/api/v1/card/detail', { reservedMobile: masked(MOBILES[2]!) })]],
    ['clear everywhere (unmasked-sensitive-data\'s business, not an inconsistency)', [get('/api/v1/a', { mobile: MOBILES[0] }), get('/api/v1/b', { mobile: MOBILES[1] })]],
    ['the service hotline: the same clear number in every response', [profile(0), ...[1, 2, 3, 4, 5].map(() => get('/api/v1/app/config', { serviceMobile: MOBILES[5] }))]],
    ['masked mobiles and a clear mobile only in the request', [profile(0), ex({ method: 'POST', url: '/api/v1/sms/send', request: { body: { mobile: MOBILES[1] } }, response: { body: { code: '0000' } } })]],
    ['fund managers in clear, customer names masked (names are compared per field only)', [profile(0), get('/api/v1/funds', { list: [{ fundName: '易方达蓝筹精选', managerName: '张坤' }] })]],
    ['card numbers masked 6+4 everywhere', [get('/api/v1/cards', { list: [{ cardNo: '622202******0128' }] }), get('/api/v1/card/detail', { cardNo: '622848*********8903' })]],
  ];
  for (const [name, exchanges, expected, detail] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(inconsistentMasking, exchanges);
      expect(where(f)).toEqual(expected);
      expect(f[0]!.ruleId).toBe('GL-W-0006');
      expect(f[0]!.detail).toMatch(detail);
      for (const x of f) for (const v of CLEAR) expect(x.detail).not.toContain(v);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(inconsistentMasking, exchanges)).toEqual([]);
    });
  }
  it('acrossApps: false keeps the comparison inside one application', () => {
    const exchanges = [profile(0), get('/admin/api/customer/view', { customerMobile: MOBILES[3] }, 'ops.bank.example.cn')];
    expect(findings(inconsistentMasking, exchanges, { acrossApps: false })).toEqual([]);
  });
  it('reportPartial: false leaves lightly masked fields alone', () => {
    expect(findings(inconsistentMasking, [get('/api/v1/customer/kyc', { idNo: '11010119900307****' })], { reportPartial: false })).toEqual([]);
  });
  it('follows raw paths into their learned template', () => {
    const exchanges = [
      ...[0, 1, 2].map(profile),
      ...IDS.map((id, i) => get(`/api/v1/customers/${2000 + i}/contact`, { idNo: `${id.slice(0, 1)}****************${id.slice(17)}`, mobile: MOBILES[i] })),
    ];
    const f = findings(inconsistentMasking, exchanges);
    expect(where(f)).toEqual(['GET /api/v1/customers/{customerId}/contact data.mobile']);
    expect(f[0]!.data).toMatchObject({ label: 'cn_mobile', clear: 3, masked: 0 });
  });
});
