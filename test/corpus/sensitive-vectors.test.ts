/**
 * Acceptance of the sensitive-data recognisers against the shared corpus' validation vectors
 * (../shared/corpus/sensitive, see its SOURCES.md): python-stdnum's cn_ric / cn_uscc / luhn
 * doctests, identique/idnumbers' CHN vectors, processor test cards and braintree's brand
 * vectors, and libphonenumber's CN metadata.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gb11643Check, luhnCheckDigit, luhnValid } from '../../src/analysis/sensitive/checksum.js';
import { bankCard, cardBrand } from '../../src/analysis/sensitive/recognisers/bank_card.js';
import * as ric from '../../src/analysis/sensitive/recognisers/cn_id.js';
import * as mobile from '../../src/analysis/sensitive/recognisers/cn_mobile.js';
import { landline } from '../../src/analysis/sensitive/recognisers/landline.js';
import * as uscc from '../../src/analysis/sensitive/recognisers/uscc.js';
import { regionValidAt } from '../../src/analysis/sensitive/regions.js';
import { corpusPath, haveCorpus } from '../helpers/corpus.js';

interface StdnumVector {
  module?: string;
  function?: string;
  input?: string;
  expect?: 'ok' | 'error';
  output?: string;
  error?: string;
  extra_args?: string;
  list?: boolean;
  numbers?: string[];
  all_valid?: boolean;
}

const json = <T>(...p: string[]): T => JSON.parse(readFileSync(corpusPath('sensitive', ...p), 'utf8')) as T;
const unquote = (s: string | undefined): string => (s ?? '').replace(/^'|'$/g, '');

describe.skipIf(!haveCorpus)('sensitive vectors (../shared/corpus/sensitive)', () => {
  const stdnum = haveCorpus ? json<{ vectors: Record<string, StdnumVector[]> }>('python-stdnum', 'stdnum-vectors.json').vectors : {};

  describe('resident ID (python-stdnum cn_ric)', () => {
    const vs = stdnum.cn_ric ?? [];
    it('every valid number is accepted, every invalid one rejected', () => {
      const valid = vs.filter((v) => v.function === 'validate' && v.expect === 'ok');
      const invalid = vs.filter((v) => v.function === 'validate' && v.expect === 'error');
      expect(valid.length).toBeGreaterThan(0);
      expect(invalid.length).toBeGreaterThan(0);
      for (const v of valid) expect(ric.validate(v.input!)).toMatchObject({ ok: true, value: unquote(v.output) });
      for (const v of invalid) expect(ric.isValid(v.input!), v.input).toBe(false);
    });
    it('birth dates agree', () => {
      for (const v of vs.filter((x) => x.function === 'get_birth_date')) {
        const [, y, m, d] = /\((\d+), (\d+), (\d+)\)/.exec(v.output!)!;
        const r = ric.validate(v.input!);
        expect(r.ok && r.detail?.birth).toBe(`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
      }
    });
    it('birth places: known codes, and the strict per-year check agrees with stdnum', () => {
      for (const v of vs.filter((x) => x.function === 'get_birth_place')) {
        const code = Number(v.input!.slice(0, 6));
        const year = Number(v.input!.slice(6, 10));
        expect(regionValidAt(code, year), v.input).toBe(v.expect === 'ok');
      }
    });
  });

  describe('resident ID (identique/idnumbers CHN)', () => {
    const ids = haveCorpus
      ? json<{ chn_unit_test: { valid: string[]; invalid: string[] }; chn_parity: { valid_per_idnumbers: string[]; invalid_per_idnumbers: string[] } }>('idnumbers', 'cn-ric-vectors.json')
      : undefined;
    it('the check character agrees on every vector', () => {
      for (const id of [...ids!.chn_unit_test.valid, ...ids!.chn_parity.valid_per_idnumbers]) expect(gb11643Check(id.slice(0, 17)), id).toBe(id[17]);
    });
    it('their invalid numbers are rejected; their valid ones fail here only on region or birth date', () => {
      for (const id of [...ids!.chn_unit_test.invalid, ...ids!.chn_parity.invalid_per_idnumbers]) expect(ric.isValid(id), id).toBe(false);
      // idnumbers checks no region (000002…) and accepts births before 1900 and in the future
      for (const id of [...ids!.chn_unit_test.valid, ...ids!.chn_parity.valid_per_idnumbers]) {
        const r = ric.validate(id);
        if (!r.ok) expect(r.reason, id).toBe('component');
      }
      expect(ric.isValid('11010219840406970X')).toBe(true);
      expect(ric.isValid('11010519491231002X')).toBe(true);
    });
  });

  describe('USCC (python-stdnum cn_uscc)', () => {
    const vs = stdnum.cn_uscc ?? [];
    it('every valid number is accepted, every invalid one rejected', () => {
      for (const v of vs.filter((x) => x.function === 'validate')) {
        if (v.expect === 'ok') expect(uscc.validate(v.input!)).toMatchObject({ ok: true, value: unquote(v.output) });
        else expect(uscc.isValid(v.input!), v.input).toBe(false);
      }
    });
    it('all 200 real-world codes are valid and well structured (region, organisation code)', () => {
      const list = vs.find((x) => x.list && x.all_valid)!.numbers!;
      expect(list.length).toBe(200);
      for (const n of list) expect(uscc.validate(n), n).toMatchObject({ ok: true, detail: { structured: true } });
    });
  });

  describe('Luhn and bank cards', () => {
    it('python-stdnum luhn vectors', () => {
      for (const v of stdnum.luhn ?? []) {
        if (v.extra_args) continue; // custom alphabets
        if (v.function === 'checksum') expect(luhnValid(v.input!)).toBe(v.output === '0');
        if (v.function === 'validate') expect(luhnValid(v.input!), v.input).toBe(v.expect === 'ok');
        if (v.function === 'calc_check_digit') expect(luhnCheckDigit(v.input!)).toBe(unquote(v.output));
      }
    });
    it('processor test cards: every Luhn-valid PAN accepted, every other rejected', () => {
      const { cards } = json<{ cards: Array<{ pan: string; brand: string; luhn_ok_computed: boolean }> }>('bank-cards', 'published-test-cards.json');
      for (const c of cards) {
        const inRange = c.pan.length >= 13 && c.pan.length <= 19;
        expect(bankCard.isValid(c.pan), `${c.pan} ${c.brand}`).toBe(c.luhn_ok_computed && inRange);
        if (c.brand === 'unionpay' && c.luhn_ok_computed) expect(cardBrand(c.pan)?.brand).toBe('unionpay');
      }
    });
    it('brand vectors: full-length numbers accepted iff Luhn-valid, brands agree', () => {
      const { cases } = json<{ cases: Array<{ input: string; expected_types: string[]; luhn_ok_computed: boolean | null }> }>('bank-cards', 'credit-card-type-vectors.json');
      const ours: Record<string, string> = { 'american-express': 'amex', 'diners-club': 'diners', visa: 'visa', mastercard: 'mastercard', unionpay: 'unionpay', jcb: 'jcb', discover: 'discover' };
      let checked = 0;
      for (const c of cases) {
        if (c.input.length < 13 || c.luhn_ok_computed === null) continue;
        checked++;
        expect(bankCard.isValid(c.input), c.input).toBe(c.luhn_ok_computed);
        const want = c.expected_types.length === 1 ? ours[c.expected_types[0]] : undefined;
        if (want) expect(cardBrand(c.input)?.brand, c.input).toBe(want);
      }
      expect(checked).toBeGreaterThan(50);
    });
  });

  describe('libphonenumber CN', () => {
    const xml = haveCorpus ? readFileSync(corpusPath('sensitive', 'libphonenumber', 'PhoneNumberMetadata-CN.xml'), 'utf8') : '';
    const section = (type: string): { pattern: RegExp; example: string } => {
      const m = new RegExp(`<${type}>[\\s\\S]*?<exampleNumber>(\\d+)</exampleNumber>[\\s\\S]*?<nationalNumberPattern>([\\s\\S]*?)</nationalNumberPattern>`).exec(xml)!;
      return { example: m[1], pattern: new RegExp(`^(?:${m[2].replace(/\s+/g, '')})$`) };
    };
    it('the mobile pattern is respected exactly (every 5-digit prefix, random tails)', () => {
      const { pattern, example } = section('mobile');
      expect(mobile.isValid(example)).toBe(true);
      let seed = 1;
      const tail = (): string => String((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1_000_000).padStart(6, '0');
      for (let p = 10000; p <= 19999; p++) {
        const n = `${p}${tail()}`;
        expect(mobile.isValid(n), n).toBe(pattern.test(n));
      }
    });
    it('example numbers of other types are not mobiles; fixed-line ones are landlines', () => {
      for (const type of ['fixedLine', 'tollFree', 'premiumRate', 'sharedCost']) {
        const { example } = section(type);
        expect(mobile.isValid(example), `${type} ${example}`).toBe(false);
      }
      expect(landline.isValid('0' + section('fixedLine').example)).toBe(true);
      const shorts = [...readFileSync(corpusPath('sensitive', 'libphonenumber', 'ShortNumberMetadata-CN.xml'), 'utf8').matchAll(/<exampleNumber>(\d+)</g)].map((m) => m[1]);
      for (const s of shorts) expect(mobile.isValid(s)).toBe(false);
    });
    it('every carrier prefix is a mobile range', () => {
      const lines = readFileSync(corpusPath('sensitive', 'libphonenumber', 'carrier-zh-86.txt'), 'utf8').split('\n');
      const prefixes = lines.filter((l) => /^86\d+\|/.test(l)).map((l) => l.slice(2, l.indexOf('|')));
      expect(prefixes.length).toBeGreaterThan(20);
      for (const p of prefixes) {
        const n = (p + '00000000000').slice(0, 11);
        const m = (p + '99999999999').slice(0, 11);
        expect(mobile.isValid(n) || mobile.isValid(m), p).toBe(true);
      }
    });
  });
});
