/**
 * Runs the enabled risk detectors over each exchange and folds what they emit into events and
 * incidents. An event stays open per (rule, subject) while emissions keep coming within
 * `gapMs` of event time (de-duplication: a brute force of 500 attempts is one event with its
 * count, not 500); a later emission after a quiet gap opens a new one. Event ids are stable
 * (rule, subject, start), so an event that goes on in the next input is the same row. Events of
 * one subject (client or account) that overlap in time fold into an incident with a score.
 */
import { createHash } from 'node:crypto';
import type { Evidence, Severity } from '../../core/detector.js';
import type { Exchange } from '../../core/exchange.js';
import type { Incident, RiskEvent, RiskSubject } from '../../core/risk.js';
import { maskDigits } from '../../core/mask.js';
import type { Conclusion } from '../endpoints/catalog/catalog.js';
import type { Identity, IdentityResolver, RequestDigests } from '../identity/identity.js';
import { judgeLogin, type LoginOutcome } from '../identity/login.js';
import type { DataHit } from '../sensitive/types.js';
import { GeoLocator } from '../geo/locator.js';
import type { GeoInfo, GeoLookup } from '../geo/types.js';
import { Facts } from '../weaknesses/facts.js';
import { Suppressor, type SuppressOptions } from './suppress.js';
import { detectAttacks, type AttackHit } from './attacks/index.js';
import type { RiskDetector, RiskEmit, RiskFacts, RiskInstance, StaticFetch } from './types.js';

export interface RiskEngineSettings {
  disabled?: ReadonlySet<string>;
  params?: Readonly<Record<string, unknown>>;
  /** quiet event time after which an event (and an incident) is closed */
  gapMs?: number;
  maxEvidence?: number;
  /** open events kept (oldest closed first) */
  maxOpen?: number;
  /** where client addresses are (configured networks, reserved ranges, offline database) */
  geo?: GeoLocator;
  /** allow-lists and suppression rules */
  suppress?: SuppressOptions;
}

const NO_GEO: GeoLookup = { lookup: () => ({}), home: new Set(['CN']) };

const SEVERITY_SCORE: Record<Severity, number> = { critical: 90, high: 70, medium: 45, low: 25, info: 10 };
const SEVERITY_ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** The per-exchange facts of both detector kinds: the weakness facts plus identity, attacks and the login verdict. */
export class RiskFactsImpl extends Facts implements RiskFacts {
  readonly tsMs: number;
  identity: Identity = { client: '' };
  /** set by the engine before the detectors run */
  locator: GeoLookup = NO_GEO;
  private where: GeoInfo | undefined;
  private hits: readonly AttackHit[] | undefined;
  private verdict: LoginOutcome | undefined | null = null;

  constructor(ex: Exchange, c: Conclusion, h: { request: readonly DataHit[]; response: readonly DataHit[] } | undefined) {
    super(ex, c, h);
    this.tsMs = Date.parse(ex.ts);
  }

  geo(): GeoInfo {
    return (this.where ??= this.locator.lookup(this.identity.client));
  }

  get homeCountries(): ReadonlySet<string> {
    return this.locator.home;
  }

  attacks(): readonly AttackHit[] {
    return (this.hits ??= detectAttacks(this.ex.request));
  }

  /** The hits a decode thread already found for this request (pipeline/prescan.ts). */
  presetAttacks(hits: readonly AttackHit[]): void {
    this.hits = hits;
  }

  /** The session and device digests a decode thread already computed (pipeline/prescan.ts). */
  digests: RequestDigests | undefined;

  login(): LoginOutcome | undefined {
    if (this.verdict !== null) return this.verdict;
    if (!this.functions().has('login') || this.method === 'GET' || !this.ex.response) return (this.verdict = undefined);
    const json = this.responseJson();
    return (this.verdict = judgeLogin({ status: this.status, json, text: json === undefined ? this.responseText() : undefined, headers: this.ex.response.headers }).outcome);
  }

  /** the login request's fields (JSON object or form pairs), for the account it names */
  loginBody(): unknown {
    const j = this.requestJson();
    if (j !== undefined) return j;
    const form = this.formParams();
    return form.length ? form : undefined;
  }
}

interface Open {
  event: RiskEvent;
  lastMs: number;
  subjectKey: string;
  /** the incident this event was last folded into (its id is in that incident's list) */
  foldedInto?: Incident;
}

