/**
 * Fuzz-style robustness: random truncations, bit flips and splices of real corpus captures (and
 * HAR/JSONL) never throw out of the decoder, never hang, and report problems as input issues.
 * Deterministic (seeded), so a failure reproduces.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../src/core/errors.js';
import { decodeInput, newTally } from '../../src/sources/decode.js';
import { type InputKind, sniffKind } from '../../src/sources/sniff.js';
import { corpusPath } from '../helpers/corpus.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(pcap|pcapng|har)$/.test(e)) out.push(p);
  }
  return out;
}

async function decodeBytes(kind: InputKind, bytes: Buffer, chunk: number): Promise<{ exchanges: number; issues: InputIssue[] }> {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const issues: InputIssue[] = [];
  const tally = newTally();
  for await (const _ of decodeInput(kind, chunks(), { name: 'fuzz', onIssue: (i) => issues.push(i) }, tally)) {
    /* drain */
  }
  return { exchanges: tally.exchanges, issues };
}

const files = [...walk(corpusPath('http-pcap', 'zeek')), ...walk(corpusPath('http-pcap', 'arkime')), ...walk(corpusPath('http-pcap', 'suricata-verify')), ...walk(corpusPath('api-pcap')), ...walk(corpusPath('har'))]
  .filter((f) => statSync(f).size < 400_000)
  .sort();

describe('fuzzed inputs never crash or hang the decoder', () => {
  it('truncations, bit flips and splices', async () => {
    const r = rng(20261122);
    let cases = 0;
    for (let round = 0; round < 8; round++) {
      for (const f of files) {
        const orig = readFileSync(f);
        const kind = sniffKind(orig, true) as InputKind;
        const variant = Buffer.from(orig);
        let mutated: Buffer;
        const op = (round + cases) % 3;
        if (op === 0) {
          mutated = variant.subarray(0, Math.floor(r() * orig.length));
        } else if (op === 1) {
          const flips = 1 + Math.floor(r() * 64);
          for (let i = 0; i < flips; i++) {
            const at = Math.floor(r() * variant.length);
            // keep the magic so the variant reaches the decoder
            if (at >= 4) variant[at] ^= 1 << Math.floor(r() * 8);
          }
          mutated = variant;
        } else {
          const other = readFileSync(files[Math.floor(r() * files.length)]);
          const a = Math.floor(r() * orig.length);
          const b = Math.floor(r() * other.length);
          mutated = Buffer.concat([orig.subarray(0, a), other.subarray(b)]);
        }
        const chunk = 1 + Math.floor(r() * 70_000);
        await expect(decodeBytes(kind, mutated, chunk), `${path.basename(f)} op ${op} chunk ${chunk}`).resolves.toBeDefined();
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(100);
  }, 300_000);
});
