/**
 * `guanlan analyze <inputs…>`: decode every input, run the analysis stages, commit each input's
 * results to the store in one transaction, and print a summary (a table, or JSON with --json).
 * An input already ingested (same kind and SHA-256) is skipped, so nothing is counted twice.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { Counters } from '../core/anomalies.js';
import { GuanlanError, type InputIssue } from '../core/errors.js';
import type { DecodeLimits } from '../decode/types.js';
import { IngestStage, type IngestResult } from '../pipeline/ingest-stage.js';
import { risksBesideDecoding, runExchanges, type RunTally } from '../pipeline/runner.js';
import { loadConfig, withCliRules } from '../pipeline/config.js';
import { pinsFromSpecs } from './openapi.js';
import { DiscoveryStage, restoreCatalog } from '../pipeline/discovery-stage.js';
import { restoreSensitive, SensitiveStage, type SensitiveResult } from '../pipeline/sensitive-stage.js';
import { readSpecs, WeaknessStage } from '../pipeline/weakness-stage.js';
import { RiskStage } from '../pipeline/risk-stage.js';
import { RiskFactsImpl } from '../analysis/risks/engine.js';
import { takeAttackHits, takeIdentityDigests } from '../pipeline/prescan.js';
import type { RiskConfig } from '../analysis/risks/config.js';
import { createRouter, type AlertRouter } from '../sinks/router.js';
import type { RiskWrite } from '../store/index.js';
import { alertsOf } from '../sinks/alerts.js';
import { warn } from './io.js';
import type { WeaknessConfig } from '../analysis/weaknesses/config.js';
import { sensitiveSettings, type SensitiveConfig } from '../analysis/sensitive/config.js';
import { keyFileFor, loadInstallKey } from '../store/install-key.js';
import type { DiscoveryConfig } from '../analysis/endpoints/config.js';
import { PATH_PII_CHECKS } from '../analysis/endpoints/templating/pii.js';
import { openInput, type OpenedInput } from '../sources/open.js';
import { sourceTag } from '../sources/decode.js';
import { openStore, readDetectorState, type Store } from '../store/index.js';
import { geoLocatorFrom, type GeoConfig } from '../analysis/geo/config.js';
import { setProfileSecret } from '../analysis/risks/account-profile/digest.js';
import { reportInputFailure, reportIssue } from './io.js';
import { Progress } from './progress.js';
import { renderTable } from './table.js';
import { stageClock } from '../pipeline/stage-clock.js';

export interface AnalyzeOptions {
  db: string;
  config?: string;
  pin?: string[];
  /** documented specs whose templates are pinned */
  spec?: string[];
  neverMerge?: string[];
  json?: boolean;
  progress?: boolean;
  maxBody?: number;
  threads?: number;
  /** the trace index's secret (default: beside a SQLite store, else ~/.guanlan/key) */
  keyFile?: string;
}

export interface InputSummary {
  name: string;
  kind: string | null;
  status: 'ingested' | 'duplicate' | 'failed';
  sizeBytes: number | null;
  sha256: string | null;
  exchanges: number;
  packets: number;
  issues: number;
  withoutResponse: number;
  methods: Record<string, number>;
  statusClasses: Record<string, number>;
  /** named anomalies carried on the Exchanges (reproducible from JSONL) */
  anomalies: Record<string, number>;
  /** decoder counters (captures only): packets, TCP, HTTP parser metrics */
  counters: Record<string, number>;
  firstTs: string | null;
  lastTs: string | null;
  hosts: number;
  paths: number;
  /** endpoints added or updated in the inventory by this input */
  endpoints: number;
  /** sensitive data found (when that stage ran) */
  sensitive?: {
    exchangesWithData: number;
    hits: number;
    traceRows: number;
    traceDropped?: number;
    /** trace segment sets merged after this input's commit (Store.compactTrace), when any were */
    traceCompacted?: { sets: number; rows: number };
  };
  /** weakness findings seen in this input, and what they did to the stored ones (when that stage ran) */
  weaknesses?: { findings: number; created: number; reopened: number; verified: number };
  /** risk events and incidents opened or updated by this input (when that stage ran) */
  risks?: { events: number; incidents: number };
}

export interface AnalyzeSummary {
  db: string;
  inputs: InputSummary[];
  totals: { inputs: number; exchanges: number; packets: number; issues: number; anomalies: Record<string, number> };
}