interface OpenIncident {
  incident: Incident;
  lastMs: number;
  severity: Severity;
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

export function subjectKey(s: RiskSubject): string {
  if (s.account !== undefined) return `account:${s.account}`;
  if (s.ip !== undefined) return `ip:${s.ip}`;
  return `endpoint:${s.endpoint?.app ?? ''} ${s.endpoint?.method ?? ''} ${s.endpoint?.pathTemplate ?? ''}`;
}

/** Accounts are often mobile numbers or card numbers: stored and shown with digit runs masked. */
function shownSubject(s: RiskSubject): RiskSubject {
  return s.account === undefined ? s : { ...s, account: maskDigits(s.account) };
}

export class RiskEngine {
  readonly running: readonly { detector: RiskDetector; instance: RiskInstance }[];
  private readonly open = new Map<string, Open>();
  private readonly incidents = new Map<string, OpenIncident>();
  /** events and incidents changed in this input (written at its end) */
  private touched = new Set<RiskEvent>();
  private touchedIncidents = new Set<Incident>();
  private current: RiskDetector | undefined;
  private readonly gapMs: number;
  private readonly maxEvidence: number;
  private readonly maxOpen: number;
  private readonly geo: GeoLocator;
  readonly suppressor: Suppressor;
  private readonly watchStatic: readonly { detector: RiskDetector; instance: RiskInstance }[];
  errors = new Map<string, number>();
  private readonly emitter = (e: RiskEmit): void => this.emit(e);

  constructor(
    detectors: readonly RiskDetector[],
    private readonly identity: IdentityResolver,
    settings: RiskEngineSettings = {},
    private readonly mask: (ex: Exchange) => unknown = () => undefined,
  ) {
    const off = settings.disabled ?? new Set<string>();
    this.running = detectors
      .filter((d) => !off.has(d.descriptor.id) && !off.has(d.descriptor.slug))
      .map((d) => ({ detector: d, instance: d.create(d.descriptor.params.parse(settings.params?.[d.descriptor.slug] ?? {})) }));
    this.gapMs = settings.gapMs ?? 30 * 60_000;
    this.maxEvidence = settings.maxEvidence ?? 3;
    this.maxOpen = settings.maxOpen ?? 100_000;
    this.watchStatic = this.running.filter((r) => r.instance.onStatic);
    this.geo = settings.geo ?? new GeoLocator();
    this.suppressor = new Suppressor(settings.suppress);
  }

