/**
 * `guanlan capture --interface IF [--filter BPF]`: live capture through `tcpdump -U -s 0 -w -`,
 * streamed through the same decoder as files. Ctrl-C (SIGINT) stops tcpdump, which flushes; the
 * traffic seen so far is committed and summarised. Risk events are written and sent to the
 * configured alert sinks every few seconds while the capture runs, not only at its end; the rest
 * (inventory, sensitive data and the leak-trace index, weaknesses, path counts, samples) every few
 * minutes, each time as an input row of its own (`live:eth0 #1`, `#2`…), as if the capture had
 * been rotated into files.
 */
import { spawn } from 'node:child_process';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { openInputStream } from '../sources/open.js';
import { openStore } from '../store/index.js';
import { ingestOpened, type InputSummary, limitsFrom, openDiscovery, openRisks, openSensitive, openWeaknesses, renderSummary, totals } from './analyze.js';
import { readSpecs } from '../pipeline/weakness-stage.js';
import { loadConfig } from '../pipeline/config.js';
import { keyFileFor } from '../store/install-key.js';
import { reportIssue, warn } from './io.js';
import { alertsOf } from '../sinks/alerts.js';
import { createRouter } from '../sinks/router.js';

export interface CaptureOptions {
  interface: string;
  filter?: string;
  db: string;
  json?: boolean;
  tcpdump: string;
  count?: number;
  maxBody?: number;
  threads?: number;
  config?: string;
  keyFile?: string;
  /** risk events are written and alerted every this many seconds while capturing (default 10) */
  flushSeconds: number;
  /** everything else is committed every this many seconds, one input row per segment (default 300) */
  segmentSeconds: number;
}

export async function captureCommand(opts: CaptureOptions): Promise<number> {
  const config = loadConfig(opts.config); // a bad settings file stops us before tcpdump starts
  const args = ['-U', '-s', '0', '-w', '-', '-i', opts.interface];
  if (opts.count) args.push('-c', String(opts.count));
  if (opts.filter) args.push(opts.filter);
  const child = spawn(opts.tcpdump, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    const text = d.toString();
    // Tell the user when capture is live (tcpdump says so once the device is open).
    const live = /listening on .*/.exec(text);
    if (live) warn(`capture: ${live[0]}`);
    stderr += text;
    if (stderr.length > 8192) stderr = stderr.slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const spawnError = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    child.once('error', (e) => resolve(e));
    child.once('spawn', () => resolve(null));
  });
  if (spawnError) {
    throw new GuanlanError(
      ErrorCodes.CAPTURE_UNAVAILABLE,
      spawnError.code === 'ENOENT'
        ? `capture: ${opts.tcpdump} not found; install tcpdump (e.g. apt-get install tcpdump) or name it with --tcpdump`
        : `capture: cannot start ${opts.tcpdump}: ${spawnError.message}`,
    );
  }
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    child.kill('SIGINT');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const store = await openStore(opts.db);
  const router = config.alerts ? createRouter(config.alerts, { warn: (m) => warn(m) }) : undefined;
  const name = `${opts.interface}${opts.filter ? ` (${opts.filter})` : ''}`;
  try {
    let input;
    try {
      input = await openInputStream(`live:${opts.interface}`, child.stdout, undefined, true);
    } catch {
      const code = await exited;
      throw captureFailure(opts, stderr, code);
    }
    // the same analysis as `analyze`: the inventory and sensitive data, on top of the store's
    const discovery = await openDiscovery(store, config.discovery);
    const sensitive = await openSensitive(store, discovery, config.sensitive, keyFileFor(opts.db, opts.keyFile));
    const weaknesses = openWeaknesses(config.weaknesses, readSpecs(config.weaknesses.specs));
    const segments: InputSummary[] = [];
    const last = await ingestOpened(store, input, {
      discovery,
      sensitive,
      weaknesses,
      risks: await openRisks(store, config.risks, config.geo, keyFileFor(opts.db, opts.keyFile)),
      onRisks: router ? (w) => void alertsOf(w).forEach((a) => router.send(a)) : undefined,
      flushRisksMs: opts.flushSeconds * 1000,
      segmentMs: opts.segmentSeconds * 1000,
      onSegment: (s) => segments.push(s),
      limits: limitsFrom(opts),
      threads: opts.threads,
      onIssue: reportIssue,
    });
    segments.push(last);
    const code = await exited;
    if (!interrupted && code !== 0 && last.packets === 0) throw captureFailure(opts, stderr, code);
    // one segment: named as the capture; more: `lo (tcp port 80) #2`
    for (const s of segments) s.name = segments.length === 1 ? name : `${name} ${s.name.slice(s.name.lastIndexOf('#'))}`;
    const all = totals(opts.db, segments);
    if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    else process.stdout.write(`${renderSummary(all)}\n`);
    if (interrupted) warn(`capture on ${opts.interface} stopped by signal; ${all.totals.packets} packets, ${all.totals.exchanges} exchanges`);
    return all.totals.issues > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    if (child.exitCode === null) child.kill('SIGINT');
    await router?.close(10_000);
    await store.close();
  }
}

function captureFailure(opts: CaptureOptions, stderr: string, code: number | null): GuanlanError {
  const last = stderr.trim().split('\n').filter((l) => !/^tcpdump: listening on|^\d+ packets/.test(l)).pop() ?? '';
  const perm = /permission|not permitted|Operation not permitted/i.test(stderr);
  const msg = perm
    ? `capture on ${opts.interface}: not permitted (${last}); run as root or give tcpdump the capture capability (setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump))`
    : `capture on ${opts.interface}: tcpdump exited with code ${code}: ${last || 'no output'}`;
  return new GuanlanError(ErrorCodes.CAPTURE_UNAVAILABLE, msg);
}
