/**
 * The endpoint catalog: applications (by host, with aliases), one path trie each, endpoint stats
 * at the trie's nodes, lifecycle states in event time. Fed one Exchange at a time; `finish()`
 * learns templates, updates lifecycles and hands back what changed for the store. State can be
 * restored from the store (`restoreApp`), so a second capture updates the same inventory.
 */
import type { ApiOperation, AuthKind, FormatInfo, LifecycleState, SegmentKind } from '../../../core/endpoint.js';
import { exchangeHost, type Exchange } from '../../../core/exchange.js';
import { detectAuth } from '../auth/index.js';
import { DEFAULT_DISCOVERY, parseTemplateRule, type DiscoveryConfig } from '../config.js';
import { classifyFormat } from '../formats/index.js';
import type { PathPiiCheck, SegmentOptions } from '../templating/segments.js';
import { PathTrie, type PathNode, type TrieEvent, type TrieHooks } from '../templating/trie.js';
import { EndpointStats } from './stats.js';
import { loadTrie, saveTrie } from './trie-json.js';

const DAY = 86_400_000;
/** path segments looked at; deeper ones are folded into the last */
const MAX_SEGMENTS = 32;
/** formats whose operation name is part of the endpoint's identity (one URL, many operations) */
const OPERATION_KEYED = new Set(['graphql', 'soap', 'json-rpc', 'xml-rpc']);
const PII_KINDS: ReadonlySet<SegmentKind> = new Set(['cn_id', 'cn_mobile', 'bank_card', 'email']);

export class AppState {
  hosts = new Set<string>();
  calls = 0;
  staticCalls = 0;
  firstSeen = '';
  lastSeen = '';
  dirty = true;
  /** learning events (merges, unbounded paths) not yet saved */
  events: (TrieEvent & { ts: string })[] = [];
  sinceLearn = 0;

  constructor(
    readonly name: string,
    readonly trie: PathTrie<EndpointStats>,
  ) {}
}

/** What the catalog concluded about one Exchange. */
export interface Conclusion {
  app: AppState;
  node: PathNode<EndpointStats>;
  stats: EndpointStats;
  format: FormatInfo;
  /** the request target's path and query, and the credential kind it carried (computed once, here) */
  path: string;
  query: string | undefined;
  auth: AuthKind;
}

export interface EndpointChange {
  app: string;
  method: string;
  operation?: ApiOperation;
  pathTemplate: string;
  pathParams: { name: string; kind: SegmentKind }[];
  stats: EndpointStats;
}

export interface CatalogChanges {
  apps: AppState[];
  endpoints: EndpointChange[];
  /** store rows folded into others */
  absorbed: { into: EndpointStats; ids: number[] }[];
  watermark: string;
}

const hooks: TrieHooks<EndpointStats> = {
  merge: (into, from) => into.merge(from),
  shape: (e) => e.shapeSet(),
  moved: (e) => {
    e.dirty = true;
  },
};

