import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detach } from './detach.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap held by 40 values of 20 characters, each cut from its own 1 MB body, once the bodies are dropped. */
function heldBy(keep: (s: string) => string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 40; i++) {
    const body = `${String(i).padStart(4, '0')}${'x'.repeat(1 << 20)}`;
    kept.push(keep(body.slice(0, 20)));
  }
  gc();
  const held = process.memoryUsage().heapUsed - before;
  expect(kept.every((k, i) => k === `${String(i).padStart(4, '0')}${'x'.repeat(16)}`)).toBe(true);
  return held;
}

describe('detach', () => {
  it('keeps the value and lets the text it was cut from go', () => {
    // a plain slice keeps its 1 MB parent: 40 MB held
    expect(heldBy((s) => s)).toBeGreaterThan(30 << 20);
    // at most the last body, which the loop may still hold
    expect(heldBy(detach)).toBeLessThan(4 << 20);
  });

  it('returns short strings and equal text', () => {
    expect(detach('')).toBe('');
    expect(detach('13812345678')).toBe('13812345678');
    expect(detach('张三的身份证号11010519491231002X')).toBe('张三的身份证号11010519491231002X');
    expect(detach('a lone \ud800 surrogate and "quotes"')).toBe('a lone \ud800 surrogate and "quotes"');
  });
});
