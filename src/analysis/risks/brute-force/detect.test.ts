import { describe, expect, it } from 'vitest';
import { events, loginAttempt } from '../test-helpers.js';
import { bruteForceRisk } from './detect.js';

describe('brute-force', () => {
  it('raises one event for 10 failures on one account within 10 minutes, subject the account', () => {
    const ev = events(bruteForceRisk, Array.from({ length: 12 }, (_, i) => loginAttempt(i * 30, '13812345678', false)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'brute-force', subject: { account: '*******5678', ip: '198.51.100.7' }, value: 12, threshold: 10, baseline: null });
    expect(ev[0]!.detail).not.toContain('13812345678');
  });
  it('does not fire for failures spread out beyond the window, nor for successes, nor below the threshold', () => {
    expect(events(bruteForceRisk, Array.from({ length: 12 }, (_, i) => loginAttempt(i * 120, 'u1', false)))).toEqual([]);
    expect(events(bruteForceRisk, Array.from({ length: 20 }, (_, i) => loginAttempt(i, 'u1', true)))).toEqual([]);
    expect(events(bruteForceRisk, Array.from({ length: 9 }, (_, i) => loginAttempt(i, 'u1', false)))).toEqual([]);
  });
  it('opens a new event after a quiet gap, and honours minFailures', () => {
    const burst = (start: number) => Array.from({ length: 10 }, (_, i) => loginAttempt(start + i, 'u1', false));
    expect(events(bruteForceRisk, [...burst(0), ...burst(3 * 3600)])).toHaveLength(2);
    expect(events(bruteForceRisk, burst(0).slice(0, 3), { minFailures: 3 })).toHaveLength(1);
  });
});
