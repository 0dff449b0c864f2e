/**
 * scanText: the fallback for bodies that are not JSON (HTML, XML/SOAP, truncated JSON, logs).
 * One token pass over the whole text (tokens.ts) plus the e-mail and credential markers; each
 * candidate takes its key from just before it: `<idNo>…`, `"mobile":"…`, `cardNo=…`, `手机号：…`.
 * Labels that need a key hint (names, passwords, codes…) are looked for after separators whose
 * key hints at them. Locations are key names (`idNo`), or '' when there is no key.
 *
 *   scanText('<cust><xm>张三</xm><sfzh>11010519491231002X</sfzh></cust>')
 *   // person_name at xm, cn_id at sfzh
 */
import { HitCollector } from './collector.js';
import { scanCredentials, scanEmails } from './embedded.js';
import { type KeyInfo, keyInfo, NEUTRAL_KEY } from './keys.js';
import type { LabelId } from './labels.js';
import { RECOGNISER } from './registry.js';
import { credentialKind } from './recognisers/credential.js';
import { isHan } from './recogniser.js';
import { scanContext } from './scan-context.js';
import { type KeySource, type ScanCtx, scanTokens, type Sink } from './tokens.js';
import type { DataHit, MaskedForm, ScanOptions } from './types.js';

const KEY_MAX = 48;

function keyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || isHan(c);
}

/**
 * The key that the separator at `sep` (`:`, `：`, `=`, `>`) closes, or ''. For `>` the element's
 * tag name (namespace prefix dropped); closing tags have no key.
 */
export function keyOfSeparator(text: string, sep: number): string {
  const c = text.charCodeAt(sep);
  if (c === 62) {
    let lt = sep - 1;
    while (lt >= 0 && sep - lt < 128 && text.charCodeAt(lt) !== 60) lt--;
    if (lt < 0 || text.charCodeAt(lt) !== 60 || text[lt + 1] === '/' || text[sep - 1] === '/') return '';
    let e = lt + 1;
    while (e < sep && (keyChar(text.charCodeAt(e)) || text.charCodeAt(e) === 58)) e++;
    const tag = text.slice(lt + 1, e);
    const colon = tag.lastIndexOf(':');
    return colon >= 0 ? tag.slice(colon + 1) : tag;
  }
  let e = sep;
  // `"key" :` and `key = `: skip spaces and a closing quote
  while (e > 0 && sep - e < 4 && (text[e - 1] === ' ' || text[e - 1] === '"' || text[e - 1] === "'")) e--;
  let b = e;
  while (b > 0 && e - b < KEY_MAX && keyChar(text.charCodeAt(b - 1))) b--;
  return text.slice(b, e);
}

const isSep = (c: number): boolean => c === 58 || c === 0xff1a || c === 61 || c === 62;

/** Key context by position: the key of the separator just before a token (spaces and a quote between). */
class TextKeys implements KeySource {
  private lastAt = -1;
  private lastKey: KeyInfo = NEUTRAL_KEY;
  private lastName = '';

  constructor(
    private readonly text: string,
    private readonly allowKeys: ReadonlySet<string> | undefined,
  ) {}

  nameAt(at: number): string {
    if (at !== this.lastAt) this.lookup(at);
    return this.lastName;
  }

  keyAt(at: number): KeyInfo {
    if (at !== this.lastAt) this.lookup(at);
    return this.lastKey;
  }

  private lookup(at: number): void {
    this.lastAt = at;
    let p = at - 1;
    while (p >= 0 && at - p <= 4 && (this.text[p] === ' ' || this.text[p] === '"' || this.text[p] === "'" || this.text[p] === '\t')) p--;
    const name = p >= 0 && isSep(this.text.charCodeAt(p)) ? keyOfSeparator(this.text, p) : '';
    this.lastName = name;
    this.lastKey = name ? keyInfo(name, this.allowKeys) : NEUTRAL_KEY;
  }
}

/** The value after a separator: quoted, or up to a delimiter; bounded. */
function valueAfter(text: string, sep: number): string {
  let i = sep + 1;
  while (i < text.length && i - sep < 4 && (text[i] === ' ' || text[i] === '\t')) i++;
  const q = text[i];
  if (q === '"' || q === "'") {
    const end = text.indexOf(q, i + 1);
    return end > i && end - i <= 256 ? text.slice(i + 1, end) : '';
  }
  let j = i;
  while (j < text.length && j - i < 256 && !'<&,;\n\r}]"'.includes(text[j])) j++;
  return text.slice(i, j).trim();
}

const hintOnlyCache = new WeakMap<KeyInfo, LabelId[]>();

/** Labels that only a key hint finds, plus opaque tokens under a credential key. */
function hintOnly(k: KeyInfo): LabelId[] {
  let labels = hintOnlyCache.get(k);
  if (!labels) hintOnlyCache.set(k, (labels = k.hints.filter((l) => l !== 'transaction' && (RECOGNISER[l].trigger === 'hint' || l === 'credential'))));
  return labels;
}

function scanPairs(text: string, allowKeys: ReadonlySet<string> | undefined, ctx: ScanCtx, out: HitCollector): void {
  const cctx = ctx.hinted;
  for (let i = 0; i < text.length; i++) {
    if (!isSep(text.charCodeAt(i))) continue;
    const name = keyOfSeparator(text, i);
    if (!name) continue;
    const labels = hintOnly(keyInfo(name, allowKeys));
    if (labels.length === 0) continue;
    const v = valueAfter(text, i);
    if (!v) continue;
    for (const l of labels) {
      if (ctx.disabled?.has(l)) continue;
      const r = RECOGNISER[l];
      const m = r.checkMasked(v, cctx);
      if (m) {
        out.add(l, name, m, v);
        break;
      }
      const ok = r.validate(v, cctx);
      // structured credentials are found by the marker scan already
      if (ok.ok && !(l === 'credential' && credentialKind(v))) {
        out.add(l, name, undefined, ok.value);
        break;
      }
    }
  }
}

export function scanText(text: string, opts: ScanOptions = {}): DataHit[] {
  const out = new HitCollector(opts);
  const ctx = scanContext(opts);
  const keys = new TextKeys(text, opts.allowKeys);
  const sink: Sink = {
    hit: (label: LabelId, masked: MaskedForm | undefined, value: string, at: number) => out.add(label, keys.nameAt(at), masked, value),
    candidate: (at: number) => out.candidate(keys.nameAt(at)),
  };
  scanTokens(text, keys, ctx, sink);
  if (text.includes('@')) scanEmails(text, ctx, sink);
  scanCredentials(text, ctx, sink);
  scanPairs(text, opts.allowKeys, ctx, out);
  return out.finish();
}
