#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { setFlagsFromString } from 'node:v8';

// A 1 MB semi-space for the worker threads. The flag is process-wide but comes too late for this
// thread's heap, which is already set up (its scavenges free ~15 MB each, --trace-gc): what it
// caps is every worker started later, below their own `resourceLimits` (src/pipeline/sharded.ts).
// Measured on the 100k bench capture: analyze peak RSS 270–276 MB with 16, 234–269 with 4,
// 227–257 with 1 MB. The price is speed where the decode thread is the bottleneck (2026-12-04,
// alternating runs): without the flag (the workers at their 16 MB) `guanlan exchanges` took
// 3.90–4.18 s against 4.45–4.67 s but peaked at 291–323 MB against 226–236 MB (five runs each);
// at 8 MB, 4.37–4.45 s against 4.55–5.01 s, 222–248 MB against 224–235 MB (three each). Analyze with every stage was
// no faster either way (the main thread is its bottleneck).
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
