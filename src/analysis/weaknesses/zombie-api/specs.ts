/**
 * Documented specs for the inventory detectors (zombie-api, shadow-api): the specs Guanlan was
 * given (DetectorContext.specs) plus the detector's own `specFiles`, read at start (a file that
 * cannot be read stops Guanlan with one line naming it); which applications and paths a spec
 * covers; and the catalog's endpoints as the inventory rows `diffInventory` compares, so both
 * detectors use the same shadow/zombie logic as `guanlan diff`.
 *
 *   const specs = documentedSpecs(['docs/mbank.yaml'], ctx);
 *   for (const d of diffCovered(views, specs, hosts, { scopeToBasePath: true })) d.report.shadow …
 */
import type { InventoryEndpoint } from '../../../core/endpoint.js';
import { normaliseHost } from '../../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { paramsOf } from '../../endpoints/conclude.js';
import { type DiffReport, diffInventory } from '../../endpoints/openapi/diff.js';
import { readSpecFile } from '../../endpoints/openapi/import.js';
import { pathSegments } from '../../endpoints/openapi/match.js';
import type { SpecResult } from '../../endpoints/openapi/types.js';
import { segmentVersion } from '../../endpoints/openapi/versions.js';
import type { DetectorContext, EndpointView, ExchangeFacts } from '../types.js';

/** The specs given to Guanlan (those that could be read) and the detector's own files. */
export function documentedSpecs(files: readonly string[], ctx: DetectorContext): SpecResult[] {
  return [...ctx.specs.filter((s) => !s.error && s.operations.length > 0), ...files.map(readSpecFile)];
}

const bareHost = (h: string): string => normaliseHost(h).replace(/:\d+$/, '');

/**
 * The hosts each application was reached at (an application is named after its host unless
 * guanlan.yaml aliases several hosts to one name). Sampled: the first exchanges of each
 * application, then one in `EVERY`, so the hot path is one Map lookup.
 */
export class AppHosts {
  private static readonly FIRST = 64;
  private static readonly EVERY = 256;
  private static readonly MAX_HOSTS = 16;
  private readonly apps = new Map<string, { n: number; hosts: Set<string> }>();

  observe(f: ExchangeFacts): void {
    let a = this.apps.get(f.app);
    if (!a) {
      if (this.apps.size >= 4096) return;
      this.apps.set(f.app, (a = { n: 0, hosts: new Set() }));
    }
    if (a.n++ >= AppHosts.FIRST && a.n % AppHosts.EVERY !== 0) return;
    const h = f.requestHeader('host') ?? f.requestHeader(':authority');
    if (h && a.hosts.size < AppHosts.MAX_HOSTS) a.hosts.add(bareHost(h));
  }

  /** the application's hosts; its name counts as one (the default naming) */
  of(app: string): Set<string> {
    return new Set([bareHost(app), ...(this.apps.get(app)?.hosts ?? [])]);
  }
}

/** 2xx answers an endpoint gave */
export function successCalls(s: EndpointStats): number {
  let n = 0;
  for (const [status, c] of s.statusCodes) if (status >= 200 && status < 300) n += c;
  return n;
}

/** The catalog endpoint as the inventory row diffInventory reads (the fields it does not read are left empty). */
function inventoryRow(id: string, v: EndpointView, host: string): InventoryEndpoint {
  const s = v.stats;
  return {
    id,
    app: v.app,
    host,
    method: v.method,
    pathTemplate: v.pathTemplate,
    pathParams: [...v.pathParams],
    format: s.format(),
    functions: [],
    functionReasons: [],
    serviceObject: 'public',
    serviceObjectReason: '',
    auth: [],
    state: s.state,
    counts: { calls: s.calls, clients: 0, status: {} },
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    params: paramsOf(s, [...v.pathParams]),
    responseShape: {},
    requestContentTypes: [...s.requestTypes.keys()],
    responseContentTypes: [...s.responseTypes.keys()],
    examples: [],
    flags: [],
  };
}

/** `/api/v2` → `api`; a version first segment (`/v2`) stands for any version (`*`). */
function rootOf(base: string): string {
  const first = pathSegments(base)[0] ?? '';
  return segmentVersion(first) ? '*' : first;
}

function underRoots(template: string, roots: ReadonlySet<string> | undefined): boolean {
  if (!roots) return true;
  const first = pathSegments(template)[0] ?? '';
  return roots.has(first) || (roots.has('*') && segmentVersion(first) !== undefined);
}

export interface SpecDiff {
  spec: SpecResult;
  report: DiffReport;
  /** the endpoints compared (the spec covers their application and path), by the ids in `report` */
  views: Map<string, EndpointView>;
}

export interface ScopeOptions {
  /** when every server of the spec has a base path, only endpoints under its first segment count */
  scopeToBasePath: boolean;
}

/**
 * Each spec against the endpoints it covers: those of applications reached at one of the spec's
 * hosts, or (a spec naming no host) of applications where at least one documented operation was
 * seen; and, with `scopeToBasePath`, under the spec's base paths' first segment.
 */
export function diffCovered(views: readonly EndpointView[], specs: readonly SpecResult[], hosts: AppHosts, o: ScopeOptions): SpecDiff[] {
  const out: SpecDiff[] = [];
  for (const spec of specs) {
    const specHosts = new Set(spec.hosts.map(bareHost));
    const roots = o.scopeToBasePath && spec.basePaths.length > 0 && spec.basePaths.every((b) => b !== '') ? new Set(spec.basePaths.map(rootOf)) : undefined;
    const byId = new Map<string, EndpointView>();
    const rows: InventoryEndpoint[] = [];
    const hostOf = new Map<string, Set<string>>();
    for (const v of views) {
      let h = hostOf.get(v.app);
      if (!h) hostOf.set(v.app, (h = hosts.of(v.app)));
      if (specHosts.size > 0 && ![...h].some((x) => specHosts.has(x))) continue;
      if (!underRoots(v.pathTemplate, roots)) continue;
      const id = String(rows.length);
      byId.set(id, v);
      rows.push(inventoryRow(id, v, [...h][0] ?? v.app));
    }
    const report = diffInventory(rows, spec);
    if (specHosts.size === 0) {
      // no host named: the spec covers the applications where it matched something
      const apps = new Set(report.matched.map((m) => m.app));
      const keep = <T extends { app: string }>(xs: T[]): T[] => xs.filter((x) => apps.has(x.app));
      report.shadow = keep(report.shadow);
      report.zombie = keep(report.zombie);
      for (const [id, v] of byId) if (!apps.has(v.app)) byId.delete(id);
    }
    out.push({ spec, report, views: byId });
  }
  return out;
}
