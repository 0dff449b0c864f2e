/**
 * Weakness rows: each input's findings added to the stored ones (inside the input's commit, after
 * the inventory so endpoint ids are known), the lifecycle that traffic drives (a fixed or verified
 * finding seen again is reopened; enough clean traffic to its endpoint after it was fixed verifies
 * the fix), the state changes users make, and the reads for `weaknesses`.
 *
 *   new ─┬─► confirmed ─┐
 *        ├─► ignored    ├─► fixed ──(clean traffic: minCalls over minHours)──► verified
 *        └──────────────┘     │                                                  │
 *                             └──────────(seen again)──► reopened ◄──────────────┘
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { FINDING_STATES, USER_STATES, type Evidence, type FindingState, type FindingStateChange } from '../core/detector.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import type { InventoryWrite } from './inventory.js';
import { storableText } from './keys.js';
import type { Database, FindingsRow } from './schema.js';

export interface FindingWrite {
  /** index into the input's InventoryWrite.endpoints; -1 when `endpointId` is given */
  index: number;
  /** the endpoint's row id, for endpoints the input did not change */
  endpointId?: number;
  ruleId: string;
  slug: string;
  severity: string;
  location: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  detail: string;
  data: Record<string, unknown>;
  evidence: Evidence[];
}

/** Calls one input made to an endpoint (for verifying fixes). */
export interface ActivityWrite {
  index: number;
  calls: number;
  /** event time of the first and last call (hour resolution is enough) */
  first: string;
  last: string;
}

export interface WeaknessWrite {
  findings: FindingWrite[];
  activity: ActivityWrite[];
  verify: { minCalls: number; minHours: number };
  maxEvidence: number;
  /** the input's name, for the reason of traffic's state changes */
  input: string;
}

const TRAFFIC = 'traffic';
const CHUNK = 500;

function publicId(ruleId: string, endpointId: number, location: string): string {
  return createHash('sha256').update(`${ruleId}\n${endpointId}\n${location}`).digest('hex').slice(0, 16);
}

async function event(trx: Transaction<Database>, findingId: number, ts: string, actor: string, from: string | null, to: string, reason: string): Promise<void> {
  await trx.insertInto('finding_events').values({ finding_id: findingId, ts, actor, from_state: from, to_state: to, reason: storableText(reason, 500) }).execute();
}

function evidenceJson(list: Evidence[], max: number): string {
  return JSON.stringify(list.slice(0, max));
}

async function byEndpoints(trx: Transaction<Database>, ids: readonly number[]): Promise<FindingsRow[]> {
  const out: FindingsRow[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await trx.selectFrom('findings').selectAll().where('endpoint_id', 'in', unique.slice(i, i + CHUNK)).execute()));
  return out;
}

const rowKey = (ruleId: string, endpointId: number, location: string): string => `${ruleId}\n${endpointId}\n${location}`;

/** Findings of endpoints folded into a template follow it; two of one rule and location become one. */
async function rehome(trx: Transaction<Database>, ids: readonly number[], inv: InventoryWrite | undefined, maxEvidence: number): Promise<void> {
  for (let i = 0; i < (inv?.endpoints.length ?? 0); i++) {
    const gone = inv!.endpoints[i]!.absorbed;
    const into = ids[i];
    if (!gone.length || into === undefined) continue;
    const moving = await byEndpoints(trx, gone);
    if (!moving.length) continue;
    const there = new Map((await byEndpoints(trx, [into])).map((r) => [rowKey(r.rule_id, into, r.location), r]));
    for (const r of moving) {
      const t = there.get(rowKey(r.rule_id, into, r.location));
      if (!t) {
        await trx.updateTable('findings').set({ endpoint_id: into }).where('id', '=', r.id).execute();
        there.set(rowKey(r.rule_id, into, r.location), { ...r, endpoint_id: into });
        continue;
      }
      const merged = {
        count: Number(t.count) + Number(r.count),
        first_seen: r.first_seen < t.first_seen ? r.first_seen : t.first_seen,
        last_seen: r.last_seen > t.last_seen ? r.last_seen : t.last_seen,
        evidence: evidenceJson([...(JSON.parse(t.evidence) as Evidence[]), ...(JSON.parse(r.evidence) as Evidence[])], maxEvidence),
      };
      await trx.updateTable('findings').set(merged).where('id', '=', t.id).execute();
      Object.assign(t, merged);
      await trx.deleteFrom('findings').where('id', '=', r.id).execute();
    }
  }
}

