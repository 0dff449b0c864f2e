// False positives of the ID, card and mobile recognisers over N generated non-personal values of
// colliding shapes (issue 6's measurement), printed per label and per generator cell.
//
//   node bench/false-positives.mjs [N]      # default 10,000,000 (about 30 s on 2 cores)
import { runFalsePositives, WATCHED_LABELS } from '../dist/analysis/sensitive/false-positive-run.js';

const n = Number(process.argv[2] ?? 10_000_000);
const { total, byGenerator, ms } = runFalsePositives(n);
const rate = (hits, values) => (values ? `${hits}/${values} = ${(hits / values).toExponential(1)}` : '-');
console.log(`false positives over ${total.values.toLocaleString('en-US')} values (${(ms / 1000).toFixed(1)} s):`);
for (const l of WATCHED_LABELS) console.log(`  ${l.padEnd(10)} ${rate(total.hits[l] ?? 0, total.values)}`);
const cells = [];
for (const [name, t] of byGenerator) for (const kind of ['realistic', 'neutral', 'records']) for (const l of WATCHED_LABELS) if (t[kind].hits[l]) cells.push(`  ${name} / ${kind} keys: ${l} ${rate(t[kind].hits[l], t[kind].values)}`);
console.log(cells.length ? `cells with hits:\n${cells.join('\n')}` : 'no cell had a hit');
