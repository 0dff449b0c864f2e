/**
 * The discovered inventory against a documented spec (`guanlan diff`):
 *   matched  seen and documented (finer: concrete values under a spec parameter; coarser: a learned
 *            parameter where the spec keeps literals apart)
 *   shadow   seen, not documented
 *   zombie   still called although documented as deprecated, or an older version of an API the
 *            spec documents in a newer one (`/api/v1/x` while the spec has `/api/v2/x`; or an
 *            older `api-version` query value / versioned media type than the spec documents)
 *   orphan   documented, never seen
 * Paths are compared with the spec's base paths, as traffic carries them.
 */
import type { InventoryEndpoint } from '../../../core/endpoint.js';
import { HTTP_METHODS } from './import.js';
import { type Fit, compileSpecMatcher, pathSegments } from './match.js';
import type { SpecOperation, SpecResult } from './types.js';
import { VERSION_PARAM, type Version, compareVersions, formatVersion, maxVersion, mediaTypeVersion, segmentVersion, valueVersion } from './versions.js';

export interface DiffOptions {
  /** only this host's endpoints */
  host?: string;
  /** also compare html pages and static assets (left out by default: they are not APIs) */
  includeNonApi?: boolean;
}

export interface OperationRef {
  method: string;
  /** as written in the spec */
  path: string;
  /** with the base path, as traffic carries it */
  fullPath: string;
  operationId?: string;
  deprecated: boolean;
}

export interface EndpointRef {
  endpointId: string;
  app: string;
  host: string;
  method: string;
  pathTemplate: string;
  calls: number;
  lastSeen: string;
}

export interface MatchedEntry extends EndpointRef {
  operation: OperationRef;
  fit: Fit;
  /** a coarser learned endpoint also stands for these operations */
  alsoCovers?: OperationRef[];
}

export interface ZombieEntry extends EndpointRef {
  kind: 'deprecated' | 'superseded';
  reason: string;
  /** the documented operation it is (deprecated, or an older documented version) */
  operation?: OperationRef;
  /** the newer documented operation (superseded) */
  newer?: OperationRef;
}

export interface DiffReport {
  spec: { name: string; title: string; version: string };
  summary: { endpoints: number; operations: number; matched: number; shadow: number; zombie: number; orphan: number; ignored: number };
  matched: MatchedEntry[];
  shadow: EndpointRef[];
  zombie: ZombieEntry[];
  orphan: OperationRef[];
  /** endpoints neither matched nor shadow, with why (CORS preflights on documented paths) */
  ignored: (EndpointRef & { reason: string })[];
}

const NON_API = new Set(['static', 'html']);

export function diffInventory(endpoints: readonly InventoryEndpoint[], spec: SpecResult, opts: DiffOptions = {}): DiffReport {
  const host = opts.host?.toLowerCase();
  const eps = endpoints.filter((e) => (!host || e.host.toLowerCase() === host || e.host.toLowerCase().startsWith(`${host}:`)) && (opts.includeNonApi || !NON_API.has(e.format)));
  const matcher = compileSpecMatcher(spec);
  const versionTokens = specVersionTokens(spec);
  const seen = new Set<SpecOperation>();
  const report: DiffReport = {
    spec: { name: spec.name, title: spec.title, version: spec.version },
    summary: { endpoints: eps.length, operations: spec.operations.length, matched: 0, shadow: 0, zombie: 0, orphan: 0, ignored: 0 },
    matched: [],
    shadow: [],
    zombie: [],
    orphan: [],
    ignored: [],
  };

  for (const e of eps) {
    const ref = endpointRef(e);
    // HEAD is GET without a body (RFC 9110 §9.3.2): a documented GET documents it.
    let hit = matcher.match(e.method, e.pathTemplate) ?? (e.method.toUpperCase() === 'HEAD' ? matcher.match('GET', e.pathTemplate) : undefined);
    if (!hit && e.method.toUpperCase() === 'OPTIONS' && HTTP_METHODS.some((m) => matcher.match(m, e.pathTemplate, { coarse: true }))) {
      report.ignored.push({ ...ref, reason: 'CORS preflight on a documented path' });
      continue;
    }
    let alsoCovers: SpecOperation[] = [];
    if (!hit) {
      // A learned parameter where the spec has literals: the endpoint stands for all of them.
      const all = matcher.matchAll(e.method, e.pathTemplate, { coarse: true });
      hit = all[0];
      alsoCovers = [...new Set(all.slice(1).map((m) => m.value))].filter((op) => op !== hit?.value);
    }
    if (hit) {
      seen.add(hit.value);
      for (const op of alsoCovers) seen.add(op);
      const entry: MatchedEntry = { ...ref, operation: opRef(hit.value, hit.template), fit: hit.fit };
      if (alsoCovers.length > 0) entry.alsoCovers = alsoCovers.map((op) => opRef(op, op.fullPaths[0]));
      report.matched.push(entry);
      if (hit.value.deprecated) {
        report.zombie.push({ ...ref, kind: 'deprecated', reason: 'the spec marks this operation deprecated and it is still called', operation: entry.operation });
      }
    }
    const newer = newerVersion(e, hit?.value, matcher, versionTokens);
    if (newer) {
      const z: ZombieEntry = { ...ref, kind: 'superseded', reason: newer.reason, newer: opRef(newer.op, newer.template) };
      if (hit) z.operation = opRef(hit.value, hit.template);
      report.zombie.push(z);
    } else if (!hit) report.shadow.push(ref);
  }

  for (const op of spec.operations) if (!seen.has(op)) report.orphan.push(opRef(op, op.fullPaths[0] ?? op.path));

  const byEndpoint = (a: EndpointRef, b: EndpointRef): number => cmp(a.pathTemplate, b.pathTemplate) || cmp(a.method, b.method) || cmp(a.host, b.host) || cmp(a.endpointId, b.endpointId);
  report.matched.sort(byEndpoint);
  report.shadow.sort(byEndpoint);
  report.zombie.sort((a, b) => byEndpoint(a, b) || cmp(a.kind, b.kind));
  report.orphan.sort((a, b) => cmp(a.fullPath, b.fullPath) || cmp(a.method, b.method));
  report.ignored.sort(byEndpoint);
  report.summary = {
    ...report.summary,
    matched: report.matched.length,
    shadow: report.shadow.length,
    zombie: report.zombie.length,
    orphan: report.orphan.length,
    ignored: report.ignored.length,
  };
  return report;
}

