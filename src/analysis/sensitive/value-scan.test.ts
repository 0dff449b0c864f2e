import { describe, expect, it } from 'vitest';
import { keyInfo, NEUTRAL_KEY } from './keys.js';
import { scanJsonText } from './scan-json.js';
import { scanContext } from './scan-context.js';
import { gb11714Valid, gb32100Check } from './checksum.js';
import { SeededRandom } from './false-positive-run.js';
import { scanTokens, type Sink } from './tokens.js';
import { ISO_CANDIDATE, isIsoTime, kinds, mayHit, plainDecimal, scanValue } from './value-scan.js';

const iso = (s: string): boolean => isIsoTime(s, 0, s.length) !== 0;

describe('isIsoTime', () => {
  it.each(['2024-06-10', '2024-06-10T02:42:13+08:00', '2024-06-10 02:42:13', '2024-06-10T02:42', '2024-06-10T02:42:13Z', '2024-06-10T02:42:13+0800', '2024-06-10T02:42:13-05', '2024-06-10 02:42+08:00'])('%s is one', (s) => {
    expect(iso(s)).toBe(true);
  });

  it.each([
    '2024-06-1',
    '2024/06/10',
    '20240610',
    '2024-06-10T02:42:13.123Z', // a fraction is a decimal to the token scanner: left to it
    '2024-06-10T02:42:13+08:00x',
    '2024-06-10X02:42:13',
    '2024-06-10T0242',
    '2024-06-10T02:42:1',
    '2024-06-10T02:42:13+8',
    '138-1234-5678',
    '6222-0212-3456-7890',
    '110105-19491231-002X',
  ])('%s is not', (s) => {
    expect(iso(s)).toBe(false);
  });

  it('reads a slice in place', () => {
    const body = '{"t":"2024-06-10T02:42:13+08:00"}';
    expect(isIsoTime(body, 6, 31)).not.toBe(0);
    expect(isIsoTime(body, 5, 31)).toBe(0);
  });
});

describe('ISO times skip the token scan', () => {
  // why the skip loses nothing: the token scanner finds nothing in any of them under any key,
  // and a number-shaped candidate under a neutral key exactly where isIsoTime says so
  const times: string[] = [];
  for (const y of ['1970', '2024', '2099'])
    for (const md of ['01-01', '06-10', '12-31'])
      for (const hm of ['', 'T00:00', ' 02:42:13', 'T23:59:59Z', 'T02:42:13+08:00', 'T02:42:13+0800', ' 13:08:09-05']) times.push(`${y}-${md}${hm}`);

  it.each([['neutral', NEUTRAL_KEY], ['mobile', keyInfo('mobile')], ['cardNo', keyInfo('cardNo')], ['idNo', keyInfo('idNo')]])('under a %s key the tokens give nothing', (_name, key) => {
    const seen: string[] = [];
    const sink: Sink = { hit: (label) => void seen.push(label), candidate: () => void seen.push('candidate') };
    let candidates = 0;
    for (const t of times) {
      const found = isIsoTime(t, 0, t.length);
      expect(found).not.toBe(0);
      if (found & ISO_CANDIDATE && key.hints.length === 0) candidates++;
      scanTokens(t, { keyAt: () => key }, scanContext({}), sink);
    }
    expect(seen).toEqual(new Array<string>(candidates).fill('candidate'));
    if (key === NEUTRAL_KEY) expect(candidates).toBe(27);
  });

  it('times beside the data of a record: the data is still found', () => {
    const body = JSON.stringify({ records: [{ txnTime: '2024-06-10T02:42:13+08:00', postDate: '2024-06-10', v1: '11010519491231002X', f3: '13812345678', data: '6222021234567890128' }] });
    const hits = scanJsonText(body)!.map((h) => `${h.label}@${h.location}`).sort();
    expect(hits).toEqual(['bank_card@records[].data', 'cn_id@records[].v1', 'cn_mobile@records[].f3']);
  });
});

/**
 * Values the JSON text scanner never makes into strings under a key without hints (mayHit false:
 * nothing; plainDecimal: a candidate only) against the full scan of the same value. The values
 * mix every character kind, plus the shapes the shortcuts are about and their near misses.
 */
