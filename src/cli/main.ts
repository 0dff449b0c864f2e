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
      .option('--no-progress', 'no progress bar on a terminal'),
  ).action(async (inputs: string[], opts) => setExit(await analyzeCommand(inputs, opts)));

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
      .option('--count <n>', 'stop after this many packets (tcpdump -c)', positiveInt),
  ).action(async (opts) => setExit(await captureCommand(opts)));

  return program;
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
