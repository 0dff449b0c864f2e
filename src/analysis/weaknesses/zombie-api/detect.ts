/**
 * zombie-api: old API versions still answered. With documented specs (Guanlan's and `specFiles`),
 * what `guanlan diff` calls zombie for the applications a spec covers: an operation the spec marks
 * deprecated, or an older version of one it documents (path version, version query parameter or
 * versioned media type). Without a spec for the endpoint: `/v1/x` still answered 2xx while
 * `/v2/x` (same application, method and rest of the template) is answered too, and (by default)
 * `/v1/x` was still called after `/v2/x` first appeared. Endpoints that only get errors (a
 * retired version answering 404/410) are not in use.
 *
 * Why this way: an end-of-input pass over the inventory, reusing the diff and version logic of
 * the openapi module rather than a second copy of it; nothing runs per exchange except a sampled
 * host record when a spec names hosts.
 */
import { pathSegments } from '../../endpoints/openapi/match.js';
import { compareVersions, formatVersion, segmentVersion, type Version } from '../../endpoints/openapi/versions.js';
import { defineDetector, type EndpointView, type Reporter } from '../types.js';
import { descriptor } from './descriptor.js';
import { AppHosts, diffCovered, documentedSpecs, successCalls } from './specs.js';

interface Versioned {
  view: EndpointView;
  version: Version;
  segment: string;
}

/** Endpoints grouped by application, method and template with the (first) version segment left out. */
function versionGroups(views: readonly EndpointView[]): Map<string, Versioned[]> {
  const groups = new Map<string, Versioned[]>();
  for (const view of views) {
    const segs = pathSegments(view.pathTemplate);
    const i = segs.findIndex((s) => segmentVersion(s) !== undefined);
    if (i < 0) continue;
    const key = `${view.app}\n${view.method}\n${view.operation ?? ''}\n${segs.map((s, k) => (k === i ? '*' : s.replace(/\{[^{}/]*\}/g, '{}'))).join('/')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ view, version: segmentVersion(segs[i]!)!, segment: segs[i]! });
  }
  return groups;
}

export const zombieApi = defineDetector({
  descriptor,
  create: (p, ctx) => {
    const specs = documentedSpecs(p.specFiles, ctx);
    const hosts = new AppHosts();
    const inUse = (v: EndpointView): boolean => v.method !== 'OPTIONS' && successCalls(v.stats) >= p.minSuccessCalls;

    const onFinish = (endpoints: readonly EndpointView[], report: Reporter): void => {
      const views = endpoints.filter(inUse);
      const done = new Set<EndpointView>();

      for (const d of diffCovered(views, specs, hosts, p)) {
        for (const z of d.report.zombie) {
          const v = d.views.get(z.endpointId);
          if (!v || done.has(v)) continue;
          done.add(v);
          const ok = successCalls(v.stats);
          const what =
            z.kind === 'deprecated'
              ? `spec "${d.spec.name}" marks ${z.operation?.method ?? v.method} ${z.operation?.fullPath ?? v.pathTemplate} deprecated`
              : `superseded: ${z.reason} (${z.newer ? `${z.newer.method} ${z.newer.fullPath}` : 'a newer version'} in spec "${d.spec.name}")`;
          report({
            at: v,
            location: '',
            detail: `still answered (${ok} of ${v.stats.calls} calls 2xx, last ${v.stats.lastSeen}) although ${what}`,
            data: { kind: z.kind, spec: d.spec.name, reason: z.reason, newer: z.newer?.fullPath ?? null, operation: z.operation?.fullPath ?? null, calls: v.stats.calls, successCalls: ok, lastSeen: v.stats.lastSeen },
          });
        }
      }

      for (const group of versionGroups(views).values()) {
        if (group.length < 2) continue;
        let newest = group[0]!;
        for (const g of group) if (compareVersions(g.version, newest.version) > 0) newest = g;
        for (const old of group) {
          if (done.has(old.view) || compareVersions(old.version, newest.version) >= 0) continue;
          if (p.requireOverlap && old.view.stats.lastSeen < newest.view.stats.firstSeen) continue;
          done.add(old.view);
          const ok = successCalls(old.view.stats);
          report({
            at: old.view,
            location: '',
            detail: `${old.segment} still answered (${ok} of ${old.view.stats.calls} calls 2xx, last ${old.view.stats.lastSeen}) while ${newest.segment} serves ${newest.view.method} ${newest.view.pathTemplate} (${newest.view.stats.calls} calls)`,
            data: {
              kind: 'superseded',
              spec: null,
              version: formatVersion(old.version),
              newerVersion: formatVersion(newest.version),
              newer: newest.view.pathTemplate,
              calls: old.view.stats.calls,
              successCalls: ok,
              newerCalls: newest.view.stats.calls,
              lastSeen: old.view.stats.lastSeen,
            },
          });
        }
      }
    };

    const needHosts = specs.some((s) => s.hosts.length > 0);
    return needHosts ? { onExchange: (f) => hosts.observe(f), onFinish } : { onFinish };
  },
});
