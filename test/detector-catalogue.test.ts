/**
 * The catalogue test: every registered weakness detector has a complete descriptor (permanent
 * unique id, slug from DESIGN §4.2, both languages, valid OWASP API Top 10 2023 and CWE ids,
 * params whose defaults parse), its table tests beside it, and end-to-end cases that show it
 * finding something and staying quiet on look-alikes; the generated docs page is up to date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWASP_API_2023, SEVERITIES } from '../src/core/detector.js';
import { WEAKNESS_DETECTORS } from '../src/analysis/weaknesses/registry.js';
import { RISK_DETECTORS } from '../src/analysis/risks/registry.js';
import { DETECTOR_DOCS_FILE, RISK_DOCS_FILE, detectorDocs } from '../src/cli/detectors.js';
import { REPO_ROOT } from './helpers/corpus.js';
import { weaknessCases } from './helpers/weakness-cases.js';

/** DESIGN §4.2's stable slugs. */
const DESIGN_SLUGS = [
  'unauthenticated-sensitive-access', 'enumerable-id', 'plaintext-credentials', 'credentials-in-url', 'sensitive-data-in-url', 'inconsistent-masking',
  'unmasked-sensitive-data', 'weak-password-accepted', 'single-factor-login', 'sql-in-parameter', 'secret-in-response', 'verbose-error',
  'sms-code-in-response', 'sms-no-rate-limit', 'jwt-weakness', 'unbounded-page-size', 'file-download-by-path', 'ssrf-prone-parameter',
  'cleartext-sensitive-transport', 'zombie-api', 'shadow-api',
];
const CJK = /[\u4e00-\u9fff]/;

describe('weakness detector catalogue', () => {
  const ds = WEAKNESS_DETECTORS.map((d) => d.descriptor);
  const cases = weaknessCases();

  it('covers every weakness of DESIGN §4.2, once each, in a registry sorted by slug', () => {
    expect(ds.map((d) => d.slug).sort()).toEqual([...DESIGN_SLUGS].sort());
    expect(ds.map((d) => d.slug)).toEqual([...ds.map((d) => d.slug)].sort());
    expect(new Set(ds.map((d) => d.id)).size).toBe(ds.length);
  });

  for (const d of ds) {
    describe(d.slug, () => {
      it('has a complete descriptor', () => {
        expect(d.id).toMatch(/^GL-W-\d{4}$/);
        expect(d.kind).toBe('weakness');
        expect(d.rev).toBeGreaterThanOrEqual(1);
        expect(SEVERITIES).toContain(d.severity);
        for (const t of [d.title, d.description, d.remediation, d.appliesTo]) {
          expect(t.zh, `${d.slug}: Chinese text`).toMatch(CJK);
          expect(t.en.length, `${d.slug}: English text`).toBeGreaterThan(3);
          expect(t.en, `${d.slug}: English text`).not.toMatch(CJK);
          expect(`${t.zh} ${t.en}`).not.toMatch(/TODO|STUB/);
        }
        expect(d.owasp.length).toBeGreaterThan(0);
        for (const o of d.owasp) expect(Object.keys(OWASP_API_2023)).toContain(o);
        expect(d.cwe.length).toBeGreaterThan(0);
        for (const c of d.cwe) expect(c).toMatch(/^CWE-\d+$/);
        expect(() => d.params.parse({})).not.toThrow();
      });
      it('has table tests beside it', () => {
        expect(existsSync(path.join(REPO_ROOT, 'src/analysis/weaknesses', d.slug, 'detect.test.ts'))).toBe(true);
      });
      it('has positive and negative end-to-end cases', () => {
        const named = (p: { rule: string }): boolean => p.rule === d.slug || p.rule === d.id;
        expect(cases.filter((c) => c.findings.some(named)).map((c) => c.name), 'a case where it finds something').not.toEqual([]);
        expect(cases.filter((c) => c.absent.some(named)).map((c) => c.name), 'a case with look-alikes it must not flag').not.toEqual([]);
      });
    });
  }

  it(`${DETECTOR_DOCS_FILE} is generated from the descriptors`, () => {
    const file = path.join(REPO_ROOT, DETECTOR_DOCS_FILE);
    const want = detectorDocs();
    if (process.env.UPDATE_DOCS) writeFileSync(file, want);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '', `regenerate: UPDATE_DOCS=1 npx vitest run test/detector-catalogue.test.ts`).toBe(want);
  });
});

/** DESIGN §4.3's stable risk slugs. */
const RISK_SLUGS = [
  'brute-force', 'credential-stuffing', 'password-spraying', 'success-after-failures', 'abnormal-login', 'disallowed-source-login', 'account-sharing',
  'sms-bombing', 'unusual-hours', 'abnormal-volume', 'sensitive-volume', 'crawler', 'dumping', 'bulk-export', 'id-traversal', 'cross-border', 'sqli',
  'xss', 'path-traversal', 'command-injection', 'ssrf', 'xxe', 'expression-injection', 'scanner',
];

describe('risk detector catalogue', () => {
  const ds = RISK_DETECTORS.map((d) => d.descriptor);
  it('uses DESIGN §4.3 slugs with ids GL-R-nnnn in slug order, sorted, unique', () => {
    expect(ds.map((d) => d.slug)).toEqual([...ds.map((d) => d.slug)].sort());
    for (const d of ds) {
      expect(RISK_SLUGS).toContain(d.slug);
      expect(d.id).toBe(`GL-R-${String(RISK_SLUGS.indexOf(d.slug) + 1).padStart(4, '0')}`);
    }
  });
  for (const d of ds) {
    it(`${d.slug}: complete descriptor`, () => {
      expect(d.kind).toBe('risk');
      for (const t of [d.title, d.description, d.remediation, d.appliesTo]) {
        expect(t.zh).toMatch(CJK);
        expect(t.en).not.toMatch(CJK);
      }
      for (const o of d.owasp) expect(Object.keys(OWASP_API_2023)).toContain(o);
      expect(d.cwe.length).toBeGreaterThan(0);
      for (const c of d.cwe) expect(c).toMatch(/^CWE-\d+$/);
      expect(() => d.params.parse({})).not.toThrow();
    });
    it(`${d.slug}: has table tests beside it`, () => {
      expect(existsSync(path.join(REPO_ROOT, 'src/analysis/risks', d.slug, 'detect.test.ts')) || ATTACK_SLUGS.includes(d.slug)).toBe(true);
    });
  }
  it('covers every DESIGN §4.3 slug', () => {
    expect(ds.map((d) => d.slug).sort()).toEqual([...RISK_SLUGS].sort());
  });

  it(`${RISK_DOCS_FILE} is generated from the descriptors`, () => {
    const file = path.join(REPO_ROOT, RISK_DOCS_FILE);
    const want = detectorDocs('risk');
    if (process.env.UPDATE_DOCS) writeFileSync(file, want);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '', `regenerate: UPDATE_DOCS=1 npx vitest run test/detector-catalogue.test.ts`).toBe(want);
  });
});

/** web-attack detectors share attack-risk.ts and its tests (attack-risk.test.ts, attacks/) */
const ATTACK_SLUGS = ['sqli', 'xss', 'path-traversal', 'command-injection', 'ssrf', 'xxe', 'expression-injection', 'scanner'];
