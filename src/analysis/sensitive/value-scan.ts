/**
 * Scanning one value under one key, the unit every scanner (JSON, parameters, text) shares:
 * 1. labels the key hints at get the whole value (`xm: "张三"`, `payPwd: "123456"`), masked
 *    forms first;
 * 2. whole-value shapes that need no hint (credentials, masked names and e-mails, plates, IPv6,
 *    USCC, track data, a full address);
 * 3. numeric tokens anywhere in the value (IDs, mobiles, cards, IPv4), with the key as context;
 * 4. e-mails and credentials embedded in longer text.
 */
import type { KeyInfo } from './keys.js';
import { scanCredentials, scanEmails } from './embedded.js';
import { isMaskCode } from './mask.js';
import { isHan } from './recogniser.js';
import { RECOGNISER } from './registry.js';
import { address } from './recognisers/address.js';
import { cardTrack } from './recognisers/card_track.js';
import { cnId } from './recognisers/cn_id.js';
import { credential, credentialKind } from './recognisers/credential.js';
import { email } from './recognisers/email.js';
import { ip } from './recognisers/ip.js';
import { personName } from './recognisers/person_name.js';
import { PROVINCES, plate } from './recognisers/plate.js';
import { uscc } from './recognisers/uscc.js';
import { classifyDigits, type KeySource, type ScanCtx, scanTokens, type Sink, TIMESTAMP_WINDOW_MS } from './tokens.js';
import type { Recogniser } from './types.js';

const off = (ctx: ScanCtx, r: Recogniser): boolean => ctx.disabled !== undefined && ctx.disabled.has(r.label);

/** Step 1: the labels the key hints at, on the whole value. True when one matched. */
function hinted(s: string, maybeMasked: boolean, key: KeyInfo, ctx: ScanCtx, sink: Sink): boolean {
  const cctx = ctx.hinted;
  for (const label of key.hints) {
    // transaction records are found by record shape, not in a scalar
    if (label === 'transaction') continue;
    const r = RECOGNISER[label];
    if (off(ctx, r)) continue;
    const m = maybeMasked ? r.checkMasked(s, cctx) : undefined;
    if (m) {
      sink.hit(label, m, s, 0);
      return true;
    }
    const v = r.validate(s, cctx);
    if (v.ok) {
      sink.hit(label, undefined, v.value, 0);
      return true;
    }
  }
  return false;
}

// character kinds of a value, found in one pass before anything else looks at it
const DIGIT = 1;
const MASK = 2;
const AT = 4;
const COLON = 8;
const TRACK = 16; // '=' or '^'
const HAN = 32;
const LETTER = 64;
const SEP = 128; // ' ' or '-'
const DOT = 256;
/** Any other character but `_`: what ends an identifier for the token scanner (tokens.ts). */
const OTHER = 512;
const ASCII_KIND = new Uint16Array(128).fill(OTHER);
for (let c = 48; c <= 57; c++) ASCII_KIND[c] = DIGIT;
for (let c = 65; c <= 90; c++) ASCII_KIND[c] = LETTER;
for (let c = 97; c <= 122; c++) ASCII_KIND[c] = LETTER;
ASCII_KIND[95] = 0; // '_', part of an identifier
ASCII_KIND[42] = MASK;
ASCII_KIND[64] = AT;
ASCII_KIND[58] = COLON;
ASCII_KIND[61] = TRACK;
ASCII_KIND[94] = TRACK;
ASCII_KIND[32] = SEP;
ASCII_KIND[45] = SEP;
ASCII_KIND[46] = DOT;

/** The kind bits of one character (what `kinds` ors together). */
export function kindOf(c: number): number {
  return c < 128 ? ASCII_KIND[c] : isHan(c) ? HAN : isMaskCode(c) ? MASK : OTHER;
}

/** The kind bits of a whole value. */
export function kinds(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) k |= kindOf(s.charCodeAt(i));
  return k;
}

const CRED_START = /^(?:eyJ|AKIA|ASIA|LTAI|AKID|-----BEGIN |bearer\s|basic\s|jdbc:|[a-z][a-z0-9+]{1,15}:\/\/)/i;
/** First characters of the values CRED_START can match (plus any value with a colon). */
const CRED_FIRST = new Set('eALj-bB'.split(''));
const USCC_FIRST = new Set('123456789ANY'.split(''));

