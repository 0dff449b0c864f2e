/**
 * `guanlan weaknesses`: the standing weaknesses found in traffic (DESIGN §3.2, §4.2): a table for
 * people, `--json` (an array of Finding, src/core/detector.ts) for tools, `--csv` for auditors;
 * `guanlan weakness show ID` with evidence and history; `guanlan weakness set-state ID STATE`
 * for the fix loop (confirmed, ignored with a reason, fixed → verified by fresh traffic).
 */
import { userInfo } from 'node:os';
import { SEVERITIES, type Evidence, type Finding, type FindingState } from '../core/detector.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { WEAKNESS_DETECTORS } from '../analysis/weaknesses/registry.js';
import { endpointId } from '../pipeline/discovery-stage.js';
import { readFindingEvents, readFindings, setFindingState, type StoredFinding } from '../store/index.js';
import { csvCell, openExistingStore } from './inventory.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

export interface WeaknessesOptions {
  db: string;
  json?: boolean;
  csv?: boolean;
  severity?: string[];
  rule?: string[];
  app?: string;
  state?: string[];
  lang?: 'zh' | 'en';
}

const descriptors = new Map(WEAKNESS_DETECTORS.map((d) => [d.descriptor.id, d.descriptor]));
const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

function check(values: readonly string[] | undefined, allowed: readonly string[], flag: string): void {
  for (const v of values ?? []) if (!allowed.includes(v)) throw new GuanlanError(ErrorCodes.USAGE, `${flag} ${v}: expected one of ${allowed.join(', ')}`);
}

export function toFinding(r: StoredFinding, lang: 'zh' | 'en' = 'en'): Finding {
  const d = descriptors.get(r.rule_id);
  return {
    id: r.public_id,
    ruleId: r.rule_id,
    slug: r.slug,
    title: d ? d.title[lang] : r.slug,
    severity: r.severity as Finding['severity'],
    owasp: [...(d?.owasp ?? [])],
    cwe: [...(d?.cwe ?? [])],
    app: r.app,
    endpoint: { id: endpointId(r.app, r.method, r.path_template, r.operation), method: r.method, pathTemplate: r.path_template, ...(r.operation ? { operation: r.operation } : {}) },
    location: r.location,
    state: r.state as FindingState,
    stateReason: r.state_reason,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    count: r.count,
    detail: { summary: r.detail, ...(JSON.parse(r.data) as Record<string, unknown>) },
    evidence: JSON.parse(r.evidence) as Evidence[],
  };
}

