/**
 * scanJsonText (reading the JSON text, no tree) against scanJson on the parsed tree: the same hits
 * on every JSON document and HAR body of the shared corpus (../shared/corpus/har, openapi), on
 * the generated customer records, and undefined exactly where JSON.parse throws, including every
 * corpus document cut short at seeded places.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../test/helpers/corpus.js';
import { gb11643Check, luhnCheckDigit } from './checksum.js';
import { SeededRandom } from './false-positive-run.js';
import { scanJson, scanJsonText } from './scan-json.js';
import type { DataHit, ScanOptions } from './types.js';

const REF = Date.UTC(2025, 5, 1);
const opts: ScanOptions = { refTime: REF, withValues: true };
const norm = (hits: DataHit[]): string[] => hits.map((h) => JSON.stringify(h)).sort();
/** What scanExchange got before: JSON.parse, then scanJson on an object or array, nothing on a scalar, undefined when it throws. */
function viaTree(text: string, o: ScanOptions = opts): string[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof doc === 'object' && doc !== null ? norm(scanJson(doc, o)) : [];
}
const viaText = (text: string, o: ScanOptions = opts): string[] | undefined => {
  const h = scanJsonText(text, o);
  return h && norm(h);
};

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(json|har)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every JSON text in the corpus: whole files, and the request and response bodies inside HARs. */
function corpusTexts(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const f of [...files(corpusPath('har')), ...files(corpusPath('openapi'))]) {
    const text = readFileSync(f, 'utf8');
    const where = path.relative(corpusPath(), f);
    out.push({ where, text });
    let har: { log?: { entries?: { request?: { postData?: { text?: string } }; response?: { content?: { text?: string; encoding?: string } } }[] } };
    try {
      har = JSON.parse(text);
    } catch {
      continue;
    }
    (har.log?.entries ?? []).forEach((e, i) => {
      const bodies = [e.request?.postData?.text, e.response?.content?.encoding ? undefined : e.response?.content?.text];
      for (const b of bodies) if (typeof b === 'string' && /^\s*[[{]/.test(b)) out.push({ where: `${where} entry ${i}`, text: b });
    });
  }
  return out;
}

describe('scanJsonText', () => {
  it.runIf(haveCorpus)('finds what scanJson finds on every JSON document and body of the corpus', () => {
    const texts = corpusTexts();
    expect(texts.length).toBeGreaterThan(100);
    let withHits = 0;
    for (const { where, text } of texts) {
      const want = viaTree(text);
      expect({ where, hits: viaText(text) }).toEqual({ where, hits: want });
      if (want?.length) withHits++;
    }
    // the comparison is about something: many documents carry hits
    expect(withHits).toBeGreaterThan(20);
  });

  it.runIf(haveCorpus)('is undefined exactly where JSON.parse throws, on corpus documents cut short', () => {
    const rng = new SeededRandom(20261203);
    let cut = 0;
    for (const { where, text } of corpusTexts()) {
      if (text.length < 2) continue;
      for (let k = 0; k < 5; k++) {
        const at = 1 + rng.int(text.length - 1);
        const t = text.slice(0, at);
        expect({ where, at, hits: viaText(t) }).toEqual({ where, at, hits: viaTree(t) });
        cut++;
      }
    }
    expect(cut).toBeGreaterThan(500);
  });

  it('matches scanJson on generated customer and transaction lists', () => {
    const rng = new SeededRandom(7);
    const id = (): string => {
      const b = `1101051990${String(1 + rng.int(12)).padStart(2, '0')}${String(1 + rng.int(28)).padStart(2, '0')}${rng.digits(3)}`;
      return b + gb11643Check(b);
    };
    const card = (): string => {
      const b = `622202${rng.digits(12)}`;
      return b + luhnCheckDigit(b);
    };
    const list = Array.from({ length: 300 }, (_, i) => ({
      custName: rng.pick(['张三', '欧阳娜娜', '李*', 'ACME']),
      idNo: id(),
      mobile: i % 3 ? `138${rng.digits(8)}` : `138****${rng.digits(4)}`,
      cardNo: card(),
      note: `联系 1${rng.pick(['38', '59', '86'])}${rng.digits(8)} 或 a${i}@example.com`,
      amount: rng.int(100000) / 100,
      txnTime: '2024-06-09T18:46:38+08:00',
      balance: String(rng.int(1e7)),
      extra: JSON.stringify({ v1: id(), n: Number(`139${rng.digits(8)}`) }),
      status: 'SUCCESS',
      '': rng.digits(18),
    }));
    const doc = { code: '0000', data: { total: 300, records: list, txns: list.slice(0, 20), 'a.b': { 'x y': card() } }, n: 13812345678, big: 'BIG' };
    // a 19-digit number, as JSON carries it (it loses digits when parsed)
    const big = (t: string): string => t.replace('"BIG"', '6222021234567890123');
    for (const text of [big(JSON.stringify(doc)), big(JSON.stringify(doc, null, 2))]) {
      const want = viaTree(text)!;
      expect(want.length).toBeGreaterThan(8);
      expect(viaText(text)).toEqual(want);
      // with an allow-list and a disabled label, too
      const o: ScanOptions = { ...opts, allowKeys: new Set(['cardno']), disabled: new Set(['cn_mobile']) };
      expect(viaText(text, o)).toEqual(viaTree(text, o));
    }
  });

  it('matches scanJson on records of identifiers, decimals, codes and Han text (values it never makes into strings)', () => {
    const rng = new SeededRandom(11);
    const list = Array.from({ length: 400 }, (_, i) => ({
      txnId: `TLX${rng.digits(6)}${rng.pick(['AB', 'x_', 'Q'])}${rng.digits(8)}`,
      ref: rng.pick([`N${rng.digits(17)}`, `91${rng.digits(6)}MA${rng.digits(7)}X`, `a,138${rng.digits(8)}`, `id_${rng.digits(11)}`]),
      balanceAfter: `${rng.digits(1 + rng.int(7))}.${rng.digits(2)}`,
      other: rng.pick([`${rng.digits(2)}.${rng.digits(2)}.${rng.digits(2)}.${rng.digits(2)}`, '.5', `${rng.digits(3)}.`, `1.${rng.digits(70)}`]),
      code: rng.digits(1 + rng.int(8)),
      remark: rng.pick(['还款', '中国工商银行', '京A12345', '北京市朝阳区建国路88号', `张${i}`]),
      counterpartyAccount: `622202${rng.digits(13)}`,
      // integers read with their digits (up to 15) or parsed from the text (longer, or with a fraction)
      num: rng.pick([`1${rng.pick(['38', '59'])}${rng.digits(8)}`, `-138${rng.digits(8)}`, `17179975${rng.digits(5)}`, `62220212345${rng.digits(4)}`, `6222021234567${rng.digits(3)}`, '0', '-0', `${1 + rng.int(98)}.5`, `1${rng.digits(6)}e2`]),
    }));
    const text = JSON.stringify({ data: { records: list } }).replace(/"num":"(-?[0-9.e]+)"/g, '"num":$1');
    const want = viaTree(text)!;
    expect(want.length).toBeGreaterThan(3);
    expect(viaText(text)).toEqual(want);
  });

  it.each([
    '{', '[', '}', '{"a":1,}', '[1,]', '{"a" 1}', '{"a":01}', '01', '-', '1.', '1e', '.5', '+1', '[1 2]', '{"a":1 "b":2}', "{'a':1}", 'NaN', '{} x',
    '\ufeff{}', '{"a":"\u0001"}', '{"a":"\\x"}', '{"a":"\\u12G4"}', '{"a":tru}', '{"a":nul}', '{"a":"b}', '{"a\\":1}', '[,1]', '{,}', '{"a":1}}', '[[]',
  ])('rejects %j as JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(scanJsonText(text)).toBeUndefined();
  });

  it.each(['{}', '[]', ' { "a" : [ ] , "b" : { } } ', '"13812345678"', '13812345678', 'null', 'true', '[-0.5e+3, 0, 1E2, false, null]'])('accepts %j and scans only objects and arrays', (text) => {
    expect(viaText(text)).toEqual(viaTree(text));
  });

  it('unescapes keys and values, and walks JSON inside strings', () => {
    const hits = scanJsonText('{"id\\u004eo":"1101051949123100\\u0032X","data":"{\\"mobile\\":\\"13812345678\\"}","m\\"x":"\\/13912345678"}', opts)!;
    expect(hits.map((h) => `${h.label}@${h.location}`).sort()).toEqual(['cn_id@idNo', 'cn_mobile@["m\\"x"]', 'cn_mobile@data.mobile']);
    expect(hits.find((h) => h.label === 'cn_id')!.values).toEqual(['11010519491231002X']);
  });

  it('scans a key given twice both times (JSON.parse keeps the last)', () => {
    const hits = scanJsonText('{"f3":"13812345678","f3":"13912345678"}', opts)!;
    expect(hits).toMatchObject([{ label: 'cn_mobile', location: 'f3', count: 2, values: ['13812345678', '13912345678'] }]);
    expect(scanJson(JSON.parse('{"f3":"13812345678","f3":"13912345678"}'), opts)[0].count).toBe(1);
  });

  it('stops at the depth the tree walk stops, and hostile nesting neither throws nor overflows', () => {
    const at = (depth: number): string => '{"a":'.repeat(depth) + '"13812345678"' + '}'.repeat(depth);
    for (const d of [1, 127, 128, 129, 200]) expect(viaText(at(d))).toEqual(viaTree(at(d)));
    expect(viaText(at(128))).toHaveLength(1);
    expect(viaText(at(129))).toEqual([]);
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(scanJsonText(deep)).toEqual([]);
    expect(scanJsonText('['.repeat(1_000_000))).toBeUndefined();
    // the stacks kept for the next body (none after hostile nesting) serve it as fresh ones would
    const doc = '{"data":{"list":[{"mobile":"13812345678"},{"mobile":"13912345678"}]}}';
    expect(viaText(doc)).toEqual(viaTree(doc));
    expect(viaText(at(3))).toEqual(viaTree(at(3)));
  });

  it('keeps each location right when the paths kept from body to body overflow their bound', () => {
    // 20,000 distinct keys under one parent: the location cache is cleared part-way through
    const wide = `{"data":{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":"1381234${String(i % 10_000).padStart(4, '0')}"`).join(',')}}}`;
    const hits = scanJsonText(wide, opts)!;
    expect(hits).toHaveLength(20_000);
    expect(hits[0]!.location).toBe('data.k0');
    expect(hits[19_999]!.location).toBe('data.k19999');
    expect(new Set(hits.map((h) => h.location)).size).toBe(20_000);
    const doc = '{"data":{"k7":"13812345678","list":[{"idNo":"11010519491231002X"}]}}';
    expect(viaText(doc)).toEqual(viaTree(doc));
  });

  it('reads long keys (built each time, not kept) as the tree walk does, body after body', () => {
    const long = 'k'.repeat(5_000);
    for (const doc of [
      `{"data":[{"${long}":"13812345678","m":"13912345678"},{"${long}":"13812345679","m":"13912345679"}]}`,
      `{"${long}":{"${long}x":{"mobile":"13812345678"}},"list":[{"${long}":"11010519491231002X"}]}`,
    ]) {
      expect(viaText(doc)).toEqual(viaTree(doc));
      expect(viaText(doc)).toEqual(viaTree(doc));
    }
    expect(scanJsonText(`{"a":{"${long}":"13812345678"}}`, opts)![0]!.location).toBe(`a.${long}`);
  });

  it('judges birth dates against the event time of each scan (the scans of one time share a context)', () => {
    const born2024 = '{"idNo":"' + idWith('110105', '20240315', '123') + '"}';
    expect(scanJsonText(born2024, { refTime: Date.UTC(2023, 0, 1) })!.map((h) => h.label)).not.toContain('cn_id');
    expect(scanJsonText(born2024, { refTime: Date.UTC(2025, 0, 1) })!.map((h) => h.label)).toContain('cn_id');
    expect(scanJsonText(born2024, { refTime: Date.UTC(2023, 0, 1) })!.map((h) => h.label)).not.toContain('cn_id');
  });
});

function idWith(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + gb11643Check(first17);
}