/** Step 2: shapes that are recognisable as a whole value without a key hint. */
function wholeValue(s: string, k: number, key: KeyInfo, ctx: ScanCtx, sink: Sink): boolean {
  const n = s.length;
  if (n >= 8 && (CRED_FIRST.has(s[0]) || k & COLON) && CRED_START.test(s) && !off(ctx, credential) && credentialKind(s.trim())) {
    sink.hit('credential', undefined, s.trim(), 0);
    return true;
  }
  if (n > 120) return false;
  if (k & MASK) {
    if (n > 64) return false;
    // only the recognisers whose masked form can contain what the value contains
    const fits = [k & HAN, k & AT, k & DOT, k & HAN, k & LETTER];
    const masked = [personName, email, ip, plate, credential];
    for (let i = 0; i < masked.length; i++) {
      const r = masked[i];
      if (!fits[i] || off(ctx, r)) continue;
      const m = r.checkMasked(s);
      if (m) {
        sink.hit(r.label, m, s, 0);
        return true;
      }
    }
    return false;
  }
  if (k & HAN) {
    if (n >= 7 && n <= 10 && PROVINCES.includes(s[0]) && !off(ctx, plate) && plate.isValid(s)) {
      sink.hit('plate', undefined, plate.compact(s), 0);
      return true;
    }
    // a full address (with a house number) needs no key; partial ones do
    if (n >= 8 && k & DIGIT && isHan(s.charCodeAt(0)) && !off(ctx, address)) {
      const r = address.validate(s);
      if (r.ok && r.detail?.strong === true) {
        sink.hit('address', undefined, r.value, 0);
        return true;
      }
    }
    return false;
  }
  if (k & COLON && n >= 2 && n <= 45 && !key.quiet && !off(ctx, ip) && /^[0-9a-fA-F:.]+$/.test(s)) {
    const r = ip.validate(s);
    if (r.ok && r.detail?.version === 6) {
      sink.hit('ip', undefined, r.value, 0);
      return true;
    }
  }
  // 18 characters, or 18 with separators between them (a 10-character date is none)
  if ((n === 18 || (n > 18 && n <= 22 && k & SEP)) && USCC_FIRST.has(s[0]) && !off(ctx, uscc)) {
    const r = uscc.validate(s);
    if (r.ok && r.detail?.structured === true && !cnId.isValid(s)) {
      sink.hit('uscc', undefined, r.value, 0);
      return true;
    }
  }
  if (k & TRACK && k & DIGIT && n >= 16 && !off(ctx, cardTrack)) {
    const r = cardTrack.validate(s);
    if (r.ok) {
      sink.hit('card_track', undefined, r.value, 0);
      return true;
    }
  }
  return false;
}

/**
 * Whether `scanValue` can report anything for a value of kinds `k` (`kinds`), length `n` and first
 * character `c0` under `key`: false for the short codes that fill most records (`SUCCESS`, `CNY`,
 * `TRANSFER_OUT`), so the JSON text scanner (scan-json.ts) need not even make their strings. It
 * mirrors the steps below: a hinting key looks at anything; without one, a value needs a mask,
 * `@`, a colon or track characters, or the length and first character a credential can have, or
 * digits that the token scanner can read as a number. Without digits, Han text (`还款`, a bank's
 * name) can be no plate (every serial holds a digit) and no full address (a house number), the
 * only Han shapes found without a key. Digits need not be a number: an identifier (a letter
 * first, then only letters, digits and `_`: `TLX8JEP9J34521490`) is skipped whole by the token
 * scanner and is no shape of step 2 unless it is 18 characters long (a USCC), and one to six
 * digits (`0000`) are too few for any token or column statistic. Checked against the full scan
 * on generated values of every kind (value-scan.test.ts) and records (scan-json-text.test.ts).
 */
export function mayHit(k: number, n: number, c0: number, key: KeyInfo): boolean {
  if (n === 0) return false;
  if (key.hints.length > 0 || (k & (MASK | AT | COLON | TRACK)) !== 0) return true;
  if ((k & DIGIT) !== 0) {
    if (k === DIGIT) return n >= 7;
    const identifier = (k & ~(LETTER | DIGIT)) === 0 && ((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122));
    if (!identifier) return true;
    if (n === 18 && USCC_FIRST.has(String.fromCharCode(c0))) return true;
  }
  // the length and first character a credential can have
  return n >= 24 ? (k & LETTER) !== 0 : n >= 8 && CRED_FIRST.has(String.fromCharCode(c0));
}

/**
 * A plain decimal (`168.09`: digits, one dot, digits; at most 64 characters) at s[i, end) of
 * kinds `k`: under a key without hints, all the full scan finds in one is a number-shaped
 * candidate (the token scanner's decimal, tokens.ts), which the JSON text scanner then reports
 * without making the string. Balances and amounts fill a transaction record's other fields.
 */
export function plainDecimal(k: number, s: string, i: number, end: number): boolean {
  if (k !== (DIGIT | DOT) || end - i > 64 || s.charCodeAt(i) === 46 || s.charCodeAt(end - 1) === 46) return false;
  let dots = 0;
  for (let j = i + 1; j < end - 1; j++) if (s.charCodeAt(j) === 46) dots++;
  return dots === 1;
}

const isD = (c: number): boolean => c >= 48 && c <= 57;
const d2 = (s: string, i: number): boolean => isD(s.charCodeAt(i)) && isD(s.charCodeAt(i + 1));

