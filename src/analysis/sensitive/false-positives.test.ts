/**
 * False positives on generated non-personal values of the shapes that collide with IDs, cards and
 * mobiles (snowflake ids, order and trace numbers, Unix timestamps, amounts, internal codes),
 * under realistic key names and neutral ones, alone and in record lists; and recall of real
 * values under neutral keys. Seeded, so a failure reproduces. The measured rates are printed.
 */
import { describe, expect, it } from 'vitest';
import { gb11643Check, luhnCheckDigit } from './checksum.js';
import { FP_REF, NEUTRAL_KEYS, runFalsePositives, SeededRandom, WATCHED_LABELS, type Tally } from './false-positive-run.js';
import { scanJson } from './scan-json.js';

const REF = FP_REF;
const rng = new SeededRandom(20250601);
const int = (n: number): number => rng.int(n);
const pick = <T>(a: readonly T[]): T => rng.pick(a);
const digits = (n: number): string => rng.digits(n);
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const NEUTRAL = NEUTRAL_KEYS;
const WATCHED = WATCHED_LABELS;

describe('false positives on non-personal values', () => {
  it('stay under 1/10,000 (ID, card) and 1/1,000 (mobile) over 200k values', () => {
    const { total, byGenerator: byGen, ms } = runFalsePositives(120_000);

    const rate = (t: Tally, l: string): string => `${(t.hits[l] ?? 0)}/${t.values}`;
    const rows = [...byGen].map(([name, t]) => `${name.padEnd(24)} ${WATCHED.map((l) => `${l} realistic ${rate(t.realistic, l)} neutral ${rate(t.neutral, l)} records ${rate(t.records, l)}`).join(' | ')}`);
    console.info(`false positives over ${total.values} values in ${ms.toFixed(0)} ms: ${JSON.stringify(total.hits)}\n${rows.join('\n')}`);

    expect((total.hits.cn_id ?? 0) / total.values).toBeLessThan(1 / 10_000);
    expect((total.hits.cn_mobile ?? 0) / total.values).toBeLessThan(1 / 1_000);
    // A uniformly random 16–19 digit number alone under a neutral key has no context at all: it
    // passes as a card as often as Luhn and the major ranges allow (about 1 in 200). That cell is
    // the known limit, guarded separately; everything else must stay under 1 in 10,000.
    const random = byGen.get('trace random 16-20')!.neutral;
    const cards = (total.hits.bank_card ?? 0) - (random.hits.bank_card ?? 0);
    expect(cards / (total.values - random.values)).toBeLessThan(1 / 10_000);
    expect((random.hits.bank_card ?? 0) / random.values).toBeLessThan(1 / 100);
    // under realistic key names the context silences every generated value
    for (const [, t] of byGen) for (const l of WATCHED) expect(t.realistic.hits[l] ?? 0).toBe(0);
  });
});

describe('recall under neutral key names', () => {
  const id = (): string => {
    const body = pick(['110105', '310115', '440305', '510104', '330106', '370102']) + String(1950 + int(60)) + pad(1 + int(12)) + pad(1 + int(28)) + digits(3);
    return body + gb11643Check(body);
  };
  const card = (): string => {
    // issuer prefix and the length its cards have (UnionPay debit 19, credit 16; Visa; Mastercard)
    const [bin, rest] = pick([['622202', 12], ['621700', 12], ['622848', 12], ['625907', 9], ['622588', 9], ['436742', 9], ['518710', 9]] as const);
    const body = bin + digits(rest);
    return body + luhnCheckDigit(body);
  };
  const mobile = (): string => pick(['138', '139', '150', '186', '177', '199']) + digits(8);

  it('finds every ID, mobile and card in v1/data/f3 fields, arrays and nested records', () => {
    const n = 300;
    const values = Array.from({ length: n }, (_, i) => ({ v1: id(), data: mobile(), f3: card(), i }));
    const nested = { result: { items: values.map((v) => ({ x: [v.v1], y: { z: v.data }, f3: v.f3 })) } };
    for (const tree of [{ values }, nested]) {
      const found: Record<string, number> = {};
      for (const h of scanJson(tree, { refTime: REF })) found[h.label] = (found[h.label] ?? 0) + h.count;
      expect(found).toEqual({ cn_id: n, cn_mobile: n, bank_card: n });
    }
    for (let i = 0; i < 200; i++) {
      const [v, label] = pick([
        [id(), 'cn_id'],
        [mobile(), 'cn_mobile'],
        [card(), 'bank_card'],
      ] as const);
      expect(scanJson({ [pick(NEUTRAL)]: v }, { refTime: REF }).map((h) => h.label)).toEqual([label]);
    }
  });
});