describe('the shortcuts of the JSON text scanner lose nothing', () => {
  const rng = new SeededRandom(20261205);
  const pieces = ['a', 'Z', 'x', 'X', '_', '0', '7', '1', '.', '-', ' ', ',', '/', '+', '@', ':', '=', '^', '*', '张', '行', '\uff0a', '•', 'é', 'Ж', '京', 'A', 'N', 'e', 'b'];
  const shapes: Array<() => string> = [
    () => Array.from({ length: 1 + rng.int(30) }, () => rng.pick(pieces)).join(''),
    // identifiers, some 18 long (a USCC's length) and some starting as credentials do
    () => rng.pick(['TLX', 'A', 'N', 'Y', 'eyJ', 'AKIA', 'user_', 'x', 'b']) + Array.from({ length: rng.int(26) }, () => rng.pick(['0', '9', 'K', 'q', '_'])).join(''),
    () => `${rng.pick(['A', 'N', 'Y', 'G'])}${rng.digits(8)}${rng.pick(['MA', 'XY', '12'])}${rng.digits(7)}`,
    // a well-formed USCC under authority A, N or Y: the one identifier the full scan finds a label in
    () => {
      let org: string;
      do org = rng.digits(8) + rng.pick([...'0123456789X']);
      while (!gb11714Valid(org));
      const first17 = `${rng.pick(['A', 'N', 'Y'])}1110105${org}`;
      return first17 + gb32100Check(first17)!;
    },
    // decimals and dotted numbers
    () => `${rng.digits(1 + rng.int(12))}.${rng.digits(1 + rng.int(8))}`,
    () => `${rng.digits(1 + rng.int(3))}.${rng.digits(1 + rng.int(3))}.${rng.digits(1 + rng.int(3))}.${rng.digits(1 + rng.int(3))}`,
    () => `${rng.digits(40)}.${rng.digits(30)}`,
    () => rng.pick(['.5', '5.', '1..2', '-1.5', '1.5e3']),
    // digit runs of every length, glued to letters or not
    () => rng.digits(1 + rng.int(20)),
    () => `${rng.pick(['é', 'Ж', '张', ',', 'a', 'X'])}1${rng.pick(['38', '59', '86'])}${rng.digits(8)}`,
    // an identifier ends at any character but a letter, a digit or `_`
    () => `${rng.pick(['tel', 'ID', 'x'])}${rng.pick(['é', ',', '/', '+', '(', '#', '_'])}1${rng.pick(['38', '59', '86'])}${rng.digits(8)}`,
    // Han text, with and without digits: names, banks, plates, addresses
    () => Array.from({ length: 1 + rng.int(12) }, () => rng.pick(['张', '行', '中', '国', '银', '路', '号', '京'])).join(''),
    () => rng.pick(['京A12345', '粤BD12345', '北京市朝阳区建国路88号', '京AABCDE', '中国工商银行']),
  ];
  const none: string[] = [];
  const sink: Sink = { hit: (label) => void none.push(label), candidate: () => void none.push('candidate') };
  const ctx = scanContext({ refTime: Date.UTC(2025, 5, 1) });

  it.each([['neutral', NEUTRAL_KEY], ['quiet', keyInfo('orderId')]])('under a %s key', (_name, key) => {
    expect(key.hints).toEqual([]);
    let skipped = 0;
    let decimals = 0;
    let found = 0;
    for (let i = 0; i < 30000; i++) {
      const v = shapes[i % shapes.length]!();
      const k = kinds(v);
      none.length = 0;
      scanValue(v, key, { keyAt: () => key }, ctx, sink, k);
      if (!mayHit(k, v.length, v.charCodeAt(0), key)) {
        expect({ v, seen: none }).toEqual({ v, seen: [] });
        skipped++;
      } else if (plainDecimal(k, v, 0, v.length)) {
        expect({ v, seen: none }).toEqual({ v, seen: ['candidate'] });
        decimals++;
      } else if (none.some((x) => x !== 'candidate')) found++;
    }
    // the comparison is about something: many values of each kind, and hits among the rest
    expect(skipped).toBeGreaterThan(5000);
    expect(decimals).toBeGreaterThan(1500);
    expect(found).toBeGreaterThan(1000);
  });

  it('a value under a hinting key is always scanned: Han text, a decimal', () => {
    const hits = scanJsonText(JSON.stringify({ custName: '张三', amount: '12.50', note: '还款', balanceAfter: '12.50' }))!;
    expect(hits.map((h) => `${h.label}@${h.location}`).sort()).toEqual(['amount@amount', 'person_name@custName']);
  });
});