/**
 * `2024-06-10`, `2024-06-10T02:42:13`, `2024-06-10 02:42:13+08:00`, `…Z`, `…+0800`: an ISO 8601
 * date or time (no fraction) at s[i, end): 0 when it is not one, else ISO_TIME, plus
 * ISO_CANDIDATE when the token scanner takes its date for a number-shaped value under a neutral
 * key (a date alone, or a date and time apart by a space, join into 8–10 digits; after a `T` the
 * date is glued to a letter). Nothing but a hinting key can make one a hit: its digit runs (4-2-2,
 * then 2-digit fields) join into no shape the token scanner classifies, it holds no marker, mask,
 * `@` or Han, and it is shorter than a USCC. Half the fields of a transaction record are such
 * times; checked by character codes, they cost no token scan.
 */
export function isIsoTime(s: string, i: number, end: number): number {
  const n = end - i;
  if (n !== 10 && (n < 16 || n > 25)) return 0;
  if (!(d2(s, i) && d2(s, i + 2) && s.charCodeAt(i + 4) === 45 && d2(s, i + 5) && s.charCodeAt(i + 7) === 45 && d2(s, i + 8))) return 0;
  if (n === 10) return ISO_TIME | ISO_CANDIDATE;
  const t = s.charCodeAt(i + 10);
  if ((t !== 84 && t !== 32) || !d2(s, i + 11) || s.charCodeAt(i + 13) !== 58 || !d2(s, i + 14)) return 0;
  const found = t === 32 ? ISO_TIME | ISO_CANDIDATE : ISO_TIME;
  let j = i + 16;
  if (j < end && s.charCodeAt(j) === 58) {
    if (!d2(s, j + 1)) return 0;
    j += 3;
  }
  if (j === end) return found;
  const z = s.charCodeAt(j);
  if (z === 90) return j + 1 === end ? found : 0;
  if (z !== 43 && z !== 45) return 0;
  // +08:00 or +0800
  if (!d2(s, j + 1)) return 0;
  const rest = end - (j + 3);
  return rest === 0 || (rest === 2 && d2(s, j + 3)) || (rest === 3 && s.charCodeAt(j + 3) === 58 && d2(s, j + 4)) ? found : 0;
}
export const ISO_TIME = 1;
export const ISO_CANDIDATE = 2;

/** isIsoTime of the value of kinds `k` at s[i, end), checked only when its kinds allow a time. */
export function timeValue(k: number, s: string, i: number, end: number): number {
  return (k & ~(DIGIT | SEP | COLON | LETTER | OTHER)) === 0 && (k & DIGIT) !== 0 ? isIsoTime(s, i, end) : 0;
}

/**
 * Scan a string value found under `key` (`k`: its `kinds`, when the caller has them; `timeKnown`:
 * the caller already found it is no ISO time, as the JSON text reader does under keys without hints).
 */
export function scanValue(s: string, key: KeyInfo, keys: KeySource, ctx: ScanCtx, sink: Sink, k = kinds(s), timeKnown = false): void {
  if (s.length === 0) return;
  // x/X masks come in runs (138xxxx5678)
  if (key.hints.length > 0 && hinted(s, (k & MASK) !== 0 || ((k & LETTER) !== 0 && /[xX]{2}/.test(s)), key, ctx, sink)) return;
  const time = timeKnown ? 0 : timeValue(k, s, 0, s.length);
  if (time) {
    if (time & ISO_CANDIDATE && key.hints.length === 0) sink.candidate(0);
    return;
  }
  if (wholeValue(s, k, key, ctx, sink)) return;
  if (k & DIGIT) scanTokens(s, keys, ctx, sink);
  if (k & AT && s.length >= 6) scanEmails(s, ctx, sink);
  if (k & LETTER && s.length >= 24) scanCredentials(s, ctx, sink);
}

/** Scan a JSON number found under `key`. */
export function scanNumber(x: number, key: KeyInfo, ctx: ScanCtx, sink: Sink): void {
  if (!Number.isFinite(x)) return;
  if (key.hints.length > 0 && hinted(String(x), false, key, ctx, sink)) return;
  const neutral = key.hints.length === 0;
  // 18- and 19-digit numbers lose digits in JSON.parse: whatever they were, they are not valid now
  if (!Number.isSafeInteger(x)) {
    if (neutral) sink.candidate(0); // a decimal: number-shaped (collector.ts column statistics)
    return;
  }
  if (x < 1e6) return;
  if (neutral) sink.candidate(0);
  // only 11 digits (mobile) and 13–16 (mobile with 86, card, a 15-digit ID under its key) can be
  // anything; a quiet key without hints silences them all; 13-digit millisecond times are no card
  if (x < 1e10 || (x >= 1e11 && x < 1e12) || (key.quiet && neutral)) return;
  if (x >= 1e12 && x < 1e13 && neutral && Math.abs(x - ctx.now) < TIMESTAMP_WINDOW_MS && (x < 86e11 || x >= 87e11)) return;
  classifyDigits(String(x), key, ctx, sink, 0);
}

