import { describe, expect, it } from 'vitest';
import { events, loginAttempt } from '../test-helpers.js';
import { credentialStuffingRisk } from './detect.js';

describe('credential-stuffing', () => {
  it('one client trying 30 accounts once each, mostly failing: one event on the client', () => {
    const ev = events(credentialStuffingRisk, Array.from({ length: 30 }, (_, i) => loginAttempt(i * 5, `user${i}`, i % 10 === 0, '192.0.2.66')));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ subject: { ip: '192.0.2.66' }, threshold: 20 });
    expect(ev[0]!.value).toBeGreaterThanOrEqual(20);
  });
  it('a carrier NAT address with many customers logging in successfully is not stuffing', () => {
    expect(events(credentialStuffingRisk, Array.from({ length: 40 }, (_, i) => loginAttempt(i * 5, `user${i}`, true, '192.0.2.66')))).toEqual([]);
  });
  it('one account failing many times is brute force, not stuffing', () => {
    expect(events(credentialStuffingRisk, Array.from({ length: 40 }, (_, i) => loginAttempt(i * 5, 'same', false, '192.0.2.66')))).toEqual([]);
  });
});
