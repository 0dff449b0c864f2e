// What each risk detector costs, apart: the capture's first N exchanges are decoded and taken
// through discovery and the sensitive scan in this thread, their facts built once (bodies parsed,
// web-attack hits and identities resolved, as the analyze loop has them when the detectors run);
// then each detector alone goes over them, fresh each round, and the best of R rounds is printed.
// Identity (`RiskEngine.identify`) is timed the same way. The sum is the detectors' own work on a
// warm thread; in `analyze` the risk stage also costs GC and slows the stages beside it (README,
// Performance).
//
//   npm run build && node bench/risk-detectors.mjs [FILE] [--exchanges N] [--rounds R]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../dist/pipeline/config.js';
import { DiscoveryStage } from '../dist/pipeline/discovery-stage.js';
import { SensitiveStage } from '../dist/pipeline/sensitive-stage.js';
import { sensitiveSettings } from '../dist/analysis/sensitive/config.js';
import { PATH_PII_CHECKS } from '../dist/analysis/endpoints/templating/pii.js';
import { RiskStage } from '../dist/pipeline/risk-stage.js';
import { RiskFactsImpl } from '../dist/analysis/risks/engine.js';
import { RISK_DETECTORS } from '../dist/analysis/risks/registry.js';
import { detectAttacks } from '../dist/analysis/risks/attacks/index.js';
import { setProfileSecret } from '../dist/analysis/risks/account-profile/digest.js';
import { IdentityResolver } from '../dist/analysis/identity/identity.js';
import { runExchanges } from '../dist/pipeline/runner.js';
import { openInput } from '../dist/sources/open.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = args[0] && !args[0].startsWith('--') ? args[0] : path.join(here, 'data', 'big.pcap');
if (!existsSync(file)) {
  console.error(`bench: ${path.relative(process.cwd(), file)} not found (npm run bench makes it)`);
  process.exit(2);
}
const wanted = Number(opt('exchanges', '50000'));
const rounds = Math.max(1, Number(opt('rounds', '3')));

// keyed account digests, as a running installation has them (the key itself does not matter)
setProfileSecret(Buffer.alloc(32, 7));
const cfg = loadConfig(undefined);
const discovery = new DiscoveryStage({ config: cfg.discovery, pii: PATH_PII_CHECKS });
const sensitive = new SensitiveStage(sensitiveSettings(cfg.sensitive), undefined);
const facts = [];
const input = await openInput(file, { hash: false });
await runExchanges(input, { onIssue: () => {}, worker: false }, (batch) => {
  for (const ex of batch) {
    if (facts.length >= wanted) return;
    const c = discovery.catalog.observe(ex);
    if (!c) continue;
    const f = new RiskFactsImpl(ex, c, sensitive.observe(ex, c.stats));
    // what the decode thread and the weakness detectors have done before the risk stage runs
    f.presetAttacks(detectAttacks(ex.request));
    f.responseJson();
    f.requestJson();
    facts.push(f);
  }
});

const slugs = RISK_DETECTORS.map((d) => d.descriptor.slug);
const best = (fn) => {
  let b = Infinity;
  for (let r = 0; r < rounds; r++) b = Math.min(b, fn());
  return b;
};
const identifyMs = best(() => {
  const stage = new RiskStage(cfg.risks);
  // the session and device digests come from the decode thread in analyze (pipeline/prescan.ts)
  const ahead = new IdentityResolver({ key: stage.engine.identityKey });
  for (const f of facts) f.digests = ahead.requestDigests(f.ex);
  const t0 = performance.now();
  for (const f of facts) stage.engine.identify(f);
  return performance.now() - t0;
});
const rows = slugs.map((slug) => {
  const ms = best(() => {
    const stage = new RiskStage({ ...cfg.risks, disable: slugs.filter((s) => s !== slug) });
    const t0 = performance.now();
    for (const f of facts) stage.engine.detect(f);
    return performance.now() - t0;
  });
  return { slug, ms };
});
rows.sort((a, b) => b.ms - a.ms);
const per100k = (ms) => ((ms * 100000) / facts.length / 1000).toFixed(2);
console.log(`capture: ${path.relative(process.cwd(), file) || file}, ${facts.length} exchanges with an endpoint; best of ${rounds} rounds, each detector fresh and alone`);
console.log(`${'part'.padEnd(26)} ${'ms'.padStart(7)}  s per 100k`);
console.log(`${'identity (identify)'.padEnd(26)} ${identifyMs.toFixed(0).padStart(7)}  ${per100k(identifyMs)}`);
for (const r of rows) console.log(`${r.slug.padEnd(26)} ${r.ms.toFixed(0).padStart(7)}  ${per100k(r.ms)}`);
const sum = rows.reduce((a, r) => a + r.ms, 0);
console.log(`${'detectors together (sum)'.padEnd(26)} ${sum.toFixed(0).padStart(7)}  ${per100k(sum)}`);