function sorted(list: Finding[]): Finding[] {
  return list.sort((a, b) => (SEVERITY_RANK.get(a.severity) ?? 9) - (SEVERITY_RANK.get(b.severity) ?? 9) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

export function renderFindings(list: Finding[]): string {
  if (list.length === 0) return 'No weaknesses found (yet): run `guanlan analyze <capture>` first, or widen the filters.';
  const rows = list.map((f) => [
    f.id.slice(0, 8),
    f.severity,
    f.slug,
    f.app,
    `${f.endpoint?.method ?? ''} ${f.endpoint?.pathTemplate ?? ''}${f.endpoint?.operation ? ` #${f.endpoint.operation}` : ''}`,
    f.location || '-',
    f.state,
    f.count,
    f.lastSeen.slice(0, 19).replace('T', ' '),
  ]);
  const by = new Map<string, number>();
  for (const f of list) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  const counts = SEVERITIES.filter((s) => by.has(s)).map((s) => `${by.get(s)} ${s}`).join(', ');
  return [
    renderTable(['id', 'severity', 'rule', 'app', 'endpoint', 'location', 'state', 'count', 'last seen'], rows, ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'r', 'l']),
    '',
    `${list.length} weakness(es): ${counts}. Details and evidence: guanlan weakness show ID`,
  ].join('\n');
}

const CSV_HEAD = ['id', 'ruleId', 'slug', 'title', 'severity', 'owasp', 'cwe', 'app', 'method', 'pathTemplate', 'operation', 'location', 'state', 'stateReason', 'firstSeen', 'lastSeen', 'count', 'detail'];

export function findingsCsv(list: Finding[]): string {
  const lines = [CSV_HEAD.join(',')];
  for (const f of list) {
    lines.push(
      [f.id, f.ruleId, f.slug, f.title, f.severity, f.owasp.join(' '), f.cwe.join(' '), f.app, f.endpoint?.method ?? '', f.endpoint?.pathTemplate ?? '', f.endpoint?.operation ?? '', f.location, f.state, f.stateReason, f.firstSeen, f.lastSeen, f.count, String(f.detail.summary ?? '')]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function weaknessesCommand(opts: WeaknessesOptions): Promise<number> {
  check(opts.severity, SEVERITIES, '--severity');
  check(opts.state, ['new', 'confirmed', 'ignored', 'fixed', 'verified', 'reopened'], '--state');
  const store = await openExistingStore(opts.db);
  let list: Finding[];
  try {
    list = sorted((await readFindings(store.db, { severity: opts.severity, rule: opts.rule, app: opts.app, state: opts.state })).map((r) => toFinding(r, opts.lang)));
  } finally {
    await store.close();
  }
  const out = new Stdout();
  if (opts.json) await out.write(`${JSON.stringify(list, null, 2)}\n`);
  else if (opts.csv) await out.write(findingsCsv(list));
  else await out.write(`${renderFindings(list)}\n`);
  await out.end();
  return 0;
}

export async function weaknessShowCommand(id: string, opts: { db: string; json?: boolean; lang?: 'zh' | 'en' }): Promise<number> {
  if (!/^[0-9a-f]{4,16}$/.test(id)) throw new GuanlanError(ErrorCodes.USAGE, `finding id ${JSON.stringify(id)}: expected 4 to 16 hex characters (see guanlan weaknesses)`);
  const store = await openExistingStore(opts.db);
  let text: string;
  try {
    const rows = await readFindings(store.db, { id });
    if (rows.length === 0) throw new GuanlanError(ErrorCodes.USAGE, `no finding ${id}`);
    if (rows.length > 1) throw new GuanlanError(ErrorCodes.USAGE, `finding id ${id} is ambiguous: give more characters`);
    const f = toFinding(rows[0]!, opts.lang);
    const history = await readFindingEvents(store.db, rows[0]!.id);
    if (opts.json) text = JSON.stringify({ ...f, history }, null, 2);
    else {
      const d = descriptors.get(f.ruleId);
      const lang = opts.lang ?? 'en';
      text = [
        `${f.id}  ${f.ruleId} ${f.slug}  [${f.severity}]  ${f.state}${f.stateReason ? ` (${f.stateReason})` : ''}`,
        `${f.title}`,
        `endpoint: ${f.app} ${f.endpoint?.method} ${f.endpoint?.pathTemplate}${f.location ? `  at ${f.location}` : ''}`,
        `seen: ${f.count} time(s), ${f.firstSeen} … ${f.lastSeen}`,
        `OWASP: ${f.owasp.join(', ')}  CWE: ${f.cwe.join(', ')}`,
        `detail: ${String(f.detail.summary ?? '')}`,
        ...(d ? ['', d.description[lang], '', `remediation: ${d.remediation[lang]}`] : []),
        '',
        'evidence (masked):',
        ...f.evidence.map((e) => `  ${e.ts} ${e.clientIp} exchange ${e.exchangeId}: ${e.detail}`),
        '',
        'history:',
        ...history.map((h) => `  ${h.ts} ${h.actor}: ${h.from ?? '-'} → ${h.to}${h.reason ? ` (${h.reason})` : ''}`),
      ].join('\n');
    }
  } finally {
    await store.close();
  }
  const out = new Stdout();
  await out.write(`${text}\n`);
  await out.end();
  return 0;
}

export async function weaknessSetStateCommand(id: string, state: string, opts: { db: string; reason?: string; actor?: string }): Promise<number> {
  const store = await openExistingStore(opts.db);
  try {
    const actor = opts.actor ?? process.env.GUANLAN_ACTOR ?? safeUser();
    const r = await setFindingState(store.db, id, state, { reason: opts.reason, actor, now: new Date() });
    process.stderr.write(`guanlan: finding ${r.publicId}: ${r.from} → ${r.to}${state === 'fixed' ? ' (verified fixed once fresh traffic shows it gone)' : ''}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

export function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}