/** Spec operations as templates a templater must keep (`pins`): one per method and full path. */
export function pinnedTemplates(spec: Pick<SpecResult, 'operations'>): { method: string; template: string }[] {
  const out = new Map<string, { method: string; template: string }>();
  for (const op of spec.operations) for (const template of op.fullPaths) out.set(`${op.method} ${template}`, { method: op.method, template });
  return [...out.values()].sort((a, b) => cmp(a.template, b.template) || cmp(a.method, b.method));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function endpointRef(e: InventoryEndpoint): EndpointRef {
  return { endpointId: e.id, app: e.app, host: e.host, method: e.method, pathTemplate: e.pathTemplate, calls: e.counts.calls, lastSeen: e.lastSeen };
}

function opRef(op: SpecOperation, fullPath: string): OperationRef {
  const r: OperationRef = { method: op.method, path: op.path, fullPath, deprecated: op.deprecated };
  if (op.operationId) r.operationId = op.operationId;
  return r;
}

/** Version-like literal segments the spec uses, by position: where a newer version could be. */
function specVersionTokens(spec: SpecResult): Map<number, Map<string, Version>> {
  const out = new Map<number, Map<string, Version>>();
  for (const op of spec.operations) {
    for (const full of op.fullPaths) {
      pathSegments(full).forEach((seg, i) => {
        const v = segmentVersion(seg);
        if (!v) return;
        const at = out.get(i) ?? new Map<string, Version>();
        at.set(seg, v);
        out.set(i, at);
      });
    }
  }
  return out;
}

type Matcher = ReturnType<typeof compileSpecMatcher>;

function newerVersion(e: InventoryEndpoint, op: SpecOperation | undefined, matcher: Matcher, tokens: Map<number, Map<string, Version>>): { op: SpecOperation; template: string; reason: string } | undefined {
  // 1. A version segment in the path, and the same path with a higher version is documented.
  const segs = pathSegments(e.pathTemplate);
  let best: { op: SpecOperation; template: string; reason: string; v: Version } | undefined;
  segs.forEach((seg, i) => {
    const v = segmentVersion(seg);
    if (!v) return;
    for (const [token, tv] of tokens.get(i) ?? []) {
      if (compareVersions(tv, v) <= 0 || (best && compareVersions(tv, best.v) <= 0)) continue;
      const candidate = '/' + segs.map((s, k) => (k === i ? token : s)).join('/');
      const hit = matcher.match(e.method, candidate) ?? matcher.match(e.method, candidate, { coarse: true });
      if (hit && pathSegments(hit.template)[i] === token) best = { op: hit.value, template: hit.template, v: tv, reason: `path version ${seg} while the spec documents ${token}` };
    }
  });
  if (best) return best;
  if (!op) return undefined;

  // 2. A version query parameter older than the spec documents for the same operation.
  for (const p of e.params) {
    if (p.in !== 'query' || !VERSION_PARAM.test(p.name) || p.example === undefined) continue;
    const seen = valueVersion(p.example);
    const documented = op.queryParams.find((q) => q.name.toLowerCase() === p.name.toLowerCase());
    const latest = documented?.schema ? maxVersion([...(documented.schema.enum ?? []), documented.schema.example]) : undefined;
    if (seen && latest && compareVersions(seen, latest.version) < 0) {
      return { op, template: op.fullPaths[0], reason: `query ${p.name}=${p.example} while the spec documents ${latest.raw}` };
    }
  }

  // 3. A versioned media type older than every one the spec names for the operation.
  const latestMedia = maxVersion(op.contentTypes.map(mediaTypeVersion).filter((v): v is Version => v !== undefined).map(formatVersion));
  if (latestMedia) {
    for (const t of [...e.requestContentTypes, ...e.responseContentTypes]) {
      const v = mediaTypeVersion(t);
      if (v && compareVersions(v, latestMedia.version) < 0) return { op, template: op.fullPaths[0], reason: `media type ${t} while the spec documents version ${latestMedia.raw}` };
    }
  }
  return undefined;
}
