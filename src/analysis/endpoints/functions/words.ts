/**
 * Turning a path template and an operation name into words, and finding vocabulary words in them.
 * Runs once per endpoint classification, not per exchange, so clarity wins over speed here.
 *
 *   splitWords('getSMSCode_v2')                 // ['get', 'sms', 'code']
 *   pathSegments('/api/v1/users/{id}/resetPwd.do')  // segments 'api', 'users', 'resetPwd' (action); endsWithParam false
 */
import type { ApiOperation } from '../../../core/endpoint.js';
import { NO_COMPOUND, QUALIFIERS, type WordClass } from './vocabulary.js';

export interface Segment {
  /** as written, e.g. `forget-password` */
  raw: string;
  /** lower-case words, e.g. ['forget', 'password'] */
  words: string[];
  source: 'path' | 'operation';
  /** names the action: the last path segment, or the operation's method when there is an operation */
  action: boolean;
  /** position among the kept path segments; -1 for operation segments */
  index: number;
}

export interface WordHit {
  shown: string;
  source: 'path' | 'operation';
}

const VERSION = /^v?\d+(?:[._]\d+)*$/i;
const EXTENSION = /\.(?:do|action|json|xml|html?|jsp|php|aspx?|ashx|cgi|jhtml|shtml)$/i;

function kindOf(c: string): 'upper' | 'lower' | 'digit' | 'other' {
  if (c >= 'a' && c <= 'z') return 'lower';
  if (c >= 'A' && c <= 'Z') return 'upper';
  if (c >= '0' && c <= '9') return 'digit';
  return 'other';
}

/** camelCase, acronyms (`SMSCode`), `-_.` and other separators, letter/digit changes; drops 1-char and numeric words. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur.length > 1 && kindOf(cur[0]) !== 'digit') out.push(cur.toLowerCase());
    cur = '';
  };
  for (let i = 0; i < s.length; i++) {
    const k = kindOf(s[i]);
    if (k === 'other') {
      flush();
      continue;
    }
    if (cur) {
      const p = kindOf(cur[cur.length - 1]);
      const nextLower = i + 1 < s.length && kindOf(s[i + 1]) === 'lower';
      const camel = k === 'upper' && (p === 'lower' || p === 'digit' || (p === 'upper' && nextLower));
      if (camel || (k === 'digit') !== (p === 'digit')) flush();
    }
    cur += s[i];
  }
  flush();
  return out;
}

/** Path segments that carry words: no `{params}`, no versions (`v1`, `v2.7`, `4.0`), no `.do`-style extensions. */
export function pathSegments(template: string): { segments: Segment[]; endsWithParam: boolean } {
  const raw = template.split('?')[0].split('/').filter(Boolean);
  const segments: Segment[] = [];
  for (const r of raw) {
    const s = r.split(';')[0].replace(/\{[^}]*\}/g, '').replace(EXTENSION, '');
    if (!s || VERSION.test(s)) continue;
    const words = splitWords(s);
    if (words.length) segments.push({ raw: s, words, source: 'path', action: false, index: segments.length });
  }
  if (segments.length) segments[segments.length - 1].action = true;
  const last = raw[raw.length - 1] ?? '';
  return { segments, endsWithParam: last.startsWith('{') && last.endsWith('}') };
}

/** `bank.acct.v1.AccountService/ListAccounts`, `user.login`, `TransferFunds`: the last piece is the action. */
export function operationSegments(op: ApiOperation | undefined): Segment[] {
  if (!op?.name) return [];
  const pieces = op.name.split(/[/.]/).filter((p) => p && !VERSION.test(p));
  return pieces
    .map((p, i): Segment => ({ raw: p, words: splitWords(p), source: 'operation', action: i === pieces.length - 1, index: -1 }))
    .filter((s) => s.words.length > 0);
}

export interface FindOptions {
  part: 'verb' | 'noun' | 'name';
  scope: 'action' | 'any';
  /** only whole segments match */
  wholeOnly?: boolean;
}

function hitIn(seg: Segment, words: readonly string[], o: FindOptions): string | undefined {
  const ws = seg.words;
  if (o.wholeOnly) return words.includes(ws.join('')) ? seg.raw : undefined;
  const qualified = (i: number): boolean => o.part === 'noun' && i < ws.length && QUALIFIERS.has(ws[i]);
  for (let i = 0; i < ws.length; i++) {
    if (i + 1 < ws.length && words.includes(ws[i] + ws[i + 1]) && !qualified(i + 2)) return `${ws[i]} ${ws[i + 1]}`;
    if (words.includes(ws[i]) && !qualified(i + 1)) return ws[i];
  }
  // an unsplit lower-case compound (`userlogin`, `getsmscode`, `adminapi`): nouns end it, verbs start it, names either
  if (ws.length === 1 && ws[0].length >= 6) {
    const c = ws[0];
    for (const v of words) {
      if (v.length < 3 || NO_COMPOUND.has(v)) continue;
      const suffix = o.part !== 'verb' && c.endsWith(v) && c.length - v.length >= 2;
      const prefix = o.part !== 'noun' && c.startsWith(v) && c.length - v.length >= 3;
      if (suffix || prefix) return c;
    }
  }
  return undefined;
}

/** The first vocabulary word found, looking at the action segments first. */
export function findWord(segs: readonly Segment[], words: readonly string[], o: FindOptions): WordHit | undefined {
  for (const seg of segs) {
    if (o.scope === 'action' && !seg.action) continue;
    const shown = hitIn(seg, words, o);
    if (shown !== undefined) return { shown, source: seg.source };
  }
  return undefined;
}

/** A vocabulary class: its words, then its whole-segment-only words. */
export function findClass(segs: readonly Segment[], c: WordClass): WordHit | undefined {
  const o = { part: c.part, scope: c.scope };
  return findWord(segs, c.words, o) ?? (c.whole ? findWord(segs, c.whole, { ...o, wholeOnly: true }) : undefined);
}

/** `path word "login"`, `path words "forget password"` */
export function describeHit(h: WordHit): string {
  return `${h.source} ${h.shown.includes(' ') ? 'words' : 'word'} "${h.shown}"`;
}

/** Normalised last part of a parameter path: `user.newPassword` → `newpassword`, `items[].sms_code` → `smscode`. */
export function paramLeaf(name: string): string {
  const s = name.replace(/\[[^\]]*\]/g, '');
  return s.slice(s.lastIndexOf('.') + 1).toLowerCase().replace(/[-_\s]/g, '');
}