export function normaliseHost(h: string): string {
  let host = h.trim().toLowerCase();
  if (host.endsWith(':80') || host.endsWith(':443')) host = host.slice(0, host.lastIndexOf(':'));
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Path and query of a request target (origin or absolute form). */
export function splitTarget(url: string): { path: string; query: string | undefined } {
  let u = url;
  if (u.charCodeAt(0) !== 47) {
    const scheme = u.indexOf('://');
    if (scheme > 0) {
      const slash = u.indexOf('/', scheme + 3);
      u = slash < 0 ? '/' : u.slice(slash);
    } else if (u !== '*') u = `/${u}`;
  }
  const hash = u.indexOf('#');
  if (hash >= 0) u = u.slice(0, hash);
  const q = u.indexOf('?');
  return q < 0 ? { path: u, query: undefined } : { path: u.slice(0, q), query: u.slice(q + 1) };
}

export function pathSegments(path: string): string[] {
  const s = path.split('/');
  s.shift();
  if (s.length > 1 && s[s.length - 1] === '') s.pop();
  if (s.length === 1 && s[0] === '') s.pop();
  if (s.length > MAX_SEGMENTS) s.splice(MAX_SEGMENTS - 1, s.length, s.slice(MAX_SEGMENTS - 1).join('/'));
  return s;
}

export interface CatalogOptions {
  config?: DiscoveryConfig;
  /** validators for personal data in paths (from the sensitive-data recognisers) */
  pii?: readonly PathPiiCheck[];
}

export class Catalog {
  /** the application of the last exchange observed when it was a static asset (no endpoint), else undefined */
  lastStatic: string | undefined;
  readonly apps = new Map<string, AppState>();
  private readonly hostApp = new Map<string, AppState>();
  readonly config: DiscoveryConfig;
  private readonly wildcard: [string, string][];
  private readonly baseOpts: SegmentOptions;
  watermark = '';
  /** exchanges not put in the inventory: no request line seen */
  skipped = 0;

  constructor(private readonly opts: CatalogOptions = {}) {
    this.config = opts.config ?? DEFAULT_DISCOVERY;
    this.wildcard = Object.entries(this.config.apps.aliases)
      .filter(([h]) => h.startsWith('*.'))
      .map(([h, a]) => [h.slice(1).toLowerCase(), a]);
    this.baseOpts = {
      params: this.config.params.map((p) => ({ re: new RegExp(p.pattern), name: p.name })),
      pii: opts.pii,
    };
  }

  private appName(host: string): string {
    const alias = this.config.apps.aliases[host];
    if (alias) return alias;
    for (const [suffix, a] of this.wildcard) if (host.endsWith(suffix)) return a;
    return host;
  }

  /** The application state for a name, created (with pins) on first use. */
  app(name: string): AppState {
    let a = this.apps.get(name);
    if (a) return a;
    const words = new Set([...this.config.words, ...(this.config.appWords[name] ?? [])].map((w) => w.toLowerCase()));
    const trie = new PathTrie<EndpointStats>(hooks, this.config.limits, { ...this.baseOpts, words });
    a = new AppState(name, trie);
    for (const rule of this.config.pins) {
      const r = parseTemplateRule(rule);
      if (!r.app || r.app === name) trie.pin(pathSegments(r.path));
    }
    for (const rule of this.config.neverMerge) {
      const r = parseTemplateRule(rule);
      if (!r.app || r.app === name) trie.pin(pathSegments(r.path), { noMerge: true });
    }
    this.apps.set(name, a);
    return a;
  }

  private appFor(ex: Exchange): AppState {
    const raw = exchangeHost(ex);
    let a = this.hostApp.get(raw);
    if (a) return a;
    const host = normaliseHost(raw);
    let name = this.appName(host);
    if (!this.apps.has(name) && this.apps.size >= this.config.limits.maxApps) name = '{other}';
    a = this.app(name);
    if (a.hosts.size < 20) a.hosts.add(host);
    if (this.hostApp.size < 10_000) this.hostApp.set(raw, a);
    return a;
  }

  observe(ex: Exchange): Conclusion | undefined {
    this.lastStatic = undefined;
    const method = ex.request.method;
    if (method === '' || method === 'CONNECT') {
      this.skipped++;
      return undefined;
    }
    const ts = ex.ts;
    if (ts > this.watermark) this.watermark = ts;
    const app = this.appFor(ex);
    app.calls++;
    app.dirty = true;
    if (app.firstSeen === '' || ts < app.firstSeen) app.firstSeen = ts;
    if (ts > app.lastSeen) app.lastSeen = ts;
    const format = classifyFormat(ex);
    if (format.format === 'static') {
      app.staticCalls++;
      this.lastStatic = app.name;
      return undefined;
    }
    const { path, query } = splitTarget(ex.request.url);
    const node = app.trie.walk(pathSegments(path));
    const op = OPERATION_KEYED.has(format.format) ? format.operation : undefined;
    const key = op ? `${method} ${op.name}` : method;
    const stats =
      node.endpoints?.get(key) ??
      app.trie.payload(node, key, () => {
        const s = new EndpointStats(method, op);
        s.events.push({ ts, from: null, to: 'new' });
        return s;
      });
    if (stats.lastSeen !== '') this.gapCheck(stats, ts);
    const auth = detectAuth(ex.request);
    stats.observe(ex, auth, format.format, path, query);
    if (format.notes) for (const n of format.notes) if (stats.flags.size < 20) stats.flags.add(n);
    if (++app.sinceLearn >= 4096) {
      app.sinceLearn = 0;
      this.learn(app, ts);
    }
    return { app, node, stats, format, path, query, auth };
  }

  /**
   * What the learned catalog says about an exchange, without learning from it (the second pass of
   * `inspect`): its application, endpoint node and statistics, and format.
   */
  resolve(ex: Exchange): { app: string; host: string; method: string; template: string; stats?: EndpointStats; format: FormatInfo } | undefined {
    const r = this.locate(ex);
    if (!r) return undefined;
    const { app, host, method, node, format } = r;
    if (!app || !node) return { app: app?.name ?? host, host, method, template: r.path, format };
    return { app: app.name, host, method, template: app.trie.template(node), stats: r.stats, format };
  }

  /** Like `resolve`, as the Conclusion `observe` gives (for detectors in `inspect`'s second pass); undefined when not in the catalog. */
  conclusionFor(ex: Exchange): Conclusion | undefined {
    const r = this.locate(ex);
    return r?.app && r.node && r.stats ? { app: r.app, node: r.node, stats: r.stats, format: r.format, path: r.path, query: splitTarget(ex.request.url).query, auth: detectAuth(ex.request) } : undefined;
  }

  private locate(ex: Exchange): { app?: AppState; host: string; method: string; path: string; node?: PathNode<EndpointStats>; stats?: EndpointStats; format: FormatInfo } | undefined {
    const method = ex.request.method;
    if (method === '' || method === 'CONNECT') return undefined;
    const raw = exchangeHost(ex);
    const host = normaliseHost(raw);
    const app = this.hostApp.get(raw) ?? this.apps.get(this.appName(host));
    const format = classifyFormat(ex);
    const { path } = splitTarget(ex.request.url);
    const node = format.format === 'static' ? undefined : app?.trie.resolve(pathSegments(path));
    if (!app || !node) return { app, host, method, path, format };
    const op = OPERATION_KEYED.has(format.format) ? format.operation : undefined;
    const stats = node.endpoints?.get(op ? `${method} ${op.name}` : method) ?? node.endpoints?.get(`${method} {other}`);
    return { app, host, method, path, node, stats, format };
  }

  /** Calls again after a quiet spell longer than the inactivity window: inactive, then revived. */
  private gapCheck(s: EndpointStats, ts: string): void {
    if (s.state === 'inactive') {
      s.events.push({ ts, from: 'inactive', to: 'revived' });
      s.state = 'revived';
      s.stateSince = ts;
      return;
    }
    if (ts.slice(0, 10) === s.lastSeen.slice(0, 10)) return; // same day: no window is that short
    const gap = Date.parse(ts) - Date.parse(s.lastSeen);
    const inactive = this.config.lifecycle.inactiveDays * DAY;
    if (gap > inactive) {
      s.events.push({ ts: new Date(Date.parse(s.lastSeen) + inactive).toISOString(), from: s.state, to: 'inactive' });
      s.events.push({ ts, from: 'inactive', to: 'revived' });
      s.state = 'revived';
      s.stateSince = ts;
    }
  }

  private learn(app: AppState, ts: string): void {
    app.trie.learn();
    for (const e of app.trie.drainEvents()) if (app.events.length < 1000) app.events.push({ ...e, ts });
  }

  /** Lifecycle against the watermark (the latest event time seen): new → active, → inactive. */
  private lifecycle(s: EndpointStats, now: number): void {
    const newMs = this.config.lifecycle.newDays * DAY;
    const inactiveMs = this.config.lifecycle.inactiveDays * DAY;
    const last = Date.parse(s.lastSeen);
    const step = (to: LifecycleState, at: number): void => {
      s.events.push({ ts: new Date(at).toISOString(), from: s.state, to });
      s.state = to;
      s.stateSince = new Date(at).toISOString();
      s.dirty = true;
    };
    // new (or revived) turns active after the window, if it had not gone quiet before that
    const activeAt = Date.parse(s.stateSince) + newMs;
    if ((s.state === 'new' || s.state === 'revived') && now > activeAt && activeAt < last + inactiveMs) step('active', activeAt);
    if (s.state !== 'inactive' && now - last > inactiveMs) step('inactive', last + inactiveMs);
  }

  /** Learn, update lifecycles, and collect what changed since the last call. */
  finish(): CatalogChanges {
    const endpoints: EndpointChange[] = [];
    const absorbed: CatalogChanges['absorbed'] = [];
    const now = this.watermark ? Date.parse(this.watermark) : 0;
    const apps: AppState[] = [];
    for (const app of this.apps.values()) {
      this.learn(app, this.watermark);
      for (const [node, template] of app.trie.entries()) {
        const pathParams = paramsOf(node, template);
        const pii = pathParams.filter((p) => PII_KINDS.has(p.kind));
        for (const [, stats] of node.endpoints!) {
          if (now) this.lifecycle(stats, now);
          for (const p of pii) stats.flags.add(`pii-in-path:${p.kind}`);
          if (stats.absorbed.length) absorbed.push({ into: stats, ids: stats.absorbed });
          if (!stats.dirty && !stats.events.length) continue;
          endpoints.push({ app: app.name, method: stats.method, operation: stats.operation, pathTemplate: template, pathParams, stats });
        }
      }
      if (app.dirty || app.events.length) apps.push(app);
    }
    return { apps, endpoints, absorbed, watermark: this.watermark };
  }

  /** After the store saved a `finish()`: clear deltas. */
  saved(changes: CatalogChanges): void {
    for (const e of changes.endpoints) {
      e.stats.dirty = false;
      e.stats.clearBuckets();
      e.stats.events = [];
      e.stats.absorbed = [];
    }
    for (const a of changes.absorbed) a.into.absorbed = [];
    for (const a of changes.apps) {
      a.dirty = false;
      a.events = [];
    }
  }

  /** Restore an application (trie and endpoints) saved by the store. */
  restoreApp(
    name: string,
    state: { hosts: string[]; calls: number; staticCalls: number; firstSeen: string; lastSeen: string; trie: unknown },
    endpoints: { template: string; stats: EndpointStats }[],
  ): void {
    const app = this.app(name);
    for (const h of state.hosts) app.hosts.add(h);
    app.calls = state.calls;
    app.staticCalls = state.staticCalls;
    app.firstSeen = state.firstSeen;
    app.lastSeen = state.lastSeen;
    app.dirty = false;
    loadTrie(app.trie, state.trie);
    for (const e of endpoints) {
      const segs = pathSegments(e.template);
      const node = app.trie.resolve(segs) ?? app.trie.walk(segs);
      const key = e.stats.operation ? `${e.stats.method} ${e.stats.operation.name}` : e.stats.method;
      const there = node.endpoints?.get(key);
      if (there) there.merge(e.stats);
      else (node.endpoints ??= new Map()).set(key, e.stats);
    }
    for (const h of state.hosts) if (this.hostApp.size < 10_000) this.hostApp.set(h, app);
  }

  /** The trie of an app as JSON for the store. */
  trieJson(app: AppState): unknown {
    return saveTrie(app.trie);
  }
}

/** The path parameters of a node's template, each with the kind of value it showed. */
export function paramsOf(node: PathNode<EndpointStats>, template: string): { name: string; kind: SegmentKind }[] {
  const kinds: SegmentKind[] = [];
  for (let n: PathNode<EndpointStats> | undefined = node; n && n.parent; n = n.parent) {
    if (n.isParam) kinds.unshift(pickKind(n.kinds));
  }
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return names.map((name, i) => ({ name, kind: kinds[i] ?? 'string' }));
}

/** The kind a parameter showed: personal data first; one kind as is; mixed id shapes are `id`. */
function pickKind(kinds: Set<SegmentKind> | undefined): SegmentKind {
  if (!kinds || kinds.size === 0) return 'string';
  for (const k of PII_KINDS) if (kinds.has(k)) return k;
  if (kinds.size === 1) return [...kinds][0]!;
  return kinds.has('string') ? 'string' : 'id';
}
