/**
 * The `guanlan` command line (DESIGN §3.2). JSON goes to stdout, diagnostics to stderr.
 * Exit codes: 0 ok, 1 problems in some input (the rest was processed), 2 usage or unrecoverable.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { GuanlanError } from '../core/errors.js';
import { analyzeCommand } from './analyze.js';
import { captureCommand } from './capture.js';
import { exchangesCommand } from './exchanges.js';
import { inventoryCommand } from './inventory.js';
import { inspectCommand } from './inspect.js';
import { traceCommand } from './trace.js';
import { diffCommand, openapiCommand } from './openapi.js';
import { weaknessesCommand, weaknessSetStateCommand, weaknessShowCommand } from './weaknesses.js';
import { detectorsCommand } from './detectors.js';
import { simulateCommand } from './simulate.js';
import { incidentSetStateCommand, incidentsCommand, risksCommand } from './risks.js';
import { warn } from './io.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export const DEFAULT_DB = './guanlan.db';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('guanlan')
    .description('Guanlan (观澜): API risk monitoring from a copy of API traffic (pcap, pcapng, HAR, JSONL, live capture)')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const limitOptions = (c: Command): Command =>
    c
      .addOption(new Option('--max-body <bytes>', 'keep at most this many decoded body bytes per message').argParser(positiveInt).default(1 << 20))
      .addOption(new Option('--threads <n>', 'TCP/HTTP decoding threads for captures (default: one per core, at most 4; analyze and capture use one less, the main thread runs the analysis)').argParser(positiveInt));

  limitOptions(
    program
      .command('analyze')
      .description('ingest captures (pcap/pcapng), HAR files or JSONL exchanges into the store and print a summary; `-` reads stdin; the type is recognised from content')
      .argument('<inputs...>', 'files to analyse, or - for stdin')
      .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
      .option('--json', 'print the summary as JSON on stdout')
      .option('--no-progress', 'no progress bar on a terminal')
      .option('--config <file>', 'settings file (default: ./guanlan.yaml when present)')
      .option('--pin <template>', 'pin a path template, e.g. "/api/v1/customers/{custNo}" (repeatable; "<app> /path" for one application)', collect, [])
      .option('--never-merge <template>', 'never turn segments under this prefix into parameters, e.g. "/api/products/*" (repeatable)', collect, [])
      .option('--spec <file>', 'a documented spec (OpenAPI/Swagger) whose templates are pinned (repeatable)', collect, [])
      .option('--key-file <file>', 'secret of the leak-trace index (default: <db>.key beside a SQLite store, ~/.guanlan/key for PostgreSQL; GUANLAN_KEY_FILE)'),
  ).action(async (inputs: string[], opts) => setExit(await analyzeCommand(inputs, opts)));

  limitOptions(
    program
      .command('inspect')
      .description('what Guanlan concludes about each Exchange (endpoint, format, functions, …), as JSONL on stdout; learns from all inputs first (and from --db when given, which is not written)')
      .argument('<inputs...>', 'files to inspect, or - for stdin')
      .option('--db <file>', 'start from this store\'s inventory (read only)')
      .option('--json', 'JSONL on stdout (the only output form)')
      .option('--config <file>', 'settings file (default: ./guanlan.yaml when present)')
      .option('--pin <template>', 'pin a path template (repeatable)', collect, [])
      .option('--never-merge <template>', 'never-merge prefix (repeatable)', collect, [])
      .option('--spec <file>', 'a documented spec whose templates are pinned (repeatable)', collect, []),
  ).action(async (inputs: string[], opts) => setExit(await inspectCommand(inputs, opts)));

  program
    .command('inventory')
    .description('the API inventory: applications, endpoints (method + path template), format, functions, auth, lifecycle state, counts')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--json', 'JSON array of endpoints on stdout')
    .option('--csv', 'CSV on stdout')
    .option('--host <host>', 'only this host (or application name)')
    .option('--app <name>', 'only this application')
    .option('--state <state>', 'only endpoints in this lifecycle state: new, active, inactive, revived')
    .option('--format <format>', 'only this format: rest, graphql, soap, json-rpc, grpc, …')
    .action(async (opts) => setExit(await inventoryCommand(opts)));

  limitOptions(
    program
      .command('exchanges')
      .description('decode only: print the Exchanges (JSONL, one per line, schema/exchange.v1.schema.json) on stdout')
      .argument('<inputs...>', 'files to decode, or - for stdin'),
  ).action(async (inputs: string[], opts) => setExit(await exchangesCommand(inputs, opts)));

  limitOptions(
    program
      .command('capture')
      .description('live capture: runs `tcpdump -U -s 0 -w -` on an interface and analyses the traffic as it comes; Ctrl-C stops with a summary')
      .requiredOption('-i, --interface <if>', 'network interface (e.g. eth0, lo, any)')
      .option('-f, --filter <bpf>', 'BPF capture filter, e.g. "tcp port 80"')
      .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
      .option('--json', 'print the summary as JSON on stdout')
      .option('--tcpdump <path>', 'tcpdump binary', 'tcpdump')
      .option('--count <n>', 'stop after this many packets (tcpdump -c)', positiveInt)
      .option('--flush-seconds <n>', 'write risk events and send alerts every this many seconds while capturing', positiveInt, 10)
      .option('--segment-seconds <n>', 'commit the inventory, sensitive data, leak-trace index and weaknesses every this many seconds while capturing (one input row per segment, as rotated files would be)', positiveInt, 300)
      .option('--config <file>', 'settings file (default: ./guanlan.yaml when present)')
      .option('--key-file <file>', 'secret of the leak-trace index (default: <db>.key beside a SQLite store, ~/.guanlan/key for PostgreSQL; GUANLAN_KEY_FILE)'),
  ).action(async (opts) => setExit(await captureCommand(opts)));

  program
    .command('trace')
    .description('who received a value: the endpoints, clients, accounts and hours a sensitive value (ID, mobile, card, e-mail…) was returned to, from keyed digests (no values are stored); every search is audited')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--value <value>', 'the value to trace (normalised as the recognisers do)')
    .option('--label <label>', 'narrow --value to one label, or list every trace row of this label')
    .option('--ip <ip>', 'what this client received')
    .option('--api <id>', 'what this endpoint (inventory id) returned, to whom')
    .option('--account <name>', 'what this account (login name, as the traffic names it) received; matched by keyed digest')
    .option('--key-file <file>', 'secret of the leak-trace index (default: <db>.key beside a SQLite store, ~/.guanlan/key for PostgreSQL; GUANLAN_KEY_FILE)')
    .option('--limit <n>', 'at most this many rows (default 10000)', positiveInt)
    .option('--json', 'the report as JSON on stdout')
    .action(async (opts) => setExit(await traceCommand(opts)));

  program
    .command('openapi')
    .description('export the discovered inventory as OpenAPI 3.1 (JSON, or YAML with --yaml) on stdout')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--host <host>', 'only this host (or application name)')
    .option('--title <title>', 'info.title of the document')
    .option('--yaml', 'YAML instead of JSON')
    .action(async (opts) => setExit(await openapiCommand(opts)));

  const lang = (): Option => new Option('--lang <lang>', 'language of titles and texts').choices(['zh', 'en']).default('en');

  program
    .command('weaknesses')
    .description('standing weaknesses found in traffic (rule, endpoint, location, severity, state, evidence); the fix loop: guanlan weakness set-state')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--json', 'JSON array of findings on stdout')
    .option('--csv', 'CSV on stdout')
    .option('--severity <severity>', 'only this severity: critical, high, medium, low, info (repeatable)', collect, [])
    .option('--rule <rule>', 'only this rule: slug or GL-W id (repeatable)', collect, [])
    .option('--app <name>', 'only this application')
    .option('--state <state>', 'only this state: new, confirmed, ignored, fixed, verified, reopened (repeatable)', collect, [])
    .addOption(lang())
    .action(async (opts) => setExit(await weaknessesCommand(opts)));

  const weakness = program.command('weakness').description('one weakness: show it, or change its state');
  weakness
    .command('show')
    .description('a finding with its description, remediation, masked evidence and state history')
    .argument('<id>', 'finding id (or its first characters), as `guanlan weaknesses` lists it')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--json', 'JSON on stdout')
    .addOption(lang())
    .action(async (id: string, opts) => setExit(await weaknessShowCommand(id, opts)));
  weakness
    .command('set-state')
    .description('confirm, ignore (with --reason), mark fixed (verified later by fresh traffic), or set back to new')
    .argument('<id>', 'finding id (or its first characters)')
    .argument('<state>', 'confirmed, ignored, fixed or new')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--reason <text>', 'why (required for ignored); kept in the history')
    .option('--actor <name>', 'who (default: GUANLAN_ACTOR or the user name)')
    .action(async (id: string, state: string, opts) => setExit(await weaknessSetStateCommand(id, state, opts)));

  program
    .command('risks')
    .description('risk events: who (ip, account, endpoint) did what, in which window, measured against which baseline and threshold, with masked evidence')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--json', 'JSON array of events on stdout')
    .option('--severity <severity>', 'only this severity (repeatable)', collect, [])
    .option('--rule <rule>', 'only this rule: slug or GL-R id (repeatable)', collect, [])
    .option('--dimension <d>', 'only this dimension: account, data, attack')
    .option('--ip <ip>', 'only events about this client')
    .option('--account <account>', 'only events about this account (as shown, masked)')
    .addOption(lang())
    .action(async (opts) => setExit(await risksCommand(opts)));

  program
    .command('incidents')
    .description('incidents: related risk events of one subject folded together, with a risk score')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--json', 'JSON array of incidents on stdout')
    .option('--severity <severity>', 'only this severity (repeatable)', collect, [])
    .option('--state <state>', 'only this state: open, acknowledged, closed')
    .action(async (opts) => setExit(await incidentsCommand(opts)));

  program
    .command('incident')
    .description('one incident: acknowledge or close it (kept in its history), or open it again')
    .command('set-state')
    .argument('<id>', 'incident id (or its first characters), as `guanlan incidents` lists it')
    .argument('<state>', 'open, acknowledged or closed')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .option('--note <text>', 'why; kept in the history')
    .option('--actor <name>', 'who (default: GUANLAN_ACTOR or the user name)')
    .action(async (id: string, state: string, opts) => setExit(await incidentSetStateCommand(id, state, opts)));

  program
    .command('detectors')
    .description('the detector catalogue: ids, slugs, severities, OWASP API Top 10 2023 and CWE mappings, params with defaults')
    .option('--json', 'JSON array of descriptors on stdout')
    .addOption(lang())
    .action(async (opts) => setExit(await detectorsCommand(opts)));

  program
    .command('simulate')
    .description('generate realistic bank API traffic (mobile app, internet banking, open API) with labelled attack scenarios, as JSONL exchanges or a pcap, plus FILE.labels.json')
    .requiredOption('--out <file>', 'output: FILE.jsonl (Exchanges) or FILE.pcap (Ethernet/TCP capture)')
    .option('--scenarios <list>', 'scenario ids or risk slugs, comma-separated, or all / none', 'all')
    .option('--duration <d>', 'event-time window, e.g. 90m, 1h, 24h, 2d', '24h')
    .option('--users <n>', 'customers of the bank', positiveInt, 2000)
    .option('--seed <n>', 'same seed, same traffic', '1')
    .option('--start <iso>', 'start of the window (default 2024-06-03T00:00:00+08:00)')
    .option('--labels <file>', 'labels file (default: FILE.labels.json beside --out)')
    .option('--exchanges <n>', 'aim for about this many exchanges (benign rates scaled) and stop there', positiveInt)
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (opts) => setExit(await simulateCommand(opts)));

  program
    .command('diff')
    .description('compare the inventory with a documented spec (OpenAPI 3.x or Swagger 2.0, JSON or YAML): shadow, zombie and orphan APIs')
    .option('--db <file>', 'SQLite file or postgres:// URL', DEFAULT_DB)
    .requiredOption('--spec <file>', 'the documented spec')
    .option('--host <host>', 'only endpoints of this host (or application name)')
    .option('--json', 'the report as JSON on stdout')
    .action(async (opts) => setExit(await diffCommand(opts)));

  return program;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${v}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof GuanlanError) {
      warn(err.message);
      return err.exitCode;
    }
    throw err;
  }
}
