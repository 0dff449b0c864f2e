/**
 * crawler: per client (address + device digest) over a sliding window, the shape of what it
 * asks: how many requests, how many distinct paths and endpoint templates (coverage), how regular
 * the gaps between requests are (coefficient of variation), and what its headers say (headless
 * browser or scripting tool User-Agent, no cookie nor credential, a browser without
 * Accept-Language), plus whether it fetches static assets with its pages where assets are seen
 * at all. Once the client passes the volume and coverage gates, each signal scores 1; it fires
 * at `minScore`. A partner server calling its few endpoints at a steady pace fails coverage; a
 * person browsing fails the beat, the rate and the headers.
 *
 * Why this way: every step is a few additions and two 32-byte distinct counters per client; the
 * User-Agent verdict is cached per distinct User-Agent; bodies are never read.
 */
import { defineRisk, type RiskFacts } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { Halves, clientKey, hashString, LinearCount, type HalfState } from '../dumping/leakage.js';
import { descriptor } from './descriptor.js';
import { BROWSER, HEADLESS, TOOL, userAgentClass } from './user-agent.js';

interface Agg {
  first: number;
  requests: number;
  gaps: number;
  gapSum: number;
  gapSq: number;
  paths: LinearCount;
  templates: LinearCount;
  /** requests that carried a cookie or a credential */
  credentialed: number;
  /** HTML pages, and static assets */
  pages: number;
  assets: number;
  /** requests with a tool or headless User-Agent, with headless, a browser User-Agent without Accept-Language */
  automated: number;
  headless: number;
  browserNoLanguage: number;
}

interface ClientState {
  w: HalfState<Agg>;
  last: number;
}

/** distinct User-Agents whose verdict is cached (the cache starts over when full) */
const MAX_UA_CACHE = 4096;
/** applications on which static assets were seen (where "no assets" means something) */
const MAX_APPS = 1024;
const ASSET_PATH = /\.(?:js|mjs|css|png|jpe?g|gif|svg|webp|ico|woff2?|ttf|eot|map)$/i;

function isAsset(f: RiskFacts): boolean {
  return f.format.format === 'static' || ASSET_PATH.test(f.path);
}

export const crawlerRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const maxGapMs = p.maxGapSeconds * 1000;
    const halves = new Halves<Agg>(windowMs, (): Agg => ({
      first: -1, requests: 0, gaps: 0, gapSum: 0, gapSq: 0, paths: new LinearCount(), templates: new LinearCount(),
      credentialed: 0, pages: 0, assets: 0, automated: 0, headless: 0, browserNoLanguage: 0,
    }));
    const clients = new KeyedStore<string, ClientState>({ maxKeys: p.maxClients, ttlMs: windowMs });
    const fresh = (_k: string, ts: number): ClientState => ({ w: halves.create(ts), last: -1 });
    const uaCache = new Map<string, number>();
    const appsWithAssets = new Set<string>();

    const uaClass = (ua: string | undefined): number => {
      const k = ua ?? '';
      let c = uaCache.get(k);
      if (c === undefined) {
        if (uaCache.size >= MAX_UA_CACHE) uaCache.clear();
        uaCache.set(k, (c = userAgentClass(ua)));
      }
      return c;
    };

    return {
      onStatic(st) {
        // a browser fetches the page's scripts, styles and images; a crawler of pages does not
        if (appsWithAssets.size < MAX_APPS) appsWithAssets.add(st.app);
        const d = st.identity.device;
        const s = clients.upsert(d ? `${st.identity.client}|${d}` : st.identity.client, st.tsMs, fresh);
        halves.at(s.w, st.tsMs).assets++;
      },
      onExchange(f, emit) {
        const s = clients.upsert(clientKey(f), f.tsMs, fresh);
        const a = halves.at(s.w, f.tsMs);
        if (isAsset(f)) {
          a.assets++;
          if (appsWithAssets.size < MAX_APPS) appsWithAssets.add(f.app);
          return;
        }
        if (a.first < 0) a.first = f.tsMs;
        a.requests++;
        const gap = f.tsMs - s.last;
        if (s.last >= 0 && gap >= 0 && gap <= maxGapMs) {
          a.gaps++;
          a.gapSum += gap;
          a.gapSq += gap * gap;
        }
        if (f.tsMs > s.last) s.last = f.tsMs;
        a.paths.add(hashString(f.path));
        a.templates.add(hashString(f.template()));
        if (f.auth !== 'none' || f.requestHeader('cookie') !== undefined) a.credentialed++;
        if (f.format.format === 'html') a.pages++;
        const ua = uaClass(f.requestHeader('user-agent'));
        if (ua & (TOOL | HEADLESS)) a.automated++;
        if (ua & HEADLESS) a.headless++;
        else if (ua & BROWSER && f.requestHeader('accept-language') === undefined) a.browserNoLanguage++;

        // gates: volume, then coverage
        const b = s.w.prev;
        const requests = a.requests + (b?.requests ?? 0);
        if (requests < p.minRequests) return;
        const paths = Math.min(requests, a.paths.estimate(b?.paths));
        if (paths < p.minDistinctPaths) return;
        const templates = Math.min(requests, a.templates.estimate(b?.templates));
        if (templates < p.minDistinctTemplates) return;

        const signals: string[] = [];
        const since = b && b.first >= 0 ? b.first : a.first;
        const perMinute = (requests * 60_000) / Math.max(f.tsMs - since, 60_000);
        if (perMinute >= p.fastPerMinute) signals.push(`${perMinute.toFixed(0)}/min`);
        const gaps = a.gaps + (b?.gaps ?? 0);
        if (gaps >= 10) {
          const mean = (a.gapSum + (b?.gapSum ?? 0)) / gaps;
          const variance = Math.max(0, (a.gapSq + (b?.gapSq ?? 0)) / gaps - mean * mean);
          const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
          if (cv <= p.maxGapCv) signals.push(`regular beat ${(mean / 1000).toFixed(1)} s (cv ${cv.toFixed(2)})`);
        }
        const automated = a.automated + (b?.automated ?? 0);
        if (automated * 2 >= requests) signals.push(a.headless + (b?.headless ?? 0) > 0 ? 'headless browser' : 'tool User-Agent');
        if (a.credentialed + (b?.credentialed ?? 0) === 0) signals.push('no cookie');
        const pages = a.pages + (b?.pages ?? 0);
        if (pages >= p.minPagesWithoutAssets && a.assets + (b?.assets ?? 0) === 0 && appsWithAssets.has(f.app)) signals.push(`${pages} pages without assets`);
        if ((a.browserNoLanguage + (b?.browserNoLanguage ?? 0)) * 2 >= requests) signals.push('browser without Accept-Language');
        if (signals.length < p.minScore) return;

        emit({
          at: f,
          subject: { ip: f.identity.client },
          value: signals.length,
          baseline: null,
          threshold: p.minScore,
          windowStartMs: halves.startMs(s.w),
          detail: `${requests} requests to ${paths} paths (${templates} endpoints) in ${p.windowSeconds} s from one client: ${signals.join(', ')}`,
        });
      },
    };
  },
});
