/** The weakness cases under test/cases/ (expect.yaml with `findings:` / `absent:`), shared by the case harness and the catalogue test. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FoundWeakness } from '../../src/analysis/weaknesses/run.js';
import { REPO_ROOT } from './corpus.js';

const CASES_DIR = path.join(REPO_ROOT, 'test', 'cases');

export interface FindingPattern {
  rule: string;
  endpoint?: string;
  location?: string;
  minCount?: number;
}

export function matches(f: FoundWeakness, p: FindingPattern): boolean {
  if (p.rule !== f.slug && p.rule !== f.ruleId) return false;
  if (p.endpoint !== undefined && p.endpoint !== `${f.method} ${f.pathTemplate}`) return false;
  if (p.location !== undefined && p.location !== f.location) return false;
  return p.minCount === undefined || f.count >= p.minCount;
}

export const shownFinding = (f: FoundWeakness): string => `${f.slug} ${f.method} ${f.pathTemplate}${f.location ? ` @${f.location}` : ''} ×${f.count}: ${f.detail}`;

/** Weakness cases (see the header): the names, with their expectations. */
export const weaknessCases = (): { name: string; dir: string; findings: FindingPattern[]; absent: FindingPattern[]; params: Record<string, unknown> }[] =>
  readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(CASES_DIR, d.name, 'expect.yaml')))
    .map((d) => {
      const doc = (parseYaml(readFileSync(path.join(CASES_DIR, d.name, 'expect.yaml'), 'utf8')) ?? {}) as { findings?: FindingPattern[]; absent?: FindingPattern[]; params?: Record<string, unknown> };
      return { name: d.name, dir: path.join(CASES_DIR, d.name), findings: doc.findings ?? [], absent: doc.absent ?? [], params: doc.params ?? {} };
    })
    .filter((c) => c.findings.length > 0 || c.absent.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : 1));

