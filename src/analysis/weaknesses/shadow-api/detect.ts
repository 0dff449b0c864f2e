/**
 * shadow-api: endpoints answered 2xx but documented in none of the specs that cover their
 * application (Guanlan's specs and `specFiles`). With no spec, nothing is reported: every
 * endpoint would be "undocumented". A spec covers the applications reached at its servers'
 * hosts, or (naming no host) those where at least one of its operations was seen; with base paths
 * on every server only endpoints under their first segment. CORS preflights, endpoints that only
 * got errors (probes of a scanner), health checks and static assets are left out; an older
 * version of a documented API is a zombie (zombie-api), not a shadow.
 *
 * Why this way: `diffInventory`'s shadow list (the same matching as `guanlan diff`), per spec;
 * an endpoint is shadow when every spec covering it leaves it undocumented.
 */
import { AppHosts, diffCovered, documentedSpecs, successCalls } from '../zombie-api/specs.js';
import { defineDetector, type EndpointView } from '../types.js';
import { descriptor } from './descriptor.js';

export const shadowApi = defineDetector({
  descriptor,
  create: (p, ctx) => {
    const specs = documentedSpecs(p.specFiles, ctx);
    if (specs.length === 0) return {};
    const hosts = new AppHosts();
    const ignored = new Set<string>(p.ignoreFunctions);

    const inScope = (v: EndpointView): boolean => {
      if (v.method === 'OPTIONS' || successCalls(v.stats) < p.minSuccessCalls) return false;
      if (ignored.size > 0) for (const fn of v.functions()) if (ignored.has(fn)) return false;
      return true;
    };

    return {
      ...(specs.some((s) => s.hosts.length > 0) ? { onExchange: (f) => hosts.observe(f) } : {}),
      onFinish(endpoints, report) {
        const views = endpoints.filter(inScope);
        /** per endpoint: specs covering it, and those leaving it undocumented */
        const covered = new Map<EndpointView, { specs: number; undocumented: string[] }>();
        for (const d of diffCovered(views, specs, hosts, p)) {
          const shadow = new Set(d.report.shadow.map((s) => s.endpointId));
          for (const [id, v] of d.views) {
            let c = covered.get(v);
            if (!c) covered.set(v, (c = { specs: 0, undocumented: [] }));
            c.specs++;
            if (shadow.has(id)) c.undocumented.push(d.spec.name);
          }
        }
        for (const [v, c] of covered) {
          if (c.undocumented.length === 0 || c.undocumented.length < c.specs) continue;
          const ok = successCalls(v.stats);
          report({
            at: v,
            location: '',
            detail: `${v.method} ${v.pathTemplate} answered ${ok} of ${v.stats.calls} calls 2xx but is documented in none of ${c.undocumented.map((n) => `"${n}"`).join(', ')}`,
            data: { specs: c.undocumented, calls: v.stats.calls, successCalls: ok, firstSeen: v.stats.firstSeen, lastSeen: v.stats.lastSeen },
          });
        }
      },
    };
  },
});
