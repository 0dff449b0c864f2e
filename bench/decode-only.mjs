// Decode-only throughput (no output, no store): pcap records → IP → TCP reassembly → HTTP →
// Exchanges with de-chunked, decompressed bodies, counted where they are made.
// Usage: node bench/decode-only.mjs FILE [THREADS]   (THREADS 0 = this thread only; prints one JSON line)
import { statSync } from 'node:fs';
import { countExchanges } from '../dist/pipeline/runner.js';
import { openInput } from '../dist/sources/open.js';

const [file, threadsArg] = process.argv.slice(2);
const threads = threadsArg === undefined ? undefined : Number(threadsArg);
const t0 = process.hrtime.bigint();
const input = await openInput(file, { hash: false });
const tally = await countExchanges(input, { onIssue: () => {}, worker: threads !== 0, decodeThreads: threads || undefined });
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const u = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ secs, threads: threads ?? 'default', exchanges: tally.exchanges, bytes: statSync(file).size, maxRssKb: u.maxRSS })}\n`);