/** Write one input's findings and drive the lifecycle; `ids` are the endpoint row ids writeInventory returned. */
export async function writeWeaknesses(trx: Transaction<Database>, w: WeaknessWrite, ids: readonly number[], inv: InventoryWrite | undefined): Promise<{ created: number; reopened: number; verified: number }> {
  await rehome(trx, ids, inv, w.maxEvidence);
  const resolved = w.findings.map((f) => ({ f, endpointId: f.endpointId ?? ids[f.index] })).filter((x): x is { f: FindingWrite; endpointId: number } => x.endpointId !== undefined);
  const existing = new Map((await byEndpoints(trx, resolved.map((x) => x.endpointId))).map((r) => [rowKey(r.rule_id, r.endpoint_id, r.location), r]));
  const seen = new Set<number>();
  let created = 0;
  let reopened = 0;
  for (const { f, endpointId } of resolved) {
    const location = storableText(f.location, 500);
    const detail = storableText(f.detail, 1000);
    const data = JSON.stringify(f.data);
    const r = existing.get(rowKey(f.ruleId, endpointId, location));
    if (!r) {
      const row = await trx
        .insertInto('findings')
        .values({
          public_id: publicId(f.ruleId, endpointId, location),
          rule_id: f.ruleId,
          slug: f.slug,
          severity: f.severity,
          endpoint_id: endpointId,
          location,
          state: 'new',
          state_reason: '',
          state_since: f.firstSeen,
          first_seen: f.firstSeen,
          last_seen: f.lastSeen,
          count: f.count,
          detail,
          data,
          evidence: evidenceJson(f.evidence, w.maxEvidence),
          clean_calls: 0,
          clean_first: '',
          clean_last: '',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await event(trx, row.id, f.firstSeen, TRAFFIC, null, 'new', `first seen in ${w.input}`);
      existing.set(rowKey(f.ruleId, endpointId, location), { id: row.id } as FindingsRow);
      seen.add(row.id);
      created++;
      continue;
    }
    if (seen.has(r.id)) continue; // two writes cut to the same location: counted once
    seen.add(r.id);
    const back = r.state === 'fixed' || r.state === 'verified';
    const old = JSON.parse(r.evidence) as Evidence[];
    // a reopened finding shows the fresh evidence first
    const evidence = back ? [...f.evidence, ...old] : [...old, ...f.evidence];
    await trx
      .updateTable('findings')
      .set({
        count: Number(r.count) + f.count,
        first_seen: f.firstSeen < r.first_seen ? f.firstSeen : r.first_seen,
        last_seen: f.lastSeen > r.last_seen ? f.lastSeen : r.last_seen,
        detail,
        data,
        severity: f.severity,
        evidence: evidenceJson(evidence, w.maxEvidence),
        ...(back ? { state: 'reopened', state_reason: `seen again in ${w.input}`, state_since: f.firstSeen, clean_calls: 0, clean_first: '', clean_last: '' } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    if (back) {
      await event(trx, r.id, f.firstSeen, TRAFFIC, r.state, 'reopened', `seen again in ${w.input}: ${detail}`);
      reopened++;
    }
  }
  const verified = await verifyFixes(trx, w, ids, seen);
  return { created, reopened, verified };
}

/** Fixed findings not seen in this input on endpoints it called: add the clean traffic; enough of it verifies the fix. */
async function verifyFixes(trx: Transaction<Database>, w: WeaknessWrite, ids: readonly number[], seen: ReadonlySet<number>): Promise<number> {
  const activity = new Map<number, ActivityWrite>();
  for (const a of w.activity) {
    const id = ids[a.index];
    if (id !== undefined && a.calls > 0) activity.set(id, a);
  }
  if (!activity.size) return 0;
  let verified = 0;
  const fixed = (await byEndpoints(trx, [...activity.keys()])).filter((r) => r.state === 'fixed' && !seen.has(r.id));
  for (const r of fixed) {
    const a = activity.get(r.endpoint_id)!;
    const calls = Number(r.clean_calls) + a.calls;
    const first = r.clean_first === '' || a.first < r.clean_first ? a.first : r.clean_first;
    const last = a.last > r.clean_last ? a.last : r.clean_last;
    const hours = (Date.parse(last) - Date.parse(first)) / 3_600_000;
    const done = calls >= w.verify.minCalls && hours >= w.verify.minHours;
    const reason = `${calls} calls over ${hours.toFixed(1)} h without it (needs ${w.verify.minCalls} calls over ${w.verify.minHours} h)`;
    await trx
      .updateTable('findings')
      .set({ clean_calls: calls, clean_first: first, clean_last: last, ...(done ? { state: 'verified', state_reason: reason, state_since: last } : {}) })
      .where('id', '=', r.id)
      .execute();
    if (done) {
      await event(trx, r.id, last, TRAFFIC, 'fixed', 'verified', `${reason}; last input ${w.input}`);
      verified++;
    }
  }
  return verified;
}

export interface FindingQuery {
  severity?: readonly string[];
  /** slugs or rule ids */
  rule?: readonly string[];
  app?: string;
  state?: readonly string[];
  /** a public id or a prefix of one (at least 4 characters) */
  id?: string;
}

export interface StoredFinding extends FindingsRow {
  app: string;
  method: string;
  path_template: string;
  operation: string;
}

export async function readFindings(db: Kysely<Database>, q: FindingQuery = {}): Promise<StoredFinding[]> {
  let query = db
    .selectFrom('findings as f')
    .innerJoin('endpoints as e', 'e.id', 'f.endpoint_id')
    .selectAll('f')
    .select(['e.app as app', 'e.method as method', 'e.path_template as path_template', 'e.operation as operation']);
  if (q.severity?.length) query = query.where('f.severity', 'in', [...q.severity]);
  if (q.rule?.length) query = query.where((eb) => eb.or([eb('f.slug', 'in', [...q.rule!]), eb('f.rule_id', 'in', [...q.rule!])]));
  if (q.app) query = query.where('e.app', '=', q.app);
  if (q.state?.length) query = query.where('f.state', 'in', [...q.state]);
  if (q.id) query = query.where('f.public_id', 'like', `${q.id.replace(/[%_\\]/g, '')}%`);
  const rows = await query.orderBy('f.rule_id').orderBy('e.app').orderBy('e.path_template').orderBy('e.method').orderBy('f.location').execute();
  return rows.map((r) => ({ ...r, count: Number(r.count), clean_calls: Number(r.clean_calls) }));
}

export async function readFindingEvents(db: Kysely<Database>, findingId: number): Promise<FindingStateChange[]> {
  const rows = await db.selectFrom('finding_events').selectAll().where('finding_id', '=', findingId).orderBy('id').execute();
  return rows.map((r) => ({ ts: r.ts, actor: r.actor, from: r.from_state as FindingState | null, to: r.to_state as FindingState, reason: r.reason }));
}

/**
 * A user's state change. `id`: a public id or an unambiguous prefix (≥ 4 hex). `ignored` needs a
 * reason. Marking a finding fixed starts counting clean traffic from zero.
 */
export async function setFindingState(db: Kysely<Database>, id: string, to: string, o: { reason?: string; actor: string; now: Date }): Promise<{ publicId: string; from: FindingState; to: FindingState }> {
  if (!(USER_STATES as readonly string[]).includes(to)) {
    const why = (FINDING_STATES as readonly string[]).includes(to) ? `${to} is set by traffic, not by users` : `unknown state ${JSON.stringify(to)}`;
    throw new GuanlanError(ErrorCodes.USAGE, `${why}; a user may set: ${USER_STATES.join(', ')}`);
  }
  if (!/^[0-9a-f]{4,16}$/.test(id)) throw new GuanlanError(ErrorCodes.USAGE, `finding id ${JSON.stringify(id)}: expected 4 to 16 hex characters (see guanlan weaknesses)`);
  const reason = (o.reason ?? '').trim();
  if (to === 'ignored' && !reason) throw new GuanlanError(ErrorCodes.USAGE, 'ignoring a finding needs --reason');
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('findings').select(['id', 'public_id', 'state']).where('public_id', 'like', `${id}%`).limit(2).execute();
    if (rows.length === 0) throw new GuanlanError(ErrorCodes.USAGE, `no finding ${id}`);
    if (rows.length > 1) throw new GuanlanError(ErrorCodes.USAGE, `finding id ${id} is ambiguous: give more characters`);
    const r = rows[0]!;
    const from = r.state as FindingState;
    if (from === to) throw new GuanlanError(ErrorCodes.USAGE, `finding ${r.public_id} is already ${to}`);
    const ts = o.now.toISOString();
    await trx
      .updateTable('findings')
      .set({ state: to, state_reason: storableText(reason, 500), state_since: ts, ...(to === 'fixed' ? { clean_calls: 0, clean_first: '', clean_last: '' } : {}) })
      .where('id', '=', r.id)
      .execute();
    await event(trx, r.id, ts, storableText(o.actor, 100), from, to, reason);
    return { publicId: r.public_id, from, to: to as FindingState };
  });
}
