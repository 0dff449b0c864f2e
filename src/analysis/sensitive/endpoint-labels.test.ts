import { describe, expect, it } from 'vitest';
import { EndpointLabels, MAX_ENTRIES } from './endpoint-labels.js';
import type { DataHit } from './types.js';

const hit = (label: DataHit['label'], location: string, count: number, masked = false): DataHit => ({ label, location, count, masked, sample: '' });

describe('EndpointLabels', () => {
  it('counts exchanges, records per message, masked exchanges', () => {
    const a = new EndpointLabels();
    a.add('response', [hit('cn_id', 'data.list[].idNo', 20)]);
    a.add('response', [hit('cn_id', 'data.list[].idNo', 5)]);
    a.add('response', [hit('cn_id', 'data.list[].idNo', 3, true)]);
    expect(a.summary()).toEqual([{ label: 'cn_id', direction: 'response', location: 'data.list[].idNo', count: 3, maskedCount: 1, partial: false, maxRecords: 20, totalRecords: 28 }]);
  });
  it('clear and masked at one place in one message: one exchange, not masked', () => {
    const a = new EndpointLabels();
    a.add('response', [hit('cn_mobile', 'm', 2), hit('cn_mobile', 'm', 3, true)]);
    expect(a.summary()[0]).toMatchObject({ count: 1, maskedCount: 0, maxRecords: 5 });
  });
  it('keeps request and response apart and grades from both', () => {
    const a = new EndpointLabels();
    a.add('request', [hit('password', 'password', 1)]);
    a.add('response', [hit('cn_mobile', 'data.mobile', 1, true)]);
    expect(a.summary().map((s) => `${s.direction} ${s.label}`)).toEqual(['request password', 'response cn_mobile']);
    expect(a.grade().grade).toBe('medium');
  });
  it('merges (template learned) and forwards the merged aggregate', () => {
    const a = new EndpointLabels();
    const b = new EndpointLabels();
    a.add('response', [hit('cn_id', 'idNo', 1)]);
    b.add('response', [hit('cn_id', 'idNo', 4)]);
    a.merge(b);
    expect(a.summary()[0]).toMatchObject({ count: 2, maxRecords: 4, totalRecords: 5 });
    expect(b.live()).toBe(a);
    a.merge('not an aggregate');
    expect(a.size).toBe(1);
  });
  it('is bounded', () => {
    const a = new EndpointLabels();
    for (let i = 0; i < MAX_ENTRIES + 10; i++) a.add('response', [hit('email', `f${i}`, 1)]);
    expect(a.size).toBe(MAX_ENTRIES);
    expect(a.dropped).toBe(10);
  });
  it('a message of few hits and one of many merge alike (looked at pairwise, or by a map)', () => {
    // 3 locations × (clear, masked, partial) hits, then padded with other locations past the pairwise bound
    const base: DataHit[] = [];
    for (const loc of ['a', 'b', 'c']) base.push(hit('cn_mobile', loc, 2), { ...hit('cn_mobile', loc, 3, true), partial: loc === 'b' }, hit('cn_id', loc, 1, loc === 'c'));
    const few = new EndpointLabels();
    few.add('response', base);
    const many = new EndpointLabels();
    many.add('response', [...base, ...Array.from({ length: 40 }, (_, i) => hit('email', `pad${i}`, 1))]);
    const strip = (a: EndpointLabels) => a.summary().filter((s) => s.label !== 'email');
    expect(strip(many)).toEqual(strip(few));
    expect(strip(few).find((s) => s.label === 'cn_mobile' && s.location === 'b')).toEqual({ label: 'cn_mobile', direction: 'response', location: 'b', count: 1, maskedCount: 0, partial: true, maxRecords: 5, totalRecords: 5 });
    expect(strip(few).find((s) => s.label === 'cn_id' && s.location === 'c')).toMatchObject({ maskedCount: 1 });
  });
});
