/**
 * From an endpoint's statistics to what the inventory says about it: format, function classes
 * (with reasons), service object, auth kinds, parameters with types, response shape, latency.
 */
import type { AuthKind, InventoryEndpoint, ParamInfo, PathParam } from '../../core/endpoint.js';
import type { EndpointChange } from './catalog/catalog.js';
import type { EndpointStats } from './catalog/stats.js';
import { typeNames } from './catalog/shape.js';
import type { EndpointFeatures } from './functions/features.js';
import { classifyFunctions, classifyServiceObject, type ServiceObjectHints } from './functions/index.js';

function sortedKeys<K>(m: Map<K, number>): K[] {
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

export function paramsOf(s: EndpointStats, pathParams: PathParam[]): ParamInfo[] {
  const out: ParamInfo[] = pathParams.map((p) => ({ name: p.name, in: 'path', types: [p.kind === 'integer' ? 'integer' : 'string'], count: s.calls }));
  for (const [name, p] of s.params) {
    const info: ParamInfo = { name, in: p.in, types: typeNames(p.bits), count: p.count };
    if (p.example !== undefined) info.example = p.example;
    out.push(info);
  }
  return out;
}

export function featuresOf(s: EndpointStats, pathTemplate: string, pathParams: PathParam[]): EndpointFeatures {
  const auth: Partial<Record<AuthKind, number>> = {};
  for (const [k, v] of s.auth) auth[k] = v;
  return {
    method: s.method,
    pathTemplate,
    format: s.format(),
    operation: s.operation,
    requestParams: paramsOf(s, pathParams),
    responseShape: Object.fromEntries([...s.shape].map(([k, b]) => [k, typeNames(b)])),
    requestContentTypes: sortedKeys(s.requestTypes),
    responseContentTypes: sortedKeys(s.responseTypes),
    calls: s.calls,
    status: s.status(),
    setsCookie: s.setsCookie,
    returnsToken: s.returnsToken,
    attachments: s.attachments,
    maxResponseArray: s.maxResponseArray,
    avgResponseBytes: s.responses ? Math.round(s.responseBytes / s.responses) : 0,
    clients: { public: s.publicClients.count(), private: s.privateClients.count() },
    auth,
  };
}

/** What the inventory says about an endpoint (id and host filled in by the caller). */
export function conclude(e: EndpointChange, hints?: ServiceObjectHints): Omit<InventoryEndpoint, 'id' | 'host'> {
  const s = e.stats;
  const f = featuresOf(s, e.pathTemplate, e.pathParams);
  const functions = classifyFunctions(f);
  const so = classifyServiceObject(f, hints);
  const auth = sortedKeys(s.auth);
  const out: Omit<InventoryEndpoint, 'id' | 'host'> = {
    app: e.app,
    method: e.method,
    pathTemplate: e.pathTemplate,
    pathParams: e.pathParams,
    format: f.format,
    functions: functions.map((c) => c.value),
    functionReasons: functions,
    serviceObject: so.value,
    serviceObjectReason: so.reason,
    // kinds seen, most frequent first, `none` last when some requests carried credentials
    auth: [...auth.filter((a) => a !== 'none'), ...auth.filter((a) => a === 'none')],
    state: s.state,
    counts: { calls: s.calls, clients: s.clients(), status: f.status },
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    params: f.requestParams,
    responseShape: f.responseShape,
    requestContentTypes: f.requestContentTypes,
    responseContentTypes: f.responseContentTypes,
    examples: s.examples,
    flags: [...s.flags].sort(),
  };
  if (e.operation) out.operation = e.operation;
  if (s.latency.count) {
    const q = (x: number): number => Math.round(s.latency.quantile(x) * 100) / 100;
    out.latencyMs = { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: Math.round(s.latency.max * 100) / 100 };
  }
  return out;
}
