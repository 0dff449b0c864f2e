/**
 * `guanlan openapi --db FILE [--host H] [--yaml]`: the discovered inventory as OpenAPI 3.1.
 * `guanlan diff --db FILE --spec openapi.yaml|json [--host H] [--json]`: compare the inventory
 * with a documented spec: shadow (seen, undocumented), zombie (deprecated or superseded, still
 * called), orphan (documented, never seen).
 */
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { diffInventory, pinnedTemplates, renderOpenApi, toOpenApi, type DiffReport } from '../analysis/endpoints/openapi/index.js';
import { readSpecFile } from '../analysis/endpoints/openapi/import.js';
import { loadInventory, openExistingStore } from './inventory.js';
import { Stdout } from './io.js';
import { renderTable } from './table.js';

async function inventoryOf(db: string, host?: string): ReturnType<typeof loadInventory> {
  const store = await openExistingStore(db);
  try {
    return await loadInventory(store, { host });
  } finally {
    await store.close();
  }
}

export async function openapiCommand(opts: { db: string; host?: string; yaml?: boolean; title?: string }): Promise<number> {
  const eps = await inventoryOf(opts.db, opts.host);
  if (opts.host && eps.length === 0) throw new GuanlanError(ErrorCodes.USAGE, `no endpoints for host ${opts.host} in ${opts.db} (guanlan inventory --db ${opts.db} lists the hosts)`);
  const doc = toOpenApi(eps, { title: opts.title, host: opts.host });
  const out = new Stdout();
  await out.write(renderOpenApi(doc, opts.yaml ? 'yaml' : 'json'));
  await out.end();
  return 0;
}

function renderDiff(r: DiffReport): string {
  const out: string[] = [`${r.spec.title} ${r.spec.version} (${r.spec.name}): ${r.summary.matched} matched, ${r.summary.shadow} shadow, ${r.summary.zombie} zombie, ${r.summary.orphan} orphan (of ${r.summary.operations} documented operations and ${r.summary.endpoints} endpoints seen)`];
  if (r.shadow.length) out.push('', 'Shadow APIs (seen in traffic, not documented):', renderTable(['method', 'path', 'app', 'calls', 'last seen'], r.shadow.map((e) => [e.method, e.pathTemplate, e.app, e.calls, e.lastSeen.slice(0, 19)]), ['l', 'l', 'l', 'r', 'l']));
  if (r.zombie.length) out.push('', 'Zombie APIs (deprecated or superseded, still called):', renderTable(['method', 'path', 'why', 'calls', 'last seen'], r.zombie.map((e) => [e.method, e.pathTemplate, e.reason, e.calls, e.lastSeen.slice(0, 19)]), ['l', 'l', 'l', 'r', 'l']));
  if (r.orphan.length) out.push('', 'Orphan operations (documented, never seen):', renderTable(['method', 'path', 'operationId'], r.orphan.map((o) => [o.method, o.fullPath, o.operationId ?? '']), ['l', 'l', 'l']));
  return out.join('\n');
}

/** Documented specs pin templates (`analyze --spec`): their paths, base path included. */
export function pinsFromSpecs(files: readonly string[] = []): string[] {
  const pins = new Set<string>();
  for (const f of files) for (const p of pinnedTemplates(readSpecFile(f))) pins.add(p.template);
  return [...pins];
}

export async function diffCommand(opts: { db: string; spec: string; host?: string; json?: boolean }): Promise<number> {
  const spec = readSpecFile(opts.spec);
  const report = diffInventory(await inventoryOf(opts.db), spec, { host: opts.host });
  const out = new Stdout();
  await out.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDiff(report)}\n`);
  await out.end();
  return 0;
}
