/**
 * Key names as context. A key can hint at labels (`idNo` → cn_id, `sjhm` → cn_mobile) or make a
 * number "quiet": under `orderId`, `traceNo`, `createTime`, `amount`… a 16–19 digit number is an
 * identifier or a time, not a card, and an 11-digit one is not a mobile. Only the weak
 * recognisers (no checksum or a 1-in-10 one) listen to quiet keys; a resident ID's checksum,
 * region and birth date carry it under any key.
 *
 * Keys repeat endlessly in traffic, so results are cached per raw key (bounded).
 */
import { LABELS, type LabelId } from './labels.js';

export interface KeyInfo {
  /** The key as written. */
  raw: string;
  /** Normalised key: lower case, `_`, `-`, `.`, spaces removed. */
  norm: string;
  /** Labels the key hints at, most specific first (often empty). */
  hints: readonly LabelId[];
  /** Identifier-, time- or amount-like key: numbers under it are not cards or mobiles. */
  quiet: boolean;
  /** Role in a ledger record (transaction.ts): 1 amount, 2 time, 4 ledger field, 0 none. */
  record: number;
  /** Usable as a plain JSON-path segment (`a.b` needs quoting: `["a.b"]`). */
  simple: boolean;
}

export const NEUTRAL_KEY: KeyInfo = { raw: '', norm: '', hints: [], quiet: false, record: 0, simple: true };

const AMOUNT_KEY = /(amount|amt|money|je|jyje|fse)$/;
const TIME_KEY = /(time|date|datetime|timestamp|sj|rq|jysj|jyrq)$/;
const LEDGER_KEY = /(balance|bal|ye|opp|counterparty|payee|payer|dfzh|dfhm|dfmc|direction|dcflag|jdbz|drcr|txntype|transtype|tradetype|jylx|summary|zy|remark|memo|channel)/;

/** What a (normalised) key contributes to a ledger record: 1 amount, 2 time, 4 ledger field. */
export function recordRole(norm: string): number {
  return AMOUNT_KEY.test(norm) ? 1 : TIME_KEY.test(norm) ? 2 : LEDGER_KEY.test(norm) ? 4 : 0;
}

const SIMPLE_KEY = /^[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff-]*$/;

export function normaliseKey(k: string): string {
  let out = '';
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c === 95 || c === 45 || c === 46 || c === 32) continue;
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : k[i];
  }
  return out;
}

const exactHints = new Map<string, LabelId[]>();
const suffixHints: Array<[string, LabelId]> = [];
for (const l of LABELS) {
  for (const h of l.hints.exact) exactHints.set(h, [...(exactHints.get(h) ?? []), l.id]);
  for (const h of l.hints.suffix) suffixHints.push([h, l.id]);
}
// longest first, so `paypwd` (pay_password) wins over `pwd` (password)
suffixHints.sort((a, b) => b[0].length - a[0].length);

/** Certificate-number keys hold whichever document `certType` says: try them all, ID first. */
const CERT_KEYS = new Set(['certno', 'certid', 'certcode', 'zjhm', 'zjh', 'idno', 'idnumber', '证件号码', 'certificateno', 'documentno']);
const CERT_LABELS: LabelId[] = ['cn_id', 'passport', 'hk_mo_permit', 'tw_permit'];

/**
 * Last words of identifier, sequence, time and amount keys (`orderId`, `trace_no`, `createdAt`).
 * Hints win over these: `cardNo` and `mobileNo` end in `No` but hint at their label.
 */
