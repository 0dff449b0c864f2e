/**
 * `guanlan detectors [--json] [--lang zh|en]`: the catalogue of detectors from their descriptors
 * (id, slug, titles, severity, OWASP/CWE, params with defaults). `detectorDocs()` renders the same
 * descriptors as the Markdown page docs/weaknesses.md; a test keeps the committed page in step:
 *
 *   UPDATE_DOCS=1 npx vitest run test/detector-catalogue.test.ts
 */
import { z } from 'zod';
import { OWASP_API_2023, type DetectorDescriptor } from '../core/detector.js';
import { WEAKNESS_DETECTORS } from '../analysis/weaknesses/registry.js';
import { RISK_DETECTORS } from '../analysis/risks/registry.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

export const DETECTOR_DOCS_FILE = 'docs/weaknesses.md';
export const RISK_DOCS_FILE = 'docs/risks.md';

export interface DetectorInfo {
  id: string;
  rev: number;
  slug: string;
  kind: 'weakness' | 'risk';
  title: { zh: string; en: string };
  description: { zh: string; en: string };
  remediation: { zh: string; en: string };
  severity: string;
  owasp: string[];
  cwe: string[];
  references: string[];
  appliesTo: { zh: string; en: string };
  /** each param's default */
  defaults: Record<string, unknown>;
  /** JSON Schema of the params */
  params: unknown;
}

export function describeDetector(d: DetectorDescriptor): DetectorInfo {
  return {
    id: d.id,
    rev: d.rev,
    slug: d.slug,
    kind: d.kind,
    title: d.title,
    description: d.description,
    remediation: d.remediation,
    severity: d.severity,
    owasp: [...d.owasp],
    cwe: [...d.cwe],
    references: [...(d.references ?? [])],
    appliesTo: d.appliesTo,
    defaults: d.params.parse({}) as Record<string, unknown>,
    params: z.toJSONSchema(d.params, { unrepresentable: 'any' }),
  };
}

export function allDetectors(): DetectorInfo[] {
  return [...WEAKNESS_DETECTORS, ...RISK_DETECTORS].map((d) => describeDetector(d.descriptor)).sort((a, b) => (a.id < b.id ? -1 : 1));
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown catalogue (docs/weaknesses.md). */
export function detectorDocs(kind: 'weakness' | 'risk' = 'weakness'): string {
  const list = allDetectors().filter((d) => d.kind === kind);
  const folder = kind === 'weakness' ? 'weaknesses' : 'risks';
  const out = [
    kind === 'weakness' ? '# Weakness detectors / 弱点检测规则' : '# Risk detectors / 风险检测规则',
    '',
    `Generated from the detectors' descriptors (\`src/analysis/${folder}/<slug>/descriptor.ts\`); do not edit by hand:`,
    '`UPDATE_DOCS=1 npx vitest run test/detector-catalogue.test.ts` writes it again. `guanlan detectors --json` prints the same.',
    `Every parameter can be set in \`guanlan.yaml\` under \`${folder}.params.<slug>\`.`,
    '',
    '| id | slug | 名称 | title | severity | OWASP API 2023 | CWE |',
    '|---|---|---|---|---|---|---|',
    ...list.map((d) => `| ${d.id} | [${d.slug}](#${d.slug}) | ${cell(d.title.zh)} | ${cell(d.title.en)} | ${d.severity} | ${d.owasp.join(', ')} | ${d.cwe.join(', ')} |`),
  ];
  for (const d of list) {
    out.push(
      '',
      `## ${d.slug}`,
      '',
      `**${d.id}** rev ${d.rev} · ${d.title.zh} · ${d.title.en} · severity **${d.severity}** · ${d.owasp.map((o) => `${o} ${OWASP_API_2023[o as keyof typeof OWASP_API_2023] ?? ''}`).join('; ')} · ${d.cwe.join(', ')}`,
      '',
      `${d.description.zh}`,
      '',
      `${d.description.en}`,
      '',
      `Applies to: ${d.appliesTo.en} (${d.appliesTo.zh})`,
      '',
      `修复建议：${d.remediation.zh}`,
      '',
      `Remediation: ${d.remediation.en}`,
    );
    const defaults = Object.entries(d.defaults);
    if (defaults.length) {
      const props = ((d.params as { properties?: Record<string, { description?: string }> }).properties ?? {}) as Record<string, { description?: string }>;
      out.push('', '| param | default | |', '|---|---|---|', ...defaults.map(([k, v]) => `| \`${k}\` | \`${cell(JSON.stringify(v))}\` | ${cell(props[k]?.description ?? '')} |`));
    }
    if (d.references.length) out.push('', `References: ${d.references.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

export async function detectorsCommand(opts: { json?: boolean; lang?: 'zh' | 'en' }): Promise<number> {
  const list = allDetectors();
  const out = new Stdout();
  if (opts.json) await out.write(`${JSON.stringify(list, null, 2)}\n`);
  else {
    const lang = opts.lang ?? 'en';
    await out.write(`${renderTable(['id', 'slug', 'kind', 'severity', 'OWASP', 'CWE', 'title'], list.map((d) => [d.id, d.slug, d.kind, d.severity, d.owasp.join(' '), d.cwe.join(' '), d.title[lang]]), ['l', 'l', 'l', 'l', 'l', 'l', 'l'])}\n\n${list.filter((d) => d.kind === 'weakness').length} weakness and ${list.filter((d) => d.kind === 'risk').length} risk detector(s). Parameters and texts: guanlan detectors --json, or docs/weaknesses.md and docs/risks.md\n`);
  }
  await out.end();
  return 0;
}