export function limitsFrom(opts: { maxBody?: number }): Partial<DecodeLimits> {
  return opts.maxBody ? { maxBodyBytes: opts.maxBody } : {};
}

async function hashFile(name: string): Promise<string | null> {
  if (name === '-') return null;
  try {
    const st = await fsp.stat(name);
    if (!st.isFile()) return null;
  } catch {
    return null; // openInput reports it
  }
  const h = createHash('sha256');
  for await (const c of createReadStream(name, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

export interface IngestOptions {
  discovery?: DiscoveryStage;
  sensitive?: SensitiveStage;
  weaknesses?: WeaknessStage;
  risks?: RiskStage;
  onRisks?: (w: RiskWrite) => void;
  flushRisksMs?: number;
  /**
   * A live input is committed every this many ms of wall time (between batches) as a segment of
   * its own, as if the capture had been rotated into files: the inventory, sensitive data, the
   * leak-trace index and weaknesses are in the store while the capture runs, and a crash loses at
   * most one segment. `onSegment` gets each segment's summary; the last is returned.
   */
  segmentMs?: number;
  onSegment?: (s: InputSummary) => void;
  limits: Partial<DecodeLimits>;
  threads?: number;
  onBytes?: (n: number) => void;
  onIssue: (i: InputIssue) => void;
  onExchanges?: (n: number) => void;
  begun?: { inputId: number; alreadyIngested: boolean };
  sha256?: string;
  /** The run's only input: the risk detectors may run in its decode thread (RiskStage.detectBeside). */
  risksBeside?: boolean;
}

/** Ingests one opened input; shared by `analyze` and `capture`. */
export async function ingestOpened(store: Store, input: OpenedInput, opts: IngestOptions): Promise<InputSummary> {
  let stage = new IngestStage();
  const clock = stageClock();
  const ctx = { name: input.name, kind: input.kind, source: sourceTag(input.kind, input.name) };
  let issues = 0;
  const discovery = opts.discovery;
  const sensitive = opts.sensitive;
  // weaknesses need discovery's endpoint for each exchange
  const weak = discovery ? opts.weaknesses : undefined;
  const risk = discovery ? opts.risks : undefined;
  // A live capture is one endless input: its risk events are written and alerted as they come
  // (every flushRisksMs of wall time, between batches), not at its end.
  let lastFlush = Date.now();
  let flushing: Promise<void> = Promise.resolve();
  const flushRisks = (): void => {
    lastFlush = Date.now();
    const w = risk!.drainLive();
    if (w.events.length === 0 && w.incidents.length === 0) return;
    flushing = flushing.then(() => store.writeRisks(w)).then(
      () => opts.onRisks?.(w),
      (err: unknown) => warn(`${input.name}: risk events not written: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  const segmentMs = input.live ? opts.segmentMs : undefined;
  let lastSegment = Date.now();
  let segments = 0;
  let bytesCommitted = 0;
  let issuesCommitted = 0;
  // The risk detectors in the decode thread, when one decode thread reads this capture
  // (runner.ts risksBesideDecoding). That thread then scans requests for web attacks when a
  // detector asks (only the detectors read the hits), and identity's digests are computed here:
  // with them left to the decode thread, all stages on the bench capture were slower in 6 of 7
  // alternating pairs (by 4–12 %; README, Performance). Otherwise the decode threads scan every
  // request for web attacks and compute the digests ahead of this thread.
  const setup = risk && opts.risksBeside && risksBesideDecoding(input, { decodeThreads: opts.threads }) ? risk.detectBeside() : undefined;
  // the decode threads scan bodies for sensitive data (a share of them: runner.ts)
  const sensitivePrescan = opts.sensitive?.prescanSettings();
  const prescan =
    risk && !setup
      ? { ...(sensitivePrescan ?? { disabled: [], allowKeys: [], maxBodyBytes: 0, withValues: false, share: 0 }), attacks: true, identityKey: new Uint8Array(risk.engine.identityKey) }
      : sensitivePrescan;
  const riskHost = setup ? { setup, records: () => risk!.takeRecords() } : undefined;
  const tally = await runExchanges(input, { limits: opts.limits, decodeThreads: opts.threads, prescan, onBytes: opts.onBytes, onIssue: (i) => (issues++, opts.onIssue(i)), ...(riskHost ? { risk: riskHost } : {}) }, async (batch) => {
    const tb = clock.start();
    for (const ex of batch) stage.onExchange(ex);
    if (discovery) {
      // sensitive data and weaknesses are aggregated on the endpoint discovery counted the exchange under
      for (let at = 0; at < batch.length; at++) {
        const ex = batch[at]!;
        let t = clock.start();
        const c = discovery.catalog.observe(ex);
        t = clock.lap('discovery', t);
        const attackHits = takeAttackHits(ex);
        const digests = takeIdentityDigests(ex);
        const hits = sensitive?.observe(ex, c?.stats);
        t = clock.lap('sensitive', t);
        let who: { client: string; account?: string } | undefined;
        if (c && (weak || risk)) {
          // one set of per-exchange facts for both detector kinds: bodies parsed once, login judged once
          const f = new RiskFactsImpl(ex, c, hits);
          if (attackHits) f.presetAttacks(attackHits);
          f.digests = digests;
          t = clock.lap('facts', t);
          weak?.observe(f);
          t = clock.lap('weaknesses', t);
          risk?.observe(f, at);
          t = clock.lap('risks', t);
          who = f.identity;
        } else if (!c && risk && discovery.catalog.lastStatic !== undefined) {
          risk.observeStatic(ex, discovery.catalog.lastStatic, digests, at);
          t = clock.lap('risks', t);
        }
        // the leak-trace index names the client and account the risk stage resolved (identity.ts), when it runs
        if (hits) {
          sensitive!.index(ex, c?.stats, hits, who);
          clock.lap('trace', t);
        }
      }
    } else if (sensitive) for (const ex of batch) sensitive.onExchange(ex);
    clock.lap('total', tb);
    opts.onExchanges?.(batch.length);
    if (risk && opts.flushRisksMs !== undefined && Date.now() - lastFlush >= opts.flushRisksMs) flushRisks();
    // no segment without exchanges (decode threads also send batches that carry none)
    if (segmentMs !== undefined && Date.now() - lastSegment >= segmentMs && stage.exchanges > 0) {
      await flushing;
      opts.onSegment?.(await commit(undefined));
      lastSegment = Date.now();
    }
  });
  await flushing;
  if (setup && tally.risk) risk!.acceptRemote(tally.risk);
  return commit(tally);

  /**
   * Commits what the stages hold: the whole input (`tally` given: the decoder's counters and
   * packets, which a live input's last segment carries for all its segments), or one segment of a
   * live input. Each segment is an input row of its own, as a rotated file would be.
   */
  async function commit(tally: RunTally | undefined): Promise<InputSummary> {
    const tc = clock.start();
    const last = tally !== undefined;
    const result = stage.endInput(ctx);
    stage = new IngestStage();
    const found = discovery?.endInput(ctx);
    if (found) result.batch.inventory = found.write;
    const sens = sensitive?.endInput(ctx);
    const sensitiveWrite = found && sensitive ? sensitive.toWrite(found.changes) : undefined;
    if (found && weak) weak.finish(discovery!.catalog);
    const weakResult = weak?.endInput(ctx);
    const weaknessWrite = found && weak ? weak.toWrite(found.changes, discovery!.catalog, input.name) : undefined;
    const riskWrite = risk?.endInput(ctx);
    const segmented = segmentMs !== undefined;
    // a capture that stopped before its first segment ended keeps its plain name
    const name = segmented && (!last || segments > 0) ? `${input.name} #${++segments}` : input.name;
    const sha256 = segmented ? '' : (opts.sha256 ?? input.sha256());
    // Inputs hashed up front were registered before decoding; streams (stdin, live) only now.
    const total = input.file ? (input.sizeBytes ?? input.bytesRead()) : input.bytesRead();
    const size = total - bytesCommitted;
    bytesCommitted = total;
    const segIssues = issues - issuesCommitted;
    issuesCommitted = issues;
    const begin = (!segmented && opts.begun) || (await store.beginInput({ name, kind: input.kind, sizeBytes: size, sha256: input.live ? null : sha256 }));
    const summary = toSummary(input, size, result, last ? tally.counters : new Counters(), last ? tally.packets : 0, segIssues, sha256, begin.alreadyIngested ? 'duplicate' : 'ingested');
    summary.name = name;
    summary.endpoints = found?.endpoints ?? 0;
    if (sens) {
      summary.sensitive = { exchangesWithData: sens.exchangesWithData, hits: sens.hits, traceRows: sens.traceRows };
      if (sens.traceDropped) {
        summary.sensitive.traceDropped = sens.traceDropped;
        warn(`${name}: leak-trace index full at ${sens.traceRows} rows for this input; ${sens.traceDropped} occurrences of new values not indexed (raise sensitive.trace.maxRowsPerInput)`);
      }
    }
    if (!begin.alreadyIngested) {
      const weakCounters: Record<string, number> = {};
      if (weakResult) {
        weakCounters['weaknesses.reports'] = weakResult.reports;
        for (const [slug, n] of Object.entries(weakResult.errors)) weakCounters[`weaknesses.detector_error.${slug}`] = n;
      }
      const riskCounters = risk ? risk.counters() : {};
      // suppressed emissions show in the JSON summary too: a rule that hides too much is visible
      Object.assign(summary.counters, riskCounters);
      const counters = { ...(last ? tally.counters.toJSON() : {}), ...result.notes, ...(sens ? sensitiveCounters(sens) : {}), ...weakCounters, ...riskCounters };
      const done = await store.finishInput(begin.inputId, { exchanges: result.exchanges, packets: last ? tally.packets : 0, bytes: size, counters, issues: segIssues, status: 'done' }, Object.assign(result.batch, { sensitive: sensitiveWrite, weaknesses: weaknessWrite, risks: riskWrite }));
      if (found) discovery!.saved(found, done.endpointIds);
      if (done.weaknesses) summary.weaknesses = { findings: weaknessWrite?.findings.length ?? 0, ...done.weaknesses };
      if (riskWrite) {
        summary.risks = { events: riskWrite.events.length, incidents: riskWrite.incidents.length };
        // alerts go out only once the input is committed
        opts.onRisks?.(riskWrite);
      }
      // each input adds a set of trace segments; merge small ones so a value search stays a few
      // reads. One merge per input: the work spreads over commits, each pausing a capture briefly
      if (sens?.traceRows && summary.sensitive) {
        try {
          const [merged] = await store.compactTrace(1);
          if (merged) summary.sensitive.traceCompacted = merged;
        } catch (err) {
          // the input is committed; its set stays as it is and the next input's compaction takes it
          warn(`${name}: leak-trace index not compacted: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    clock.lap('commit', tc);
    return summary;
  }
}

function sensitiveCounters(r: SensitiveResult): Record<string, number> {
  const c: Record<string, number> = { 'sensitive.exchanges': r.exchangesWithData, 'sensitive.hits': r.hits, 'sensitive.trace_rows': r.traceRows };
  if (r.traceDropped) c['sensitive.trace_dropped'] = r.traceDropped;
  if (r.counters.skipped) c['sensitive.body_skipped'] = r.counters.skipped;
  if (r.counters.truncated) c['sensitive.body_truncated'] = r.counters.truncated;
  if (r.counters.failed) c['sensitive.body_failed'] = r.counters.failed;
  return c;
}

function toSummary(input: OpenedInput, size: number, r: IngestResult, counters: Counters, packets: number, issues: number, sha256: string, status: InputSummary['status']): InputSummary {
  return {
    name: input.name,
    kind: input.kind,
    status,
    sizeBytes: size,
    sha256,
    exchanges: r.exchanges,
    packets,
    issues,
    withoutResponse: r.withoutResponse,
    methods: r.methods,
    statusClasses: r.statusClasses,
    anomalies: r.notes,
    counters: counters.toJSON(),
    firstTs: r.firstTs ?? null,
    lastTs: r.lastTs ?? null,
    hosts: new Set(r.batch.pathCounts.map((p) => p.host)).size,
    paths: r.batch.distinctPaths,
    endpoints: 0,
  };
}

function emptySummary(name: string, status: InputSummary['status'], extra: Partial<InputSummary> = {}): InputSummary {
  return {
    name, kind: null, status, sizeBytes: null, sha256: null, exchanges: 0, packets: 0, issues: 1, withoutResponse: 0,
    methods: {}, statusClasses: {}, anomalies: {}, counters: {}, firstTs: null, lastTs: null, hosts: 0, paths: 0, endpoints: 0, ...extra,
  };
}

export async function analyzeCommand(inputs: string[], opts: AnalyzeOptions): Promise<number> {
  if (inputs.filter((i) => i === '-').length > 1) throw new GuanlanError('GL_USAGE', 'stdin (-) can be named only once');
  const config = loadConfig(opts.config);
  const discoveryConfig = withCliRules(config.discovery, { ...opts, pin: [...(opts.pin ?? []), ...pinsFromSpecs(opts.spec)] });
  const store = await openStore(opts.db);
  const summaries: InputSummary[] = [];
  let router: AlertRouter | undefined;
  try {
    let discovery = await openDiscovery(store, discoveryConfig);
    let sensitive = await openSensitive(store, discovery, config.sensitive, keyFileFor(opts.db, opts.keyFile));
    const specs = readSpecs([...config.weaknesses.specs, ...(opts.spec ?? [])]);
    let weaknesses = openWeaknesses(config.weaknesses, specs);
    let risks = await openRisks(store, config.risks, config.geo, keyFileFor(opts.db, opts.keyFile));
    router = config.alerts ? createRouter(config.alerts, { warn: (m) => warn(m) }) : undefined;
    const onRisks = router ? (w: RiskWrite): void => void alertsOf(w).forEach((a) => router!.send(a)) : undefined;
    for (const name of inputs) {
      // A file already ingested is recognised (by kind and SHA-256) before decoding it again;
      // hashed once up front, so the stream is not hashed a second time.
      const preSha = await hashFile(name);
      let input: OpenedInput;
      try {
        input = await openInput(name, { hash: preSha === null });
      } catch (err) {
        reportInputFailure(name, err);
        summaries.push(emptySummary(name, 'failed'));
        continue;
      }
      const begun = preSha ? await store.beginInput({ name, kind: input.kind, sizeBytes: input.sizeBytes ?? null, sha256: preSha }) : undefined;
      if (begun?.alreadyIngested) {
        input.close();
        summaries.push(emptySummary(name, 'duplicate', { issues: 0, sha256: preSha, kind: input.kind, sizeBytes: input.sizeBytes ?? null }));
        continue;
      }
      let exchanges = 0;
      let workerBytes = 0;
      const progress = new Progress(
        () => ({ label: name, bytes: Math.max(input.bytesRead(), workerBytes), totalBytes: input.sizeBytes, exchanges }),
        process.stderr,
        opts.progress !== false && Boolean(process.stderr.isTTY) && !opts.json,
      );
      try {
        // The detectors' windows and open events stay in the thread they ran in: beside decoding
        // only when the run has this one input (GUANLAN_RISKS_BESIDE=0: always here).
        const risksBeside = inputs.length === 1 && process.env.GUANLAN_RISKS_BESIDE !== '0';
        summaries.push(await ingestOpened(store, input, { discovery, sensitive, weaknesses, risks, onRisks, limits: limitsFrom(opts), threads: opts.threads, onIssue: reportIssue, onExchanges: (n) => (exchanges += n), onBytes: (n) => (workerBytes += n), begun, sha256: preSha ?? undefined, risksBeside }));
      } catch (err) {
        progress.stop();
        reportInputFailure(name, err);
        if (begun) await store.finishInput(begun.inputId, { exchanges: 0, packets: 0, bytes: workerBytes || input.bytesRead(), counters: {}, issues: 1, status: 'failed' }).catch(() => {});
        summaries.push(emptySummary(name, 'failed', { kind: input.kind }));
        // what the failed input taught the catalog was not committed: start again from the store
        discovery = await openDiscovery(store, discoveryConfig);
        sensitive = await openSensitive(store, discovery, config.sensitive, keyFileFor(opts.db, opts.keyFile));
        weaknesses = openWeaknesses(config.weaknesses, specs);
        risks = await openRisks(store, config.risks, config.geo, keyFileFor(opts.db, opts.keyFile));
        continue;
      }
      progress.stop();
    }
  } finally {
    // deliveries still pending after the deadline go to the dead-letter files
    await router?.close(10_000);
    await store.close();
  }
  const summary = totals(opts.db, summaries);
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${renderSummary(summary)}\n`);
  return summaries.some((s) => s.issues > 0 || s.status === 'failed') ? 1 : 0;
}

/**
 * GUANLAN_STAGES=ingest,… runs only the named analysis stages (for benchmarks: the cost of each
 * stage is the difference it makes); unset runs them all.
 */
export function stageEnabled(name: string): boolean {
  const only = process.env.GUANLAN_STAGES;
  return !only || only.split(',').map((s) => s.trim()).includes(name);
}

/** The discovery stage, with the inventory the store already holds. */
export async function openDiscovery(store: Store, config: DiscoveryConfig): Promise<DiscoveryStage | undefined> {
  if (!stageEnabled('discovery')) return undefined;
  const stage = new DiscoveryStage({ config, pii: PATH_PII_CHECKS });
  await restoreCatalog(store, stage.catalog);
  return stage;
}

/**
 * The sensitive-data stage, its labels restored onto the discovery catalog's endpoints; the trace
 * index's secret is created at the first run (`keyFile`).
 */
export async function openSensitive(store: Store, discovery: DiscoveryStage | undefined, config: SensitiveConfig, keyFile: string): Promise<SensitiveStage | undefined> {
  if (!stageEnabled('sensitive') || !config.enabled) return undefined;
  const settings = sensitiveSettings(config);
  const secret = settings.trace && discovery ? loadInstallKey(keyFile, true) : undefined;
  if (discovery) await restoreSensitive(store, discovery.catalog);
  return new SensitiveStage(settings, secret);
}

/** The weakness stage (its findings' lifecycle lives in the store; detectors start afresh). */
export function openWeaknesses(config: WeaknessConfig, specs: ReturnType<typeof readSpecs>): WeaknessStage | undefined {
  if (!stageEnabled('weaknesses') || !config.enabled) return undefined;
  return new WeaknessStage(config, specs);
}

/** The risk stage, with what its detectors learnt in earlier runs (baselines, profiles) restored from the store. */
export async function openRisks(store: Store, config: RiskConfig, geoConfig: GeoConfig, keyFile: string): Promise<RiskStage | undefined> {
  if (!stageEnabled('risks') || !config.enabled) return undefined;
  // accounts in the saved profiles are digests keyed with the installation's secret
  const secret = loadInstallKey(keyFile, true);
  setProfileSecret(secret);
  // geo settings and key also for a decode thread that runs the detectors (RiskStage.detectBeside)
  const stage = new RiskStage(config, geoLocatorFrom(geoConfig, { warn: (m) => warn(m) }), { geo: geoConfig, ...(secret ? { secret } : {}) });
  stage.restore(await readDetectorState(store.db, 'risk'));
  return stage;
}

export function totals(db: string, inputs: InputSummary[]): AnalyzeSummary {
  const anomalies = new Counters();
  for (const s of inputs) anomalies.merge(s.anomalies);
  return {
    db,
    inputs,
    totals: {
      inputs: inputs.length,
      exchanges: inputs.reduce((a, s) => a + s.exchanges, 0),
      packets: inputs.reduce((a, s) => a + s.packets, 0),
      issues: inputs.reduce((a, s) => a + s.issues, 0),
      anomalies: anomalies.toJSON(),
    },
  };
}

export function renderSummary(s: AnalyzeSummary): string {
  const rows = s.inputs.map((i) => [
    i.name,
    i.kind ?? '-',
    i.status,
    i.packets,
    i.exchanges,
    i.withoutResponse,
    i.hosts,
    i.endpoints,
    Object.values(i.anomalies).reduce((a, b) => a + b, 0),
    i.issues,
  ]);
  const out = [renderTable(['input', 'type', 'status', 'packets', 'exchanges', 'no response', 'hosts', 'endpoints', 'anomalies', 'errors'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])];
  const an = Object.entries(s.totals.anomalies).sort((a, b) => b[1] - a[1]);
  if (an.length) {
    out.push('', renderTable(['anomaly', 'exchanges'], an.slice(0, 12), ['l', 'r']));
    if (an.length > 12) out.push(`… and ${an.length - 12} more (--json lists all)`);
  }
  const dup = s.inputs.filter((i) => i.status === 'duplicate').length;
  out.push('', `${s.totals.exchanges.toLocaleString('en-US')} exchanges from ${s.totals.inputs} input(s) stored in ${s.db}${dup ? ` (${dup} already ingested, skipped)` : ''}.`);
  out.push(`API inventory: guanlan inventory --db ${s.db}`);
  const w = s.inputs.filter((i) => i.weaknesses);
  if (w.length) {
    const sum = (k: 'findings' | 'created' | 'reopened' | 'verified'): number => w.reduce((a, i) => a + i.weaknesses![k], 0);
    out.push(`Weaknesses: ${sum('findings')} seen (${sum('created')} new, ${sum('reopened')} reopened, ${sum('verified')} verified fixed): guanlan weaknesses --db ${s.db}`);
  }
  const r = s.inputs.filter((i) => i.risks);
  if (r.length) out.push(`Risks: ${r.reduce((a, i) => a + i.risks!.events, 0)} event(s) in ${r.reduce((a, i) => a + i.risks!.incidents, 0)} incident(s): guanlan risks --db ${s.db}`);
  return out.join('\n');
}
