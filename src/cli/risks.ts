/**
 * `guanlan risks` and `guanlan incidents` (DESIGN §3.2, §4.3): risk events with subject, window,
 * value, baseline, threshold and masked evidence, and the incidents they fold into. A table for
 * people, `--json` for tools.
 */
import { SEVERITIES, type Severity } from '../core/detector.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import type { Incident, RiskEvent, RiskSubject } from '../core/risk.js';
import { RISK_DETECTORS } from '../analysis/risks/registry.js';
import { readIncidents, readRiskEvents, setIncidentState } from '../store/index.js';
import { safeUser } from './weaknesses.js';
import { openExistingStore } from './inventory.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

const titles = new Map(RISK_DETECTORS.map((d) => [d.descriptor.id, d.descriptor.title]));

function check(values: readonly string[] | undefined, allowed: readonly string[], flag: string): void {
  for (const v of values ?? []) if (!allowed.includes(v)) throw new GuanlanError(ErrorCodes.USAGE, `${flag} ${v}: expected one of ${allowed.join(', ')}`);
}

function subjectText(s: RiskSubject): string {
  const parts: string[] = [];
  if (s.account) parts.push(`account ${s.account}`);
  if (s.ip) parts.push(s.ip);
  if (s.endpoint) parts.push(`${s.endpoint.method} ${s.endpoint.pathTemplate}`);
  return parts.join(' · ');
}

const time = (t: string): string => t.slice(0, 19).replace('T', ' ');

export async function risksCommand(opts: { db: string; json?: boolean; severity?: string[]; rule?: string[]; dimension?: string; ip?: string; account?: string; lang?: 'zh' | 'en' }): Promise<number> {
  check(opts.severity, SEVERITIES, '--severity');
  if (opts.dimension) check([opts.dimension], ['account', 'data', 'attack'], '--dimension');
  const store = await openExistingStore(opts.db);
  let events: RiskEvent[];
  try {
    events = await readRiskEvents(store.db, { severity: opts.severity, rule: opts.rule, dimension: opts.dimension, ip: opts.ip, account: opts.account });
  } finally {
    await store.close();
  }
  for (const e of events) e.title = titles.get(e.ruleId)?.[opts.lang ?? 'en'] ?? e.slug;
  const out = new Stdout();
  if (opts.json) await out.write(`${JSON.stringify(events, null, 2)}\n`);
  else if (events.length === 0) await out.write('No risk events (yet): run `guanlan analyze <capture>` first, or widen the filters.\n');
  else {
    const rows = events.map((e) => [e.severity, e.slug, subjectText(e.subject), `${time(e.start)} – ${time(e.end).slice(11)}`, e.value, e.baseline ?? '-', e.threshold, e.incidentId?.slice(0, 8) ?? '-']);
    await out.write(`${renderTable(['severity', 'rule', 'subject', 'window', 'value', 'baseline', 'threshold', 'incident'], rows, ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'l'])}\n\n${events.length} risk event(s). --json adds the detail and masked evidence.\n`);
  }
  await out.end();
  return 0;
}

export async function incidentsCommand(opts: { db: string; json?: boolean; severity?: string[]; state?: string }): Promise<number> {
  check(opts.severity, SEVERITIES, '--severity');
  if (opts.state) check([opts.state], ['open', 'acknowledged', 'closed'], '--state');
  const store = await openExistingStore(opts.db);
  let list: Incident[];
  try {
    list = await readIncidents(store.db, { severity: opts.severity as Severity[] | undefined, state: opts.state });
  } finally {
    await store.close();
  }
  const out = new Stdout();
  if (opts.json) await out.write(`${JSON.stringify(list, null, 2)}\n`);
  else if (list.length === 0) await out.write('No incidents (yet).\n');
  else {
    const rows = list.map((i) => [i.id.slice(0, 8), i.score, i.severity, i.state, subjectText(i.subject), `${time(i.start)} – ${time(i.end).slice(11)}`, i.rules.join(','), i.events.length]);
    await out.write(`${renderTable(['id', 'score', 'severity', 'state', 'subject', 'window', 'rules', 'events'], rows, ['l', 'r', 'l', 'l', 'l', 'l', 'l', 'r'])}\n\n${list.length} incident(s), highest score first.\n`);
  }
  await out.end();
  return 0;
}

export async function incidentSetStateCommand(id: string, state: string, opts: { db: string; note?: string; actor?: string }): Promise<number> {
  const store = await openExistingStore(opts.db);
  try {
    const actor = opts.actor ?? process.env.GUANLAN_ACTOR ?? safeUser();
    const r = await setIncidentState(store.db, id, state, { note: opts.note, actor, now: new Date() });
    process.stderr.write(`guanlan: incident ${r.id}: ${r.from} → ${r.to}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
