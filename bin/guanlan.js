#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { main } from '../dist/cli/main.js';

if (process.env.GUANLAN_RUSAGE) {
  // Resource figures for the benchmark harness (bench/run.mjs): peak RSS covers worker threads too.
  process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(`GUANLAN_RUSAGE ${JSON.stringify({ maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 })}\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`guanlan: internal error: ${err?.stack ?? err}\n`); process.exitCode = 2; },
);
