/**
 * Parameter names that read naturally: named after the parent word (`/users/{userId}`,
 * `/balanceAccounts/{balanceAccountId}`, `/books/v1/{bookName}`), skipping versions and path
 * furniture; `{id}` when there is no word to lean on.
 */
import type { SegmentKind } from '../../../core/endpoint.js';
import { isVersion, splitWords } from './segments.js';
import { RESERVED } from './words.js';

interface NamedNode {
  parent: NamedNode | undefined;
  segment: string | undefined;
  kinds: Set<SegmentKind> | undefined;
}

/** words that already say "identifier" */
const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'no', 'code', 'num', 'number', 'sn', 'seq']);

export function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

const SUFFIX: Partial<Record<SegmentKind, string>> = {
  string: 'Name',
  date: 'Date',
  email: 'Email',
  token: 'Token',
  cn_id: 'IdNo',
  cn_mobile: 'Mobile',
  bank_card: 'CardNo',
};

function suffixFor(kinds: Set<SegmentKind> | undefined): string {
  if (!kinds || kinds.size === 0) return 'Id';
  if (kinds.size === 1) return SUFFIX[[...kinds][0]!] ?? 'Id';
  // mixed: ids win over names
  for (const k of kinds) if (!SUFFIX[k]) return 'Id';
  return SUFFIX[[...kinds][0]!] ?? 'Id';
}

export function paramName(n: NamedNode): string {
  const suffix = suffixFor(n.kinds);
  for (let p = n.parent; p && p.parent; p = p.parent) {
    const seg = p.segment;
    if (seg === undefined) break; // parent is a parameter: no word to lean on
    if (isVersion(seg) || RESERVED.has(seg.toLowerCase())) continue;
    const words = splitWords(seg).filter((w) => !/^\d/.test(w));
    if (words.length === 0) continue;
    const last = singular(words[words.length - 1]!);
    const camel = [...words.slice(0, -1), last].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
    // `/id/{id}`, `/date/{date}`, `/uuid/{uuid}`: the parent already names the value
    if (camel.toLowerCase().endsWith(suffix.toLowerCase()) || ID_WORDS.has(last)) return camel;
    return camel + suffix;
  }
  return suffix === 'Id' ? 'id' : suffix[0]!.toLowerCase() + suffix.slice(1);
}
