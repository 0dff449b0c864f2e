/**
 * `guanlan inventory --db FILE [--json | --csv]`: the API inventory (DESIGN §3.2). JSON is an
 * array of InventoryEndpoint (src/core/endpoint.ts), one per endpoint, ordered by app, template,
 * method; the text table is for people; CSV for spreadsheets and auditors.
 */
import type { InventoryEndpoint } from '../core/endpoint.js';
import { rowToInventory } from '../pipeline/discovery-stage.js';
import { openStore, readSensitivity, type Store } from '../store/index.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

export interface InventoryOptions {
  db: string;
  json?: boolean;
  csv?: boolean;
  host?: string;
  app?: string;
  state?: string;
  format?: string;
}

/** Open an existing store for reading (openStore says clearly when the file is not there). */
export function openExistingStore(db: string): Promise<Store> {
  return openStore(db, { create: false });
}

export async function loadInventory(store: Store, q: { host?: string; app?: string } = {}): Promise<InventoryEndpoint[]> {
  const apps = new Map((await store.apps()).map((a) => [a.name, a.hosts]));
  const rows = await store.endpoints({ host: q.host, app: q.app });
  const sens = await readSensitivity(store.db);
  return rows.map((r) => {
    const e = rowToInventory(r, apps.get(r.app) ?? []);
    const s = sens.get(Number(r.id));
    e.labels = (s?.labels ?? []).map((l) => ({ label: l.label, direction: l.direction, location: l.location, count: l.count, masked: l.maskedCount === l.count, maskedCount: l.maskedCount, partial: l.partial, maxRecords: l.maxRecords, totalRecords: l.totalRecords }));
    e.grade = (s?.grade ?? 'none') as InventoryEndpoint['grade'];
    e.gradeReason = s?.reason ?? '';
    return e;
  });
}

const CSV_HEAD = ['id', 'app', 'host', 'method', 'pathTemplate', 'operation', 'format', 'functions', 'serviceObject', 'auth', 'state', 'calls', 'clients', 'firstSeen', 'lastSeen', 'p50Ms', 'p99Ms', 'flags', 'grade', 'requestLabels', 'responseLabels'];

export function csvCell(v: string | number): string {
  const s = String(v);
  // a leading = + - @ would be run as a formula by spreadsheet programs
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(eps: InventoryEndpoint[]): string {
  const lines = [CSV_HEAD.join(',')];
  for (const e of eps) {
    lines.push(
      [
        e.id, e.app, e.host, e.method, e.pathTemplate, e.operation?.name ?? '', e.format, e.functions.join(' '), e.serviceObject,
        e.auth.join(' '), e.state, e.counts.calls, e.counts.clients, e.firstSeen, e.lastSeen, e.latencyMs?.p50 ?? '', e.latencyMs?.p99 ?? '', e.flags.join(' '),
        e.grade ?? 'none', labelIds(e, 'request'), labelIds(e, 'response'),
      ].map(csvCell).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Distinct label ids of one direction, e.g. `cn_id cn_mobile*` (`*`: masked everywhere). */
export function labelIds(e: InventoryEndpoint, dir: 'request' | 'response', sep = ' '): string {
  const by = new Map<string, boolean>();
  for (const l of e.labels ?? []) if (l.direction === dir) by.set(l.label, (by.get(l.label) ?? true) && l.masked);
  return [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, masked]) => (masked ? `${id}*` : id)).join(sep);
}

export function renderInventory(eps: InventoryEndpoint[]): string {
  if (eps.length === 0) return 'No endpoints yet: run `guanlan analyze <capture>` first.';
  const rows = eps.map((e) => [
    e.app,
    e.method,
    e.operation ? `${e.pathTemplate} #${e.operation.name}` : e.pathTemplate,
    e.format,
    e.functions.join(',') || '-',
    e.auth.join(',') || '-',
    e.state,
    e.grade ?? 'none',
    labelIds(e, 'request', ',') || '-',
    labelIds(e, 'response', ',') || '-',
    e.counts.calls,
    e.counts.clients,
    e.lastSeen.slice(0, 19).replace('T', ' '),
  ]);
  const apps = new Set(eps.map((e) => e.app)).size;
  return [
    renderTable(['app', 'method', 'path', 'format', 'functions', 'auth', 'state', 'grade', 'request labels', 'response labels', 'calls', 'clients', 'last seen'], rows, ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'l']),
    '',
    `${eps.length} endpoint(s) in ${apps} application(s). Labels marked * were only seen masked.`,
  ].join('\n');
}

export async function inventoryCommand(opts: InventoryOptions): Promise<number> {
  const store = await openExistingStore(opts.db);
  let eps: InventoryEndpoint[];
  try {
    eps = await loadInventory(store, { host: opts.host, app: opts.app });
  } finally {
    await store.close();
  }
  if (opts.state) eps = eps.filter((e) => e.state === opts.state);
  if (opts.format) eps = eps.filter((e) => e.format === opts.format);
  const out = new Stdout();
  if (opts.json) await out.write(`${JSON.stringify(eps, null, 2)}\n`);
  else if (opts.csv) await out.write(toCsv(eps));
  else await out.write(`${renderInventory(eps)}\n`);
  await out.end();
  return 0;
}
