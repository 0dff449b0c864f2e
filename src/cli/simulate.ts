/**
 * `guanlan simulate --out FILE.jsonl|FILE.pcap …`: realistic bank traffic with labelled attack
 * scenarios (src/sim). The summary table goes to stderr; `--json` prints it as JSON on stdout.
 */
import { GuanlanError } from '../core/errors.js';
import { parseDuration, parseScenarios, simulate } from '../sim/simulate.js';
import { renderTable } from './table.js';

export interface SimulateCliOptions {
  out: string;
  scenarios?: string;
  duration?: string;
  users?: number;
  seed?: string;
  start?: string;
  labels?: string;
  exchanges?: number;
  json?: boolean;
}

export const DEFAULT_START = '2024-06-03T00:00:00+08:00';

export async function simulateCommand(opts: SimulateCliOptions): Promise<number> {
  const durationMs = parseDuration(opts.duration ?? '24h');
  const scenarios = parseScenarios(opts.scenarios ?? 'all');
  const startMs = Date.parse(opts.start ?? DEFAULT_START);
  if (!Number.isFinite(startMs)) throw new GuanlanError('GL_USAGE', `invalid --start "${opts.start}": expected an ISO-8601 time, e.g. ${DEFAULT_START}`);
  const seed = Number(opts.seed ?? 1);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new GuanlanError('GL_USAGE', `invalid --seed "${opts.seed}": expected a non-negative integer`);
  const s = await simulate({ out: opts.out, scenarios, durationMs, users: opts.users ?? 2000, seed, startMs, labels: opts.labels, exchanges: opts.exchanges });

  const subject = (x: (typeof s.scenarios)[number]['subject']): string =>
    [x.account && `account ${x.account}`, x.ip && `ip ${x.ip}`, x.endpoint && `${x.endpoint.method} ${x.endpoint.app}${x.endpoint.pathTemplate}`].filter(Boolean).join(', ');
  const hhmm = (iso: string): string => iso.slice(5, 16).replace('T', ' ');
  const lines = [
    renderTable(
      ['scenario', 'slug', 'subject', 'window (UTC)', 'exchanges'],
      s.scenarios.map((x) => [x.id, x.slug, subject(x.subject), `${hhmm(x.start)} – ${hhmm(x.end).slice(6)}`, x.exchanges]),
      ['l', 'l', 'l', 'l', 'r'],
    ),
    ...s.skipped.map((x) => `skipped ${x.id}: ${x.reason}`),
    `wrote ${s.exchanges.toLocaleString('en-US')} exchanges${s.packets ? ` (${s.packets.toLocaleString('en-US')} packets)` : ''}, ${(s.bytes / 1e6).toFixed(1)} MB to ${s.out} in ${s.seconds.toFixed(1)} s (${s.exchangesPerSecond.toLocaleString('en-US')} exchanges/s)${s.truncated ? ', stopped at --exchanges' : ''}; labels: ${s.labels}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
  if (opts.json) process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  return 0;
}
