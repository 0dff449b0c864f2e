/**
 * `guanlan inspect <inputs…> [--db FILE] --json`: what Guanlan concludes about each Exchange, as
 * JSONL (DESIGN §3.2) — the tool to reach for when a result looks wrong.
 *
 * Two passes: the first learns templates from all the inputs (on top of the store's inventory
 * when --db names one; the store is never written), the second prints each Exchange's conclusion
 * against what was learned. stdin is spooled to a temporary file so it can be read twice.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GuanlanError, type InputIssue } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import { conclude } from '../analysis/endpoints/conclude.js';
import { detectAuth } from '../analysis/endpoints/auth/index.js';
import type { EndpointStats } from '../analysis/endpoints/catalog/stats.js';
import { loadConfig, withCliRules } from '../pipeline/config.js';
import { SensitiveStage } from '../pipeline/sensitive-stage.js';
import { sensitiveSettings } from '../analysis/sensitive/config.js';
import type { ExchangeHits } from '../analysis/sensitive/exchange-scan.js';
import { openWeaknesses, stageEnabled } from './analyze.js';
import { readSpecs } from '../pipeline/weakness-stage.js';
import { pinsFromSpecs } from './openapi.js';
import { DiscoveryStage, restoreCatalog } from '../pipeline/discovery-stage.js';
import { runExchanges } from '../pipeline/runner.js';
import type { PrescanSettings } from '../pipeline/prescan.js';
import { openInput } from '../sources/open.js';
import { PATH_PII_CHECKS } from '../analysis/endpoints/templating/pii.js';
import { limitsFrom } from './analyze.js';
import { openExistingStore } from './inventory.js';
import { reportInputFailure, reportIssue, Stdout } from './io.js';

export interface InspectOptions {
  db?: string;
  json?: boolean;
  config?: string;
  pin?: string[];
  /** documented specs whose templates are pinned */
  spec?: string[];
  neverMerge?: string[];
  maxBody?: number;
  threads?: number;
}

/** One line of `inspect`: stable field names (DESIGN §3.2). */
export interface Inspection {
  exchangeId: string;
  ts: string;
  endpoint: { app: string; host: string; method: string; pathTemplate: string; operation?: string };
  format: string;
  operation?: { type?: string; name: string };
  formatReason: string;
  functions: string[];
  /** the credentials this request carried */
  auth: string;
  dataHits: InspectedHit[];
  weaknesses: string[];
  signals: string[];
  notes: string[];
}

/** A data hit of one Exchange (DESIGN §3.2); `sample` is masked. */
export interface InspectedHit {
  label: string;
  direction: 'request' | 'response';
  location: string;
  masked: boolean;
  count: number;
  maskPattern?: string;
  partial?: boolean;
  sample: string;
}

class Stop extends Error {}

async function spoolStdin(dir: string): Promise<string> {
  const file = path.join(dir, 'stdin');
  await pipeline(process.stdin, createWriteStream(file));
  return file;
}

