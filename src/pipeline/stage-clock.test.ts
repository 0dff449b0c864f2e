import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { StageClock, STAGE_PARTS } from './stage-clock.js';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
};

describe('StageClock', () => {
  it('adds each lap to its part and starts the next one where it ended', () => {
    const c = new StageClock(true);
    let t = c.start();
    busy(15);
    t = c.lap('sensitive', t);
    busy(5);
    t = c.lap('risks', t);
    c.lap('risks', t);
    const j = c.toJSON();
    expect(Object.keys(j)).toEqual([...STAGE_PARTS]);
    expect(j.sensitive).toBeGreaterThanOrEqual(15);
    expect(j.risks).toBeGreaterThanOrEqual(5);
    expect(j.risks).toBeLessThan(j.sensitive);
    expect(j.discovery).toBe(0);
  });

  it('reads no clock and counts nothing when off', () => {
    const c = new StageClock(false);
    expect(c.start()).toBe(0);
    busy(3);
    expect(c.lap('trace', 0)).toBe(0);
    expect(Object.values(c.toJSON()).every((v) => v === 0)).toBe(true);
  });
});
