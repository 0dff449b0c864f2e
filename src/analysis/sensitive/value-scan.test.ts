import { describe, expect, it } from 'vitest';
import { keyInfo, NEUTRAL_KEY } from './keys.js';
import { scanJsonText } from './scan-json.js';
import { scanContext } from './scan-context.js';
import { scanTokens, type Sink } from './tokens.js';
import { ISO_CANDIDATE, isIsoTime } from './value-scan.js';

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