export async function inspectCommand(inputs: string[], opts: InspectOptions): Promise<number> {
  if (inputs.filter((i) => i === '-').length > 1) throw new GuanlanError('GL_USAGE', 'stdin (-) can be named only once');
  const loaded = loadConfig(opts.config);
  const config = withCliRules(loaded.discovery, { ...opts, pin: [...(opts.pin ?? []), ...pinsFromSpecs(opts.spec)] });
  const stage = new DiscoveryStage({ config, pii: PATH_PII_CHECKS });
  // no secret: inspect writes nothing, so it keeps no trace index
  const sensitive = stageEnabled('sensitive') && loaded.sensitive.enabled ? new SensitiveStage(sensitiveSettings(loaded.sensitive)) : undefined;
  // per-exchange weakness rules (detectors learn as the second pass goes, as analyze's do)
  const weaknesses = openWeaknesses(loaded.weaknesses, readSpecs(loaded.weaknesses.specs));
  if (opts.db) {
    const store = await openExistingStore(opts.db);
    try {
      await restoreCatalog(store, stage.catalog);
    } finally {
      await store.close();
    }
  }
  const tmp = inputs.includes('-') ? mkdtempSync(path.join(tmpdir(), 'guanlan-inspect-')) : undefined;
  let problems = 0;
  const out = new Stdout();
  try {
    const files = new Map<string, string>();
    for (const name of inputs) files.set(name, name === '-' ? await spoolStdin(tmp!) : name);
    const run = async (name: string, report: boolean, each: (ex: Exchange) => void | Promise<void>, prescan?: PrescanSettings): Promise<boolean> => {
      try {
        const file = files.get(name)!;
        const input = await openInput(file, { hash: false });
        const onIssue = (i: InputIssue): void => {
          if (!report) return;
          problems++;
          reportIssue(i.input === file ? { ...i, input: name } : i);
        };
        await runExchanges(input, { limits: limitsFrom(opts), decodeThreads: opts.threads, onIssue, prescan }, async (batch) => {
          for (const ex of batch) await each(ex);
        });
        return true;
      } catch (err) {
        if (err instanceof Stop) throw err;
        if (report) {
          problems++;
          reportInputFailure(name, err);
        }
        return false;
      }
    };
    const readable: string[] = [];
    for (const name of inputs) if (await run(name, true, (ex) => stage.onExchange(ex))) readable.push(name);
    stage.catalog.finish();
    const concluded = new Map<EndpointStats, ReturnType<typeof conclude>>();
    try {
      for (const name of readable) {
        let lines = '';
        await run(name, false, async (ex) => {
          const hits = sensitive?.observe(ex, undefined);
          const found = weaknesses?.engine.observe(ex, stage.catalog.conclusionFor(ex), hits, true);
          lines += `${JSON.stringify(inspectOne(stage, ex, concluded, hits, found))}\n`;
          if (lines.length > 1 << 16) {
            if (!(await out.write(lines))) throw new Stop();
            lines = '';
          }
        }, sensitive ? { ...sensitive.prescanSettings(), withValues: false } : undefined);
        if (lines && !(await out.write(lines))) throw new Stop();
      }
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  await out.end();
  return problems ? 1 : 0;
}

function toInspected(hits: ExchangeHits | undefined): InspectedHit[] {
  if (!hits) return [];
  const out: InspectedHit[] = [];
  for (const direction of ['request', 'response'] as const) {
    for (const h of hits[direction]) {
      const o: InspectedHit = { label: h.label, direction, location: h.location, masked: h.masked, count: h.count, sample: h.sample };
      if (h.maskPattern) o.maskPattern = h.maskPattern;
      if (h.partial) o.partial = true;
      out.push(o);
    }
  }
  return out;
}

function inspectOne(stage: DiscoveryStage, ex: Exchange, cache: Map<EndpointStats, ReturnType<typeof conclude>>, hits?: ExchangeHits, weaknesses: string[] = []): Inspection {
  const r = stage.catalog.resolve(ex);
  const format = r?.format;
  let functions: string[] = [];
  if (r?.stats) {
    let c = cache.get(r.stats);
    if (!c) {
      c = conclude({ app: r.app, method: r.method, operation: r.stats.operation, pathTemplate: r.template, pathParams: [], stats: r.stats }, stage.catalog.config.serviceObject);
      cache.set(r.stats, c);
    }
    functions = c.functions;
  }
  const out: Inspection = {
    exchangeId: ex.id,
    ts: ex.ts,
    endpoint: { app: r?.app ?? '', host: r?.host ?? '', method: ex.request.method, pathTemplate: r?.template ?? '' },
    format: format?.format ?? 'other',
    formatReason: format?.reason ?? 'no request line',
    functions,
    auth: detectAuth(ex.request),
    dataHits: toInspected(hits),
    weaknesses: [...new Set(weaknesses)],
    signals: [],
    notes: [...(ex.notes ?? []), ...(format?.notes ?? [])],
  };
  if (format?.operation) {
    out.operation = format.operation;
    if (r?.stats?.operation) out.endpoint.operation = r.stats.operation.name;
  }
  return out;
}
