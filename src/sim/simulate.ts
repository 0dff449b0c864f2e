/**
 * `guanlan simulate`: a day (or any window) of a bank's API traffic with attack scenarios mixed
 * in, streamed to JSONL Exchanges or a classic pcap, plus the labels of what was injected.
 *
 *   const summary = await simulate({ out: 'day.pcap', seed: 1, users: 2000, durationMs: 86_400_000, … });
 */
import { type WriteStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { GuanlanError } from '../core/errors.js';
import { benignActors, localHour } from './benign.js';
import { Engine, type EngineSink, type Played } from './engine.js';
import { type LabelsFile, LabelCollector, type ScenarioLabel, type SkippedScenario } from './labels.js';
import type { Actor, Conn } from './model.js';
import { ADDRESS_PLAN } from './net.js';
import { PACKET_LEAD_US, PcapSink } from './pcap.js';
import { rngFor } from './rng.js';
import { SCENARIOS, type Scenario } from './scenarios/index.js';
import type { ScenarioRun } from './scenarios/types.js';

export interface SimulateOptions {
  out: string;
  /** scenario ids; empty = benign only */
  scenarios: string[];
  durationMs: number;
  users: number;
  seed: number;
  /** epoch ms */
  startMs: number;
  labels?: string;
  /** aim for about this many exchanges (benign rates scaled) and stop there */
  exchanges?: number;
}

export interface SimulateSummary {
  out: string;
  format: 'jsonl' | 'pcap';
  labels: string;
  exchanges: number;
  packets?: number;
  bytes: number;
  seconds: number;
  exchangesPerSecond: number;
  start: string;
  end: string;
  truncated: boolean;
  scenarios: Array<Pick<ScenarioLabel, 'id' | 'slug' | 'subject' | 'start' | 'end' | 'exchanges'>>;
  skipped: SkippedScenario[];
}

/** Benign exchanges per customer per day at scale 1 (measured; used to aim at --exchanges). */
export const BENIGN_PER_USER_DAY = 13.7;

export function formatOf(out: string): 'jsonl' | 'pcap' {
  if (/\.jsonl$/i.test(out)) return 'jsonl';
  if (/\.pcap$/i.test(out)) return 'pcap';
  throw new GuanlanError('GL_USAGE', `--out must end in .jsonl or .pcap, got "${out}"`);
}

/** `90s`, `30m`, `1h`, `2d`, `1h30m`, or plain milliseconds. */
export function parseDuration(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const t = s.trim();
  if (/^\d+$/.test(t) && Number(t) > 0) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(t))) {
    total += Number(m[1]) * units[m[2]];
    end = re.lastIndex;
  }
  if (end !== t.length || total <= 0 || total > 366 * 86_400_000) throw new GuanlanError('GL_USAGE', `invalid --duration "${s}": expected e.g. 90s, 30m, 1h, 1h30m, 2d`);
  return Math.round(total);
}

/** `all`, `none`, or a comma-separated list of scenario ids (or slugs). */
export function parseScenarios(s: string): string[] {
  const v = s.trim();
  if (v === 'all') return SCENARIOS.map((x) => x.id);
  if (v === 'none' || v === '') return [];
  const out: string[] = [];
  for (const name of v.split(',').map((x) => x.trim()).filter(Boolean)) {
    const found = SCENARIOS.filter((x) => x.id === name || x.slug === name);
    if (!found.length) throw new GuanlanError('GL_USAGE', `unknown scenario "${name}" (known: ${SCENARIOS.map((x) => x.id).join(', ')}, or all, none)`);
    for (const f of found) if (!out.includes(f.id)) out.push(f.id);
  }
  return out;
}

interface Placed {
  sc: Scenario;
  run: ScenarioRun;
}

/** Where each scenario goes in the window (night ones into a Beijing night). */
function place(ids: string[], engine: Engine, seed: number): { placed: Placed[]; skipped: SkippedScenario[] } {
  const W = engine.endUs - engine.startUs;
  const placed: Placed[] = [];
  const skipped: SkippedScenario[] = [];
  let slot = 0;
  for (const sc of SCENARIOS.filter((x) => ids.includes(x.id))) {
    const base = slot;
    slot += sc.addresses ?? 1;
    const r = rngFor(seed, `scenario:${sc.id}`);
    const span = Math.min(sc.span, W * 0.5);
    let start: number | undefined;
    if (sc.night) {
      // candidate starts: 01:00–04:00 Beijing time, whole scenario inside the window
      const slots: number[] = [];
      for (let t = engine.startUs; t + span <= engine.endUs; t += 5 * 60e6) {
        const h = localHour(t);
        if (h >= 1 && h + span / 3600e6 <= 4.5) slots.push(t);
      }
      if (slots.length) start = r.pick(slots) + r.int(0, 60e6);
      else skipped.push({ id: sc.id, reason: 'the window holds no night hours (01:00-04:30 Beijing time)' });
    } else {
      const lo = engine.startUs + W * 0.05;
      const hi = Math.max(lo, engine.endUs - span - W * 0.05);
      start = Math.round(lo + r.next() * (hi - lo));
    }
    if (start === undefined) continue;
    placed.push({
      sc,
      run: { ctx: engine, tag: sc.id, r, start: Math.round(start), span, subject: {}, attacker: (i = 0) => `192.0.2.${128 + ((base + i) % 64)}`, foreign: (i = 0) => `198.51.100.${10 + ((base + i) % 240)}` },
    });
  }
  return { placed, skipped };
}

