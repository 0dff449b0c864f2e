import { describe, expect, it } from 'vitest';
import { classifySegment, splitWords, type SegmentClass } from './segments.js';

const show = (c: SegmentClass): string => (c.kind === 'value' ? c.type : c.kind);

describe('splitWords', () => {
  it.each([
    ['paymentMethodSettings', ['payment', 'method', 'settings']],
    ['HTTPServer2', ['http', 'server', '2']],
    ['forget-password', ['forget', 'password']],
    ['mechanic_report', ['mechanic', 'report']],
    ['v4.0', ['v', '4', '0']],
    ['_debug', ['debug']],
  ])('%s', (seg, words) => expect(splitWords(seg)).toEqual(words));
});

describe('classifySegment', () => {
  it.each([
    // words stay words
    ['orders', 'word'],
    ['paymentMethodSettings', 'word'],
    ['domestic-scheduled-payment-consents', 'word'],
    ['export', 'word'],
    ['summary', 'word'],
    ['v1', 'word'],
    ['v2.7', 'word'],
    ['v1beta2', 'word'],
    ['oauth2', 'word'],
    ['_debug', 'word'],
    ['loginHistory', 'word'],
    ['sfzh', 'generic'],
    // typed values
    ['12345', 'integer'],
    ['0', 'integer'],
    ['20240501', 'date'],
    ['2024-05-01', 'date'],
    ['3fa85f64-5717-4562-b3fc-2c963f66afa6', 'uuid'],
    ['507f1f77bcf86cd799439011', 'hex'],
    ['deadbeef', 'generic'],
    ['a1b2c3d4e5f6', 'hex'],
    ['BA3227C223222B5FTD2KR6238', 'id'],
    ['MC3Q3BV2223ZZ5QK3', 'id'],
    ['P123', 'id'],
    ['A00014411', 'id'],
    ['36027-817', 'id'],
    ['V400m-550602414', 'id'],
    ['ORD20240501001', 'id'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'token'],
    ['tiSTSUzh4BwtvYSLWPsqu9', 'token'],
    ['john.doe@example.com', 'email'],
    // generic strings: values only when their siblings say so
    ['john.doe', 'generic'],
    ['name1', 'generic'],
    ['bookTitle42', 'generic'],
    ['GBP', 'generic'],
    ['%E5%BC%A0%E4%B8%89', 'generic'],
    ['张三', 'generic'],
  ])('%s → %s', (seg, kind) => expect(show(classifySegment(seg))).toBe(kind));

  it('user parameter patterns win', () => {
    expect(show(classifySegment('orders', { params: [{ re: /^orders$/ }] }))).toBe('pinned');
  });

  it('custom words keep app vocabulary literal', () => {
    expect(show(classifySegment('sfzh', { words: new Set(['sfzh']) }))).toBe('word');
  });

  it('personal data in a path is typed by the plugged validators', () => {
    const pii = [{ label: 'cn_mobile' as const, test: (d: string) => /^1[3-9]\d{9}$/.test(d) }];
    expect(show(classifySegment('13812345678', { pii }))).toBe('cn_mobile');
    expect(show(classifySegment('23812345678', { pii }))).toBe('integer');
  });
});