const QUIET_WORDS = new Set([
  'id', 'ids', 'no', 'num', 'number', 'seq', 'seqno', 'sn', 'serial', 'code', 'key', 'uuid', 'guid', 'snowflake',
  'ts', 'time', 'timestamp', 'date', 'datetime', 'at', 'expires', 'expire', 'ttl', 'millis', 'ms', 'epoch',
  'version', 'ver', 'hash', 'sign', 'signature', 'nonce', 'digest', 'md5', 'sha1', 'sha256', 'crc', 'checksum',
  'lsh', 'ddh', 'jylsh', 'count', 'cnt', 'total', 'size', 'offset', 'limit', 'page', 'index', 'idx', 'rank', 'score',
  'price', 'fee', 'qty', 'quantity', 'amount', 'amt', 'balance', 'bal', 'rate', 'ratio', 'trace', 'flow',
  't', 'v', '_', 'rid', 'rnd', 'random', 'cb', 'callback',
]);
/**
 * For one-word lower-case keys (`orderid`, `traceno`, `createtime`, common in Chinese systems) the
 * ending is matched without a word boundary; short risky endings (`ts`: `accounts`, `count`:
 * `account`, `at`: `lat`) are left out.
 */
const QUIET_ENDINGS = [
  'id', 'no', 'seq', 'seqno', 'serial', 'uuid', 'guid', 'time', 'timestamp', 'date', 'datetime', 'version', 'hash',
  'sign', 'nonce', 'lsh', 'ddh', 'jylsh', 'amount', 'amt', 'price', 'fee', 'total', 'snowflake',
];

/** Words of a key: split at `_ - . space` and lower→upper case changes (`orderId` → order, id). */
function lastWord(raw: string): { word: string; single: boolean } {
  let end = raw.length;
  while (end > 0 && '_-. '.includes(raw[end - 1])) end--;
  let start = end;
  while (start > 0) {
    const c = raw.charCodeAt(start - 1);
    if (c === 95 || c === 45 || c === 46 || c === 32) break;
    const cur = raw.charCodeAt(start);
    // an upper-case letter after a lower-case one starts a word: orderId → Id
    if (start < end && cur >= 65 && cur <= 90 && c >= 97 && c <= 122) break;
    start--;
  }
  return { word: raw.slice(start, end).toLowerCase(), single: start === 0 };
}

function quietKey(raw: string, norm: string): boolean {
  const { word, single } = lastWord(raw);
  if (QUIET_WORDS.has(word) || QUIET_WORDS.has(norm)) return true;
  if (single && raw === word) for (const s of QUIET_ENDINGS) if (norm.length > s.length && norm.endsWith(s)) return true;
  return false;
}

/** Labels whose numbers a quiet key silences; a hint at one of these makes the key loud. */
const NUMBER_LABELS: ReadonlySet<LabelId> = new Set(['bank_card', 'cn_mobile', 'cn_id', 'landline']);

function hintsFor(norm: string): LabelId[] {
  const exact = exactHints.get(norm);
  let hints: LabelId[] = exact ? [...exact] : [];
  if (!exact) {
    let best = 0;
    for (const [h, label] of suffixHints) {
      if (h.length < best) break;
      if (norm.endsWith(h)) {
        best = h.length;
        if (!hints.includes(label)) hints.push(label);
      }
    }
  }
  if (CERT_KEYS.has(norm)) hints = [...new Set([...hints, ...CERT_LABELS])];
  return hints;
}

const cache = new Map<string, KeyInfo>();
const CACHE_MAX = 8192;
/**
 * Keys longer than this are worked out each time, not kept: caches that outlive a body (this one,
 * the JSON reader's memos and locations) must stay small whatever keys hostile bodies carry.
 */
export const MAX_KEPT_KEY = 256;

export function keyInfo(raw: string, allowKeys?: ReadonlySet<string>): KeyInfo {
  if (raw === '') return NEUTRAL_KEY;
  let k = cache.get(raw);
  if (!k) {
    const norm = normaliseKey(raw);
    const hints = hintsFor(norm);
    k = { raw, norm, hints, quiet: !hints.some((h) => NUMBER_LABELS.has(h)) && quietKey(raw, norm), record: recordRole(norm), simple: SIMPLE_KEY.test(raw) };
    if (raw.length <= MAX_KEPT_KEY) {
      if (cache.size >= CACHE_MAX) cache.clear(); // crude but bounded; hot keys come straight back
      cache.set(raw, k);
    }
  }
  if (allowKeys && !k.quiet && allowKeys.has(k.norm)) return { ...k, hints: [], quiet: true };
  return k;
}