/** Buffers output and writes it in large pieces, respecting backpressure. */
class Output {
  private parts: Array<string | Buffer> = [];
  private size = 0;
  bytes = 0;
  readonly stream: WriteStream;
  private error: Error | undefined;
  constructor(file: string) {
    this.stream = createWriteStream(file);
    this.stream.on('error', (err) => (this.error = err));
  }
  /** resolves once the file is open; a usage error when it cannot be */
  opened(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.stream.once('open', () => resolve());
      this.stream.once('error', (err) => reject(new GuanlanError('GL_USAGE', `cannot write ${String(this.stream.path)}: ${err.message}`)));
    });
  }
  push(x: string | Buffer): void {
    this.parts.push(x);
    this.size += x.length;
  }
  get full(): boolean {
    return this.size >= 1 << 20;
  }
  async flush(): Promise<void> {
    if (this.error) throw new GuanlanError('GL_USAGE', `cannot write ${String(this.stream.path)}: ${this.error.message}`);
    if (!this.parts.length) return;
    const buf = typeof this.parts[0] === 'string' ? Buffer.from((this.parts as string[]).join(''), 'utf8') : Buffer.concat(this.parts as Buffer[]);
    this.parts = [];
    this.size = 0;
    this.bytes += buf.length;
    if (!this.stream.write(buf)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
  async end(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

export async function simulate(o: SimulateOptions): Promise<SimulateSummary> {
  const format = formatOf(o.out);
  const labelsFile = o.labels ?? o.out.replace(/\.(jsonl|pcap)$/i, '') + '.labels.json';
  const started = process.hrtime.bigint();
  const out = new Output(o.out);
  await out.opened();
  const collector = new LabelCollector();
  const pcap = format === 'pcap' ? new PcapSink((b) => out.push(b)) : undefined;
  const sink: EngineSink = {
    exchange(p: Played) {
      if (p.step.tag) collector.record(p.step.tag, p.exchange.id, p.exchange.ts);
      if (pcap) {
        pcap.exchange(p);
        pcap.flush(p.timing.t0 - PACKET_LEAD_US);
      } else out.push(JSON.stringify(p.exchange) + '\n');
    },
    close(conn: Conn, at: number, by: 'client' | 'server') {
      pcap?.close(conn, at, by);
    },
  };
  const startUs = o.startMs * 1000;
  const endUs = startUs + o.durationMs * 1000;
  const scale = o.exchanges ? o.exchanges / (BENIGN_PER_USER_DAY * o.users * (o.durationMs / 86_400_000)) : 1;
  const engine = new Engine({ seed: o.seed, users: o.users, startUs, endUs, source: `sim:${o.out}`, maxExchanges: o.exchanges }, sink);
  for (const a of benignActors(engine, scale)) engine.add(a);
  const { placed, skipped } = place(o.scenarios, engine, o.seed);
  for (const p of placed) engine.add(p.sc.run(p.run) as Actor);
  for (const _ of engine.run()) if (out.full) await out.flush();
  pcap?.flush(Infinity);
  await out.end();

  const scenarios: ScenarioLabel[] = [];
  for (const p of placed) {
    const got = collector.get(p.run.tag);
    if (!got) {
      skipped.push({ id: p.sc.id, reason: 'cut off by --exchanges before it started' });
      continue;
    }
    scenarios.push({
      id: p.run.tag, scenario: p.sc.id, slug: p.sc.slug, dimension: p.sc.dimension, title: p.sc.title, shape: p.sc.shape, subject: p.run.subject,
      start: got.first, end: got.last, exchanges: got.ids.length, exchangeIds: got.ids,
    });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const labels: LabelsFile = {
    version: 1,
    generator: 'guanlan simulate',
    seed: o.seed,
    start: new Date(o.startMs).toISOString(),
    end: new Date(o.startMs + o.durationMs).toISOString(),
    users: o.users,
    output: o.out,
    format,
    exchanges: engine.emitted,
    addressPlan: ADDRESS_PLAN,
    scenarios,
    skipped,
  };
  await writeFile(labelsFile, JSON.stringify(labels, null, 1) + '\n');
  return {
    out: o.out,
    format,
    labels: labelsFile,
    exchanges: engine.emitted,
    ...(pcap ? { packets: pcap.packets } : {}),
    bytes: out.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    exchangesPerSecond: Math.round(engine.emitted / Math.max(seconds, 1e-6)),
    start: labels.start,
    end: labels.end,
    truncated: engine.truncated,
    scenarios: scenarios.map(({ id, slug, subject, start, end, exchanges }) => ({ id, slug, subject, start, end, exchanges })),
    skipped,
  };
}
