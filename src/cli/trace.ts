/**
 * `guanlan trace --db FILE (--value V [--label L] | --ip IP | --api ID | --account A | --label L) [--json]`:
 * the leak-trace audit trail (DESIGN §3.2, §5). Which endpoints, clients, accounts and hours
 * received a value, answered from keyed digests: the value is normalised as the recognisers do
 * (`+86 138-1234-5678` → `13812345678`) and digested with the installation secret; the store holds
 * no values. Every search is itself recorded in `operator_audit` with the digest of what was
 * searched, never the value.
 */
import type { LabelId } from '../analysis/sensitive/labels.js';
import { LABEL_IDS } from '../analysis/sensitive/labels.js';
import { accountTag, traceCandidates, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { endpointId } from '../pipeline/discovery-stage.js';
import { auditSearch, readTrace, type TraceHit, type TraceQuery } from '../store/index.js';
import { keyFileFor, loadInstallKey } from '../store/install-key.js';
import { openExistingStore } from './inventory.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

export interface TraceOptions {
  db: string;
  value?: string;
  ip?: string;
  api?: string;
  account?: string;
  label?: string;
  json?: boolean;
  keyFile?: string;
  limit?: number;
}

export interface TraceRow {
  endpoint: { id: string; app: string; method: string; pathTemplate: string; operation?: string };
  label: string;
  clientIp: string;
  account: string | null;
  /** hour, `2024-05-01T08` */
  hour: string;
  count: number;
}

export interface TraceReport {
  kind: 'value' | 'ip' | 'api' | 'account' | 'label';
  results: number;
  endpoints: { id: string; app: string; method: string; pathTemplate: string; count: number }[];
  clients: { ip: string; count: number }[];
  accounts: { account: string; count: number }[];
  firstHour: string | null;
  lastHour: string | null;
  rows: TraceRow[];
}

function kindOf(o: TraceOptions): TraceReport['kind'] {
  const given = [o.value !== undefined && 'value', o.ip !== undefined && 'ip', o.api !== undefined && 'api', o.account !== undefined && 'account'].filter(Boolean) as TraceReport['kind'][];
  if (given.length > 1) throw new GuanlanError(ErrorCodes.USAGE, 'give one of --value, --ip, --api, --account (with --label to narrow --value or --account, or --label alone)');
  if (given.length === 1) return given[0]!;
  if (o.label !== undefined) return 'label';
  throw new GuanlanError(ErrorCodes.USAGE, 'give one of --value, --ip, --api, --account or --label');
}

function tally(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

export function toReport(kind: TraceReport['kind'], hits: TraceHit[]): TraceReport {
  const rows: TraceRow[] = hits.map((h) => {
    const endpoint: TraceRow['endpoint'] = { id: endpointId(h.app, h.method, h.pathTemplate, h.operation), app: h.app, method: h.method, pathTemplate: h.pathTemplate };
    if (h.operation) endpoint.operation = h.operation;
    return { endpoint, label: h.label, clientIp: h.clientIp, account: h.account, hour: h.bucket, count: h.count };
  });
  const eps = new Map<string, TraceReport['endpoints'][number]>();
  const clients = new Map<string, number>();
  const accounts = new Map<string, number>();
  for (const r of rows) {
    const e = eps.get(r.endpoint.id);
    if (e) e.count += r.count;
    else eps.set(r.endpoint.id, { id: r.endpoint.id, app: r.endpoint.app, method: r.endpoint.method, pathTemplate: r.endpoint.pathTemplate, count: r.count });
    tally(clients, r.clientIp, r.count);
    if (r.account !== null) tally(accounts, r.account, r.count);
  }
  const hours = rows.map((r) => r.hour).sort();
  const byCount = <T extends { count: number }>(a: T[]): T[] => a.sort((x, y) => y.count - x.count);
  return {
    kind,
    results: rows.length,
    endpoints: byCount([...eps.values()]),
    clients: byCount([...clients].map(([ip, count]) => ({ ip, count }))),
    accounts: byCount([...accounts].map(([account, count]) => ({ account, count }))),
    firstHour: hours[0] ?? null,
    lastHour: hours[hours.length - 1] ?? null,
    rows,
  };
}

export function renderTrace(r: TraceReport): string {
  if (r.results === 0) return 'Not found in the trace index.';
  const rows = r.rows.map((x) => [x.hour.replace('T', ' ') + 'h', x.label, x.endpoint.method, x.endpoint.pathTemplate, x.clientIp, x.account ?? '-', x.count]);
  return [
    renderTable(['hour', 'label', 'method', 'path', 'client', 'account', 'count'], rows, ['l', 'l', 'l', 'l', 'l', 'l', 'r']),
    '',
    `${r.endpoints.length} endpoint(s), ${r.clients.length} client(s), ${r.firstHour ?? '-'} … ${r.lastHour ?? '-'}.`,
  ].join('\n');
}

export async function traceCommand(o: TraceOptions): Promise<number> {
  const kind = kindOf(o);
  if (o.label !== undefined && !(LABEL_IDS as readonly string[]).includes(o.label)) throw new GuanlanError(ErrorCodes.USAGE, `--label ${o.label}: not a label id (${LABEL_IDS.join(', ')})`);
  const label = o.label as LabelId | undefined;
  const keyFile = keyFileFor(o.db, o.keyFile);
  const store = await openExistingStore(o.db);
  let report: TraceReport;
  try {
    const secret = loadInstallKey(keyFile, false);
    if (!secret) throw new GuanlanError(ErrorCodes.USAGE, `no trace key at ${keyFile}: nothing was indexed for this store (run analyze first, or pass --key-file)`);
    const d = new ValueDigester(secret);
    let q: TraceQuery;
    let searched: string;
    if (kind === 'value') {
      const digests = traceCandidates(o.value!, label).map((c) => d.digest(c.value));
      q = { digests };
      searched = digests.join(',');
    } else if (kind === 'ip') {
      q = { clientIp: o.ip!.trim() };
      searched = d.digest(`ip:${q.clientIp}`);
    } else if (kind === 'account') {
      const account = o.account!.trim();
      q = { account: accountTag(d, account) };
      searched = d.digest(`account:${account}`);
    } else if (kind === 'api') {
      const id = o.api!.trim().toLowerCase();
      const row = (await store.endpoints()).find((r) => endpointId(r.app, r.method, r.path_template, r.operation) === id);
      q = { endpointId: row ? Number(row.id) : -1 };
      searched = d.digest(`api:${id}`);
    } else {
      q = { label: label! };
      searched = d.digest(`label:${label!}`);
    }
    let hits = await readTrace(store.db, q, o.limit);
    if ((kind === 'value' || kind === 'account') && label) hits = hits.filter((h) => h.label === label);
    report = toReport(kind, hits);
    await auditSearch(store.db, { ts: new Date().toISOString(), command: 'trace', kind, queryDigest: searched, results: report.results });
  } finally {
    await store.close();
  }
  const out = new Stdout();
  await out.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderTrace(report)}\n`);
  await out.end();
  return 0;
}
