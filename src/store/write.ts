/**
 * The writes of finishInput, inside its transaction: path counts upserted in batches, and the
 * samples that still fit under the caps.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { OVERFLOW_PATH, type PathCountRow, type SampleLimits, type SampleRow } from './batch.js';
import { canonicalTime, keyString, storedKey } from './keys.js';
import type { Database, Engine } from './schema.js';

/** Rows per statement: 6 parameters each, far below SQLite's 32766 and PostgreSQL's 65535. */
const PATH_ROWS_PER_STATEMENT = 1000;
/** Samples per statement, and a byte budget so a statement stays a few MB whatever the bodies. */
const SAMPLES_PER_STATEMENT = 500;
const SAMPLE_BYTES_PER_STATEMENT = 4 << 20;

/**
 * Clean keys and times, and merge rows that now share a key (PostgreSQL refuses an upsert that
 * touches one row twice). No sort is needed for lock order: finishInput holds a lock on PostgreSQL.
 */
export function mergePathRows(rows: readonly PathCountRow[]): PathCountRow[] {
  const merged = new Map<string, PathCountRow>();
  for (const r of rows) {
    if (!(r.count > 0)) continue;
    const k = storedKey(r.host, r.method, r.path);
    const key = keyString(k);
    const first = canonicalTime(r.firstSeen);
    const last = canonicalTime(r.lastSeen);
    const m = merged.get(key);
    if (m === undefined) {
      // Fields spelled out: object spread is several times slower here, on 10k+ rows.
      merged.set(key, { host: k.host, method: k.method, path: k.path, count: Math.trunc(r.count), firstSeen: first, lastSeen: last });
    } else {
      m.count += Math.trunc(r.count);
      if (first < m.firstSeen) m.firstSeen = first;
      if (last > m.lastSeen) m.lastSeen = last;
    }
  }
  return [...merged.values()];
}

/**
 * Raw-path rows the store keeps overall. Beyond it, paths not yet stored are counted under their
 * host and method's `{other}` row: the table (evidence of raw paths; the inventory holds the
 * templates) stays bounded whatever the traffic, as the DB must grow with endpoints, not volume.
 */
export const MAX_STORED_PATHS = 100_000;

