// npm run bench: decode and analyze throughput and peak RSS on a gen-bank-pcap capture, with
// tshark on the same file in the same run as the peer when it is installed.
//
//   npm run bench                       # bench/data/big.pcap (made on first run: 100k exchanges)
//   npm run bench -- --file X.pcap      # any capture
//   npm run bench -- --exchanges 20000  # make/use bench/data/bank-20000.pcap instead
//   npm run bench -- --only analyze     # only the analyze rows (stage costs)
//   npm run bench -- --only risks       # each risk detector's own cost, apart (bench/risk-detectors.mjs)
//   npm run bench -- --only caches      # bounded caches under new keys (bench/bounded-map.mjs)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
// --only caches (no capture needed): the bounded caches against a Map that evicts its first key (bench/bounded-map.mjs)
if (opt('only') === 'caches') {
  const r = spawnSync(process.execPath, [path.join(here, 'bounded-map.mjs')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const exchangesWanted = Number(opt('exchanges', '100000'));
let file = opt('file');
if (!file) {
  file = path.join(here, 'data', exchangesWanted === 100000 ? 'big.pcap' : `bank-${exchangesWanted}.pcap`);
  if (!existsSync(file)) {
    const gen = path.resolve(repo, '../shared/tools/gen-bank-pcap/gen-bank-pcap.mjs');
    console.log(`making ${path.relative(repo, file)} with gen-bank-pcap (${exchangesWanted} exchanges)…`);
    const r = spawnSync(process.execPath, [gen, '--out', file, '--exchanges', String(exchangesWanted)], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('bench: gen-bank-pcap failed (it needs tcpdump; see ../shared/tools/gen-bank-pcap/README.md)');
      process.exit(2);
    }
  }
}
const size = statSync(file).size;

function run(cmd, argv, { env = {}, stdout = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', stdout === 'ignore' ? 'ignore' : 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, secs: Number(process.hrtime.bigint() - t0) / 1e9, out, err }));
  });
}
/** The JSON of a `TAG {…}` line the CLI wrote on stderr (GUANLAN_RUSAGE, GUANLAN_STAGE_TIMES). */
const tagged = (err, tag) => {
  const m = new RegExp(`${tag} (\\{.*\\})`).exec(err);
  return m ? JSON.parse(m[1]) : undefined;
};
const rusage = (err) => tagged(err, 'GUANLAN_RUSAGE');
const cli = path.join(repo, 'bin', 'guanlan.js');
const rows = [];
const mb = (n) => (n / 1e6).toFixed(1);

console.log(`capture: ${path.relative(repo, file) || file} (${mb(size)} MB)`);

// Each timed row is the median of --repeat runs (default 3): this machine's speed swings by a
// quarter from one minute to the next, and a single run says little.
const repeat = Math.max(1, Number(opt('repeat', '3')));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
async function repeated(fn) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(await fn());
  return { ...runs[0], secs: median(runs.map((r) => r.secs)), rssKb: Math.max(...runs.map((r) => r.rssKb ?? 0)) };
}

const onlyAnalyze = opt('only') === 'analyze';
// --only risks: each risk detector's own cost, apart (bench/risk-detectors.mjs), and nothing else
if (opt('only') === 'risks') {
  const r = spawnSync(process.execPath, [path.join(here, 'risk-detectors.mjs'), file, ...(opt('exchanges') ? ['--exchanges', opt('exchanges')] : [])], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
// 1. decode only (no output, no store): in this thread, then as the CLI runs it (worker threads)
for (const [threads, what] of onlyAnalyze ? [] : [['0', 'decode only, 1 thread'], [undefined, 'decode only, threaded']]) {
  rows.push(
    await repeated(async () => {
      const r = await run(process.execPath, [path.join(here, 'decode-only.mjs'), file, ...(threads ? [threads] : [])], { stdout: 'pipe' });
      if (r.code !== 0) throw new Error(r.err);
      const j = JSON.parse(r.out);
      return { what, secs: j.secs, exchanges: j.exchanges, rssKb: j.maxRssKb };
    }),
  );
}
// 2. `guanlan exchanges FILE > /dev/null` (decode + JSONL serialisation in a worker, write on main)
if (!onlyAnalyze) {
  const r = await run(process.execPath, [cli, 'exchanges', file], { env: { GUANLAN_RUSAGE: '1' } });
  if (r.code !== 0) throw new Error(r.err);
  rows.push({ what: 'guanlan exchanges > /dev/null', secs: r.secs, exchanges: null, rssKb: rusage(r.err)?.maxRssKb });
}
// 3. `guanlan analyze FILE --db fresh.db --json`, with every stage and with ingest only
// (GUANLAN_STAGES): runs alternate, so both see the same machine.
async function analyzeOnce(what, stages, env = {}, config = undefined) {
  const dir = mkdtempSync(path.join(tmpdir(), 'guanlan-bench-'));
  const extra = [];
  if (config) {
    writeFileSync(path.join(dir, 'guanlan.yaml'), config);
    extra.push('--config', path.join(dir, 'guanlan.yaml'));
  }
  const r = await run(process.execPath, [cli, 'analyze', file, '--db', path.join(dir, 'b.db'), '--json', ...extra], { env: { GUANLAN_RUSAGE: '1', GUANLAN_STAGE_TIMES: '1', ...(stages ? { GUANLAN_STAGES: stages } : {}), ...env }, stdout: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
  if (r.code > 1) throw new Error(r.err);
  const j = JSON.parse(r.out);
  const u = rusage(r.err);
  return { what, secs: r.secs, exchanges: j.totals.exchanges, rssKb: u?.maxRssKb, cpu: u ? (u.userMs + u.systemMs) / 1000 : undefined, parts: tagged(r.err, 'GUANLAN_STAGE_TIMES') };
}
const analyzeRuns = { all: [], ingest: [], discovery: [], sensitive: [], untraced: [], weaknesses: [], allHere: [] };
for (let i = 0; i < repeat; i++) {
  analyzeRuns.ingest.push(await analyzeOnce('guanlan analyze, ingest only', 'ingest'));
  analyzeRuns.discovery.push(await analyzeOnce('analyze, ingest + discovery', 'ingest,discovery'));
  // the scan alone: the same stages with the leak-trace index off (sensitive.trace.enabled), to say which of the two dominates
  analyzeRuns.untraced.push(await analyzeOnce('  the same, no leak-trace index', 'ingest,discovery,sensitive', {}, 'sensitive:\n  trace:\n    enabled: false\n'));
  analyzeRuns.sensitive.push(await analyzeOnce('analyze, + sensitive data', 'ingest,discovery,sensitive'));
  analyzeRuns.weaknesses.push(await analyzeOnce('analyze, + weaknesses', 'ingest,discovery,sensitive,weaknesses'));
  analyzeRuns.all.push(await analyzeOnce('analyze, + risks (all stages)', undefined));
  // the same with the risk detectors kept on the main thread (by default, with one decode thread, they run in it)
  analyzeRuns.allHere.push(await analyzeOnce('all stages, detectors on main thread', undefined, { GUANLAN_RISKS_BESIDE: '0' }));
}
// main-thread time per part (src/pipeline/stage-clock.ts), the median of each part over the runs
const medianParts = (rs) => (rs.every((r) => r.parts) ? Object.fromEntries(Object.keys(rs[0].parts).map((k) => [k, median(rs.map((r) => r.parts[k]))])) : undefined);
const summarise = (rs) => ({ ...rs[0], secs: median(rs.map((r) => r.secs)), cpu: median(rs.map((r) => r.cpu ?? 0)), rssKb: Math.max(...rs.map((r) => r.rssKb ?? 0)), parts: medianParts(rs) });
const analyzeAll = summarise(analyzeRuns.all);
const analyzeIngest = summarise(analyzeRuns.ingest);
const analyzeDiscovery = summarise(analyzeRuns.discovery);
const analyzeSensitive = summarise(analyzeRuns.sensitive);
const analyzeWeaknesses = summarise(analyzeRuns.weaknesses);
const analyzeAllHere = summarise(analyzeRuns.allHere);
const analyzeUntraced = summarise(analyzeRuns.untraced);
rows.push(analyzeIngest, analyzeDiscovery, analyzeSensitive, analyzeUntraced, analyzeWeaknesses, analyzeAll, analyzeAllHere);
const exchanges = rows.find((r) => r.exchanges)?.exchanges ?? 0;
for (const r of rows) r.exchanges ??= exchanges;

// 4. the peer: tshark, same file, same run
let tshark = null;
if (spawnSync('tshark', ['--version']).status === 0 && !args.includes('--no-tshark') && !onlyAnalyze) {
  const r = await run('/usr/bin/time', ['-f', 'RSS %M', 'tshark', '-r', file, '-Y', 'http', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.request.uri', '-e', 'http.response.code'], { stdout: 'pipe' });
  const lines = r.out.split('\n').filter(Boolean).length;
  tshark = { secs: r.secs, lines, rssKb: Number(/RSS (\d+)/.exec(r.err)?.[1] ?? 0) };
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\n${pad('run', 34)}${lpad('secs', 8)}${lpad('CPU s', 8)}${lpad('MB/s', 8)}${lpad('exch/s', 10)}${lpad('peak RSS MB', 13)}${tshark ? lpad('× tshark', 10) : ''}`);
for (const r of rows) {
  console.log(
    `${pad(r.what, 34)}${lpad(r.secs.toFixed(2), 8)}${lpad(r.cpu ? r.cpu.toFixed(2) : '', 8)}${lpad(mb(size / r.secs), 8)}${lpad(Math.round(r.exchanges / r.secs), 10)}${lpad(((r.rssKb ?? 0) / 1024).toFixed(0), 13)}${tshark ? lpad((tshark.secs / r.secs).toFixed(1), 10) : ''}`,
  );
}
if (tshark) console.log(`${pad('tshark -Y http -T fields (peer)', 34)}${lpad(tshark.secs.toFixed(2), 8)}${lpad(mb(size / tshark.secs), 8)}${lpad(Math.round(exchanges / tshark.secs), 10)}${lpad((tshark.rssKb / 1024).toFixed(0), 13)}${lpad('1.0', 10)}`);
else if (!onlyAnalyze) console.log('(tshark not installed: no peer ratio; apt-get install tshark)');
// 5. the bounded caches (identity's sessions, the geo cache) under new keys, against their peer
if (!onlyAnalyze) {
  const r = await run(process.execPath, [path.join(here, 'bounded-map.mjs')], { stdout: 'pipe' });
  console.log(`\n${r.out.trim()}`);
}
// 6. sensitive-data false positives over 10M generated non-PII values (--fp N to change, 0 to skip)
const fpValues = onlyAnalyze ? 0 : Number(opt('fp', '10000000'));
if (fpValues > 0) {
  const r = await run(process.execPath, [path.join(here, 'false-positives.mjs'), String(fpValues)], { stdout: 'pipe' });
  console.log(`\n${r.out.trim()}`);
}

const pct = (a, b, k = 'secs') => ((a[k] / b[k] - 1) * 100).toFixed(1);
console.log(
  `\nstage cost (medians of ${repeat} alternating runs): discovery adds ${pct(analyzeDiscovery, analyzeIngest)} % to analyze (goal ≤ 15 %); sensitive data adds ${pct(analyzeSensitive, analyzeDiscovery)} % on top (goal ≤ 60 %); weakness detectors add ${pct(analyzeWeaknesses, analyzeSensitive)} % on top of that (goal ≤ 20 %); risk detectors add ${pct(analyzeAll, analyzeWeaknesses)} % on top of that (goal ≤ 30 %)`,
);
// The same costs from each round's own pairs: a row against the row run just before it in the same
// round (about 20 s apart). This machine's speed drifts by 25 % and more over minutes (other
// tenants); a slow spell that hits one row's runs and not its peer's skews the ratio of medians,
// while a pair shares its spell. Median over rounds, with the range.
const paired = (a, b, k = 'secs') => {
  const r = a.map((x, i) => (x[k] / b[i][k] - 1) * 100).sort((x, y) => x - y);
  return `${median(r).toFixed(1)} % [${r[0].toFixed(1)}–${r[r.length - 1].toFixed(1)}]`;
};
console.log(
  `stage cost, paired per round (median [range] of ${repeat}): discovery ${paired(analyzeRuns.discovery, analyzeRuns.ingest)}, sensitive data ${paired(analyzeRuns.sensitive, analyzeRuns.discovery)}, weaknesses ${paired(analyzeRuns.weaknesses, analyzeRuns.sensitive)}, risks ${paired(analyzeRuns.all, analyzeRuns.weaknesses)}; in CPU time: sensitive data ${paired(analyzeRuns.sensitive, analyzeRuns.discovery, 'cpu')}, risks ${paired(analyzeRuns.all, analyzeRuns.weaknesses, 'cpu')}`,
);
console.log(
  `sensitive data, what dominates: scanning alone (no leak-trace index) adds ${pct(analyzeUntraced, analyzeDiscovery)} % (paired ${paired(analyzeRuns.untraced, analyzeRuns.discovery)}); the leak-trace index the rest, ${pct(analyzeSensitive, analyzeUntraced)} % on top of the scan (paired ${paired(analyzeRuns.sensitive, analyzeRuns.untraced)}; its rows are written at the input's commit: ${analyzeSensitive.parts && analyzeUntraced.parts ? `${(analyzeSensitive.parts.commit / 1000).toFixed(2)} s against ${(analyzeUntraced.parts.commit / 1000).toFixed(2)} s` : 'n/a'})`,
);
console.log(
  `risk detectors in the decode thread against on the main thread (all stages, paired): wall ${paired(analyzeRuns.all, analyzeRuns.allHere)}, CPU ${paired(analyzeRuns.all, analyzeRuns.allHere, 'cpu')}; risks on the main thread would add ${pct(analyzeAllHere, analyzeWeaknesses)} % (paired ${paired(analyzeRuns.allHere, analyzeRuns.weaknesses)})`,
);
// CPU time (user + system, all threads) moves less than wall time on a shared machine; it also
// counts the decode threads' share, which wall time hides while they wait for the main thread.
if (analyzeAll.cpu) {
  console.log(
    `stage cost in CPU time: discovery ${pct(analyzeDiscovery, analyzeIngest, 'cpu')} %, sensitive data ${pct(analyzeSensitive, analyzeDiscovery, 'cpu')} %, weaknesses ${pct(analyzeWeaknesses, analyzeSensitive, 'cpu')} %, risks ${pct(analyzeAll, analyzeWeaknesses, 'cpu')} %`,
  );
}
// Where the main thread's time goes, with and without the risk stage: a stage also slows the others
// (caches, GC), which the row-to-row ratios include and these show.
const partsLine = (r) => Object.entries(r.parts).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(', ');
if (analyzeWeaknesses.parts && analyzeAll.parts) {
  console.log(`main-thread seconds per part (medians): without risks: ${partsLine(analyzeWeaknesses)}`);
  console.log(`  with risks: ${partsLine(analyzeAll)}`);
}
// the processor too: these ratios have differed by machine type (README, Performance)
console.log(`${exchanges} exchanges decoded on ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? 'unknown processor'}); timed rows are medians of ${repeat} runs; goal: decode-only ≥ 30× tshark, peak RSS < 256 MB.`);