  /** Learnt state of each detector that keeps some (baselines, profiles), by slug, for the store. */
  saveState(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.running) {
      if (!r.instance.save) continue;
      try {
        const s = r.instance.save();
        if (s !== undefined) out[r.detector.descriptor.slug] = s;
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
    return out;
  }

  /** Give each detector back what it saved; returns the slugs restored. */
  loadState(states: Readonly<Record<string, unknown>>): string[] {
    const done: string[] = [];
    for (const r of this.running) {
      const s = states[r.detector.descriptor.slug];
      if (s === undefined || !r.instance.load) continue;
      try {
        r.instance.load(s);
        done.push(r.detector.descriptor.slug);
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
    return done;
  }

  /** The key of identity's session and device digests, for decode threads that compute them ahead. */
  get identityKey(): Buffer {
    return this.identity.digestKey;
  }

  observe(ex: Exchange, c: Conclusion | undefined, hits: { request: readonly DataHit[]; response: readonly DataHit[] } | undefined, staticApp?: string): void {
    if (c && this.running.length) this.observeFacts(new RiskFactsImpl(ex, c, hits));
    else if (!c && staticApp !== undefined) this.observeStatic(ex, staticApp);
  }

  /** A static asset fetched (the catalog has no endpoint for it), for the detectors that watch them. */
  observeStatic(ex: Exchange, app: string, digests?: RequestDigests): void {
    if (!this.watchStatic.length) return;
    this.detectStatic(this.identifyStatic(ex, app, digests));
  }

  /** Identity's half of `observeStatic`: the fetch with who made it, plain data for `detectStatic`. */
  identifyStatic(ex: Exchange, app: string, digests?: RequestDigests, withDevice = true): StaticFetch {
    const identity = this.identity.resolve(ex, undefined, undefined, digests, undefined, withDevice);
    const q = ex.request.url.indexOf('?');
    return { tsMs: Date.parse(ex.ts), app, path: q < 0 ? ex.request.url : ex.request.url.slice(0, q), identity };
  }

  /** The detectors' half of `observeStatic`, for a fetch whose identity is already resolved. */
  detectStatic(s: StaticFetch): void {
    for (const r of this.watchStatic) {
      try {
        r.instance.onStatic!(s);
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
  }

  /** One exchange with its facts already built (the analyze loop shares them with the weakness detectors): `identify`, then `detect`. */
  observeFacts(f: RiskFactsImpl): void {
    if (this.running.length === 0) return;
    this.identify(f);
    this.detect(f);
  }

  /**
   * Identity's half: the login verdict and who is behind the exchange. It keeps the state that
   * links a session to the login that issued it, so it runs in order where the exchanges are
   * first seen (the trace index also needs its answer there); `detect` may run elsewhere on a
   * record of the facts (record.ts). `withDevice` false: the device digest is left to that place
   * (only the detectors read it; pipeline/risk-host.ts).
   */
  identify(f: RiskFactsImpl, withDevice = true): void {
    const verdict = f.login();
    f.identity = this.identity.resolve(f.ex, verdict, verdict ? f.loginBody() : undefined, f.digests, verdict ? () => f.responseJson() : undefined, withDevice);
  }

  /** The detectors' half: every running detector over facts whose identity is set. */
  detect(f: RiskFactsImpl): void {
    f.locator = this.geo;
    for (const r of this.running) {
      this.current = r.detector;
      try {
        r.instance.onExchange(f, this.emitter);
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
    this.current = undefined;
  }

  private emit(e: RiskEmit): void {
    const d = this.current;
    if (!d) return;
    const desc = d.descriptor;
    if (this.suppressor.active && this.suppressor.suppressed(desc, e.subject, e.at.tsMs)) return;
    const sk = subjectKey(e.subject);
    const key = `${desc.id}\n${sk}`;
    const ts = e.at.tsMs;
    let o = this.open.get(key);
    if (o && ts - o.lastMs > this.gapMs) o = undefined;
    if (!o) {
      const start = new Date(Math.min(e.windowStartMs, ts)).toISOString();
      const event: RiskEvent = {
        id: hash(`${desc.id}\n${sk}\n${start}`),
        ruleId: desc.id,
        slug: desc.slug,
        title: desc.title.en,
        dimension: d.dimension,
        severity: desc.severity,
        subject: shownSubject(e.subject),
        start,
        end: e.at.ex.ts,
        value: e.value,
        baseline: e.baseline,
        threshold: e.threshold,
        detail: e.detail,
        evidence: [],
      };
      o = { event, lastMs: ts, subjectKey: sk };
      this.open.delete(key);
      if (this.open.size >= this.maxOpen) this.open.delete(this.open.keys().next().value!);
      this.open.set(key, o);
    }
    const ev = o.event;
    o.lastMs = ts;
    if (e.at.ex.ts > ev.end) ev.end = e.at.ex.ts;
    if (e.value >= ev.value) {
      ev.value = e.value;
      ev.baseline = e.baseline;
      ev.threshold = e.threshold;
      ev.detail = e.detail;
    }
    if (ev.evidence.length < this.maxEvidence) {
      const item: Evidence = { exchangeId: e.at.ex.id, ts: e.at.ex.ts, clientIp: e.at.identity.client, detail: e.detail };
      const masked = this.mask(e.at.ex);
      if (masked !== undefined) item.exchange = masked;
      ev.evidence.push(item);
    }
    this.touched.add(ev);
    this.fold(o, ts);
  }

  /** The event joins its subject's open incident, or opens one. */
  private fold(o: Open, ts: number): void {
    const ev = o.event;
    const sk = o.subjectKey;
    let inc = this.incidents.get(sk);
    if (inc && ts - inc.lastMs > this.gapMs) inc = undefined;
    if (!inc) {
      const incident: Incident = { id: hash(`incident\n${sk}\n${ev.start}`), subject: ev.subject, start: ev.start, end: ev.end, severity: ev.severity, score: 0, state: 'open', rules: [], events: [], title: '' };
      inc = { incident, lastMs: ts, severity: ev.severity };
      this.incidents.delete(sk);
      if (this.incidents.size >= this.maxOpen) this.incidents.delete(this.incidents.keys().next().value!);
      this.incidents.set(sk, inc);
    }
    const i = inc.incident;
    inc.lastMs = ts;
    if (ev.end > i.end) i.end = ev.end;
    // a detector re-emits while its subject stays above threshold: the event is usually in the
    // incident already, and then only the end moves (no list scans, no new title)
    let changed = false;
    if (o.foldedInto !== i) {
      if (!i.events.includes(ev.id)) {
        i.events.push(ev.id);
        changed = true;
      }
      o.foldedInto = i;
    }
    if (!i.rules.includes(ev.slug)) {
      i.rules.push(ev.slug);
      changed = true;
    }
    if (SEVERITY_ORDER.indexOf(ev.severity) > SEVERITY_ORDER.indexOf(i.severity)) {
      i.severity = ev.severity;
      changed = true;
    }
    if (changed) {
      i.score = Math.min(100, SEVERITY_SCORE[i.severity] + 5 * (i.rules.length - 1) + Math.min(5, i.events.length - 1));
      i.title = `${i.rules.join(', ')} from ${subjectText(i.subject)}`;
    }
    ev.incidentId = i.id;
    this.touchedIncidents.add(i);
  }

  /** Events and incidents changed since the last call (to be written), newest state. */
  drain(): { events: RiskEvent[]; incidents: Incident[] } {
    const out = { events: [...this.touched], incidents: [...this.touchedIncidents] };
    this.touched = new Set();
    this.touchedIncidents = new Set();
    return out;
  }
}

function subjectText(s: RiskSubject): string {
  if (s.account !== undefined) return `account ${s.account}${s.ip ? ` (${s.ip})` : ''}`;
  if (s.ip !== undefined) return s.ip;
  return `${s.endpoint?.method ?? ''} ${s.endpoint?.pathTemplate ?? ''}`;
}