async function redirectNewKeys(trx: Transaction<Database>, rows: readonly PathCountRow[], maxStored: number): Promise<readonly PathCountRow[]> {
  const stored = Number((await trx.selectFrom('path_counts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if (stored + rows.length <= maxStored) return rows;
  // which of these keys are already stored (they keep counting in place)
  const existing = new Set<string>();
  for (let i = 0; i < rows.length; i += PATH_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + PATH_ROWS_PER_STATEMENT);
    const found = await trx
      .selectFrom('path_counts')
      .select(['host', 'method', 'path'])
      .where((eb) => eb.or(chunk.map((r) => eb.and([eb('host', '=', r.host), eb('method', '=', r.method), eb('path', '=', r.path)]))))
      .execute();
    for (const f of found) existing.add(keyString(f));
  }
  let room = Math.max(0, maxStored - stored);
  const out: PathCountRow[] = [];
  for (const r of rows) {
    if (existing.has(keyString(r)) || r.path === OVERFLOW_PATH) out.push(r);
    else if (room > 0) {
      room--;
      out.push(r);
    } else out.push({ ...r, path: OVERFLOW_PATH });
  }
  return mergePathRows(out);
}

/** count = count + new, first_seen = earliest, last_seen = latest. */
export async function upsertPathCounts(trx: Transaction<Database>, engine: Engine, input: readonly PathCountRow[], maxStored = MAX_STORED_PATHS): Promise<number> {
  const rows = await redirectNewKeys(trx, input, maxStored);
  // Two-argument min/max is SQLite's scalar form; PostgreSQL spells it least/greatest.
  const earliest = engine === 'postgres' ? sql.raw('least') : sql.raw('min');
  const latest = engine === 'postgres' ? sql.raw('greatest') : sql.raw('max');
  for (let i = 0; i < rows.length; i += PATH_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + PATH_ROWS_PER_STATEMENT);
    await trx
      .insertInto('path_counts')
      .values(
        chunk.map((r) => ({
          host: r.host,
          method: r.method,
          path: r.path,
          count: r.count,
          first_seen: r.firstSeen,
          last_seen: r.lastSeen,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['host', 'method', 'path']).doUpdateSet((eb) => ({
          count: eb('path_counts.count', '+', eb.ref('excluded.count')),
          first_seen: sql<string>`${earliest}(path_counts.first_seen, excluded.first_seen)`,
          last_seen: sql<string>`${latest}(path_counts.last_seen, excluded.last_seen)`,
        })),
      )
      .execute();
  }
  return rows.length;
}

/**
 * Insert the samples that fit: per key, up to `perKey` minus what is already stored; overall, up
 * to `total` minus the table's size. When the overall budget is short, samples are taken round
 * by round (every key's first, then every key's second, …) so that many endpoints get one.
 * Returns how many were inserted. An exchange id already stored is skipped.
 */
export async function insertSamples(trx: Transaction<Database>, input: number, samples: readonly SampleRow[], limits: SampleLimits): Promise<number> {
  if (samples.length === 0 || limits.perKey <= 0 || limits.total <= 0) return 0;
  const stored = await trx.selectFrom('exchange_samples').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const budget = limits.total - Number(stored.n);
  if (budget <= 0) return 0;

  // The table holds at most `total` rows, so its per-key counts are a small read, done once.
  const perKey = new Map<string, number>();
  for (const r of await existingPerKey(trx)) perKey.set(keyString(r), Number(r.n));

  const seen = await storedIds(trx, samples.map((s) => storableId(s.id)));
  const ranked: Array<{ rank: number; order: number; row: SampleRow }> = [];
  for (const s of samples) {
    const id = storableId(s.id);
    if (seen.has(id)) continue;
    seen.add(id);
    const k = storedKey(s.host, s.method, s.path);
    const key = keyString(k);
    const rank = perKey.get(key) ?? 0;
    if (rank >= limits.perKey) continue;
    perKey.set(key, rank + 1);
    const row: SampleRow = { id, ts: canonicalTime(s.ts), host: k.host, method: k.method, path: k.path, url: s.url, status: s.status, exchangeJson: s.exchangeJson };
    ranked.push({ rank, order: ranked.length, row });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const chosen = ranked.slice(0, budget).map((r) => r.row);

  let inserted = 0;
  for (let i = 0; i < chosen.length; ) {
    let j = i;
    let bytes = 0;
    while (j < chosen.length && j - i < SAMPLES_PER_STATEMENT && (j === i || bytes < SAMPLE_BYTES_PER_STATEMENT)) {
      bytes += chosen[j].exchangeJson.length + chosen[j].url.length;
      j++;
    }
    const res = await trx
      .insertInto('exchange_samples')
      .values(
        chosen.slice(i, j).map((s) => ({
          id: s.id,
          input_id: input,
          ts: s.ts,
          host: s.host,
          method: s.method,
          path: s.path,
          url: s.url.replaceAll('\0', '%00'),
          status: s.status,
          exchange_json: s.exchangeJson.replaceAll('\0', '\\u0000'),
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
    i = j;
  }
  return inserted;
}

function storableId(id: string): string {
  return id.replaceAll('\0', '%00');
}

/** Which of these exchange ids are stored already (a sample of an earlier input). */
async function storedIds(db: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += SAMPLES_PER_STATEMENT) {
    const rows = await db.selectFrom('exchange_samples').select('id').where('id', 'in', ids.slice(i, i + SAMPLES_PER_STATEMENT)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

function existingPerKey(db: Kysely<Database>) {
  return db
    .selectFrom('exchange_samples')
    .select((eb) => ['host', 'method', 'path', eb.fn.countAll().as('n')])
    .groupBy(['host', 'method', 'path'])
    .execute();
}
