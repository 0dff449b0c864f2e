#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { setFlagsFromString } from 'node:v8';

// A small nursery for the main thread (the workers get theirs in src/pipeline/sharded.ts): V8's
// default lets it grow to tens of MB before collecting. Measured on the 100k bench capture,
// analyze peak RSS over several runs: 270–276 MB with 16, 234–269 with 4, 227–257 with 1 MB, at
// the same speed (the main thread mostly hands Exchanges on). Set before anything is allocated.
setFlagsFromString('--max-semi-space-size=1');
const { main } = await import('../dist/cli/main.js');

if (process.env.GUANLAN_RUSAGE) {
  // Resource figures for the benchmark harness (bench/run.mjs): peak RSS covers worker threads too.
  process.on('exit', () => {
    const u = process.resourceUsage();
    const m = process.memoryUsage();
    process.stderr.write(`GUANLAN_RUSAGE ${JSON.stringify({ maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, mainHeapTotalMb: Math.round(m.heapTotal / 1048576), externalMb: Math.round(m.external / 1048576) })}\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`guanlan: internal error: ${err?.stack ?? err}\n`); process.exitCode = 2; },
);
