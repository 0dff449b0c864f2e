// The catalogue test: every label has one recogniser, a permanent id, names and a consistent grade.
import { describe, expect, it } from 'vitest';
import { LABEL_IDS, LABELS, LEVEL_OF } from './labels.js';
import { RECOGNISER, RECOGNISERS } from './registry.js';

describe('label catalogue and registry', () => {
  it('one recogniser per label, sorted, none extra', () => {
    const labels = RECOGNISERS.map((r) => r.label);
    expect(labels).toEqual([...LABEL_IDS]);
    expect([...labels].sort()).toEqual(labels);
    for (const id of LABEL_IDS) expect(RECOGNISER[id].label).toBe(id);
  });
  it('permanent ids are unique and in the built-in range', () => {
    const codes = LABELS.map((l) => l.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^GL-S-0\d{3}$/);
  });
  it('names, grading and hints', () => {
    for (const l of LABELS) {
      expect(l.name.zh.length).toBeGreaterThan(0);
      expect(l.name.en.length).toBeGreaterThan(0);
      expect(l.level).toBe(LEVEL_OF[l.category]);
      expect(l.rev).toBeGreaterThanOrEqual(1);
      expect(l.hints.exact.length + l.hints.suffix.length).toBeGreaterThan(0);
      for (const h of [...l.hints.exact, ...l.hints.suffix]) expect(h).toBe(h.toLowerCase().replace(/[_\-. ]/g, ''));
    }
    expect(LABELS.find((l) => l.id === 'password')?.category).toBe('C3');
    expect(LABELS.find((l) => l.id === 'cn_id')?.level).toBe(3);
  });
  it('recognisers validate without throwing on hostile input', () => {
    const inputs = ['', ' ', '\u0000', 'x'.repeat(100_000), '*'.repeat(70), '１２３', '{"a":1}', '\uD800', '-'.repeat(30)];
    for (const r of RECOGNISERS) {
      for (const v of inputs) {
        expect(() => r.validate(v)).not.toThrow();
        expect(() => r.validate(v, { hinted: true })).not.toThrow();
        expect(() => r.checkMasked(v, { hinted: true })).not.toThrow();
        expect(typeof r.isValid(v)).toBe('boolean');
      }
    }
  });
});
