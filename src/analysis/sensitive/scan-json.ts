/**
 * scanJson: one walk over a parsed JSON tree. Each scalar is scanned with its key as context
 * (value-scan.ts); hits are aggregated per (label, JSON path, masked), with `[]` for array
 * elements, so 500 customer records give `data.list[].idNo` with count 500.
 *
 *   scanJson({ data: { list: [{ idNo: '11010519491231002X', mobile: '138****5678' }] } })
 *   // [{ label: 'cn_id', location: 'data.list[].idNo', masked: false, count: 1, sample: '110***********002X' },
 *   //  { label: 'cn_mobile', location: 'data.list[].mobile', masked: true, maskPattern: 'keep 3+4', count: 1, sample: '138****5678' }]
 *
 * Strings that hold JSON themselves (double-encoded payloads, common in bank gateways) are parsed
 * and walked in place. Records are also checked for the transaction shape.
 */
import { detach } from '../../core/detach.js';
import { HitCollector } from './collector.js';
import { type KeyInfo, keyInfo, MAX_KEPT_KEY, NEUTRAL_KEY } from './keys.js';
import type { LabelId } from './labels.js';
import { scanContext } from './scan-context.js';
import type { KeySource, ScanCtx, Sink } from './tokens.js';
import type { DataHit, MaskedForm, ScanOptions } from './types.js';
import { ISO_CANDIDATE, kindOf, mayHit, plainDecimal, scanNumber, scanValue, timeValue } from './value-scan.js';

const MAX_DEPTH = 128;
/**
 * Child locations by parent location and key, kept from body to body: handing out the same
 * string object for the same path keeps the collector's map lookups cheap (a string's hash is
 * computed once), and the next response of an API builds none of its paths again. Made per body,
 * these maps and strings were the largest allocation of the scan after the values themselves
 * (sampled over 20,000 bench exchanges). At most MAX_CHILDREN locations.
 */
const CHILDREN = new Map<string, Map<KeyInfo | null, string>>();
const MAX_CHILDREN = 4096;
/** Longer locations are not kept (at most MAX_CHILDREN × this many characters are). */
const MAX_KEPT_LOCATION = 256;
let childCount = 0;

class JsonWalker implements Sink, KeySource {
  /** Path segments: a key, or null for an array element. */
  private readonly segs: Array<KeyInfo | null> = [];
  /**
   * Location strings of the path prefixes, built on demand: siblings share their parent's, so
   * 500 records under `data.list[]` build `data.list[]` once and only append their own key.
   */
  private readonly locs: Array<string | undefined> = [''];
  private key: KeyInfo = NEUTRAL_KEY;
  /** the parent location last looked up, and its children (CHILDREN's entry, or undefined) */
  private lastParent: string | undefined;
  private lastKids: Map<KeyInfo | null, string> | undefined;

  constructor(
    private readonly out: HitCollector,
    private readonly ctx: ScanCtx,
    private readonly allowKeys: ReadonlySet<string> | undefined,
  ) {}

  keyAt(): KeyInfo {
    return this.key;
  }

  hit(label: LabelId, masked: MaskedForm | undefined, value: string): void {
    this.out.add(label, this.location(this.segs.length), masked, value);
  }

  candidate(): void {
    this.out.candidate(this.location(this.segs.length));
  }

  location(depth: number): string {
    let loc = this.locs[depth];
    if (loc !== undefined) return loc;
    const parent = this.location(depth - 1);
    const seg = this.segs[depth - 1];
    // long paths (hostile keys) are built each time, not kept
    const keep = parent.length <= MAX_KEPT_LOCATION;
    // the fields of a record share their parent: its children looked up once for them all
    let kids = !keep ? undefined : parent === this.lastParent ? this.lastKids : CHILDREN.get(parent);
    loc = kids?.get(seg);
    if (loc === undefined) {
      if (seg === null) loc = `${parent}[]`;
      else if (seg.simple) loc = parent ? `${parent}.${seg.raw}` : seg.raw;
      else loc = `${parent}[${JSON.stringify(seg.raw)}]`;
      if (keep && loc.length <= MAX_KEPT_LOCATION) {
        if (++childCount > MAX_CHILDREN) {
          // bounded whatever the traffic; the paths of the APIs in use come straight back
          CHILDREN.clear();
          childCount = 1;
          kids = undefined;
        }
        if (!kids) CHILDREN.set(parent, (kids = new Map()));
        kids.set(seg, loc);
      }
    }
    if (keep) {
      this.lastParent = parent;
      this.lastKids = kids;
    }
    this.locs[depth] = loc;
    return loc;
  }

  push(seg: KeyInfo | null): void {
    this.segs.push(seg);
    this.locs[this.segs.length] = undefined;
  }

  pop(): void {
    this.segs.pop();
  }

  /** Path depth (segments). */
  get depth(): number {
    return this.segs.length;
  }

  /** The innermost segment is an array element's. */
  get inList(): boolean {
    return this.segs.length > 0 && this.segs[this.segs.length - 1] === null;
  }

  /** Transaction records come as elements of a list under a key that says so. */
  recordsUnder(key: KeyInfo): boolean {
    return key.hints.length > 0 && key.hints.includes('transaction') && !this.ctx.disabled?.has('transaction');
  }

  /** An object whose keys' roles add up to `roles` closed: amount + time + ledger field in a list is a transaction. */
  closeRecord(roles: number, key: KeyInfo): void {
    if (roles === 7 && this.inList && !key.hints.includes('transaction') && !this.ctx.disabled?.has('transaction')) this.out.add('transaction', this.location(this.segs.length), undefined, '');
  }

  /** An element of a records list (see recordsUnder) is one transaction record. */
  record(): void {
    this.out.add('transaction', this.location(this.segs.length), undefined, '');
  }

  /** A string value at `depth` (JSON inside it is walked in place); `k`: its kinds when known; `timeKnown`: see scanValue. */
  string(v: string, key: KeyInfo, depth: number, k?: number, timeKnown = false): void {
    if (v.length >= 2 && (v[0] === '{' || v[0] === '[') && depth < MAX_DEPTH && this.nested(v, key, depth)) return;
    this.key = key;
    scanValue(v, key, this, this.ctx, this, k, timeKnown);
  }

  number(x: number, key: KeyInfo): void {
    this.key = key;
    scanNumber(x, key, this.ctx, this);
  }

  walk(v: unknown, key: KeyInfo, depth: number): void {
    if (typeof v === 'string') {
      this.string(v, key, depth);
    } else if (typeof v === 'number') {
      this.number(v, key);
    } else if (typeof v !== 'object' || v === null || depth >= MAX_DEPTH) {
      return;
    } else if (Array.isArray(v)) {
      const records = this.recordsUnder(key);
      this.push(null);
      for (const el of v) {
        if (records && typeof el === 'object' && el !== null) this.record();
        // scalars in an array keep the array's key as context (`mobiles: ['138…']`)
        this.walk(el, key, depth + 1);
      }
      this.pop();
    } else {
      let roles = 0;
      const obj = v as Record<string, unknown>;
      for (const k in obj) {
        const ki = keyInfo(k, this.allowKeys);
        roles |= ki.record;
        this.push(ki);
        this.walk(obj[k], ki, depth + 1);
        this.pop();
      }
      // amount + time + a ledger field in an element of a list: a transaction record (recognisers/transaction.ts)
      this.closeRecord(roles, key);
    }
  }
  /** A string that is itself JSON: walk the parsed value under the same path. */
  private nested(v: string, key: KeyInfo, depth: number): boolean {
    const last = v[v.length - 1];
    if ((v[0] === '{' && last !== '}') || (v[0] === '[' && last !== ']')) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      return false;
    }
    if (typeof parsed !== 'object' || parsed === null) return false;
    this.walk(parsed, key, depth + 1);
    return true;
  }
}

export function scanJson(value: unknown, opts: ScanOptions = {}): DataHit[] {
  const out = new HitCollector(opts);
  new JsonWalker(out, scanContext(opts), opts.allowKeys).walk(value, NEUTRAL_KEY, 0);
  return out.finish();
}

/**
 * The same scan read straight off the JSON text, without building the tree: undefined when the
 * text is not JSON (where JSON.parse would throw), for the caller to scan it as text.
 *
 *   scanJsonText('{"data":{"idNo":"11010519491231002X"}}')   // as scanJson(JSON.parse(…))
 *
 * Written by hand because JSON.parse makes every object, key and string of a body only for the
 * walk to look at each once and drop it: records of a bank's transaction list are mostly short
 * codes (`CNY`, `SUCCESS`) that no recogniser can match. Reading the text, a value's character
 * kinds are gathered as it is read and a value no recogniser can match (`mayHit`) is never made
 * into a string; keys repeated record after record are matched in place against the last
 * record's. Values are slices of the body: whatever keeps one (the trace index, samples) keeps a
 * `detach`ed copy, not the body. Strings with escapes, and JSON inside strings, still go through
 * JSON.parse. Hits are those of scanJson on the parsed value, in document order; a key given
 * twice is scanned twice (JSON.parse keeps the last). Measured on 20,000 exchanges of the bench
 * capture, two processes taking turns: `scanExchange` in 0.908 and 0.917 of the time it took with
 * JSON.parse and scanJson (the same build against itself: 1.000).
 */
export function scanJsonText(text: string, opts: ScanOptions = {}): DataHit[] | undefined {
  const out = new HitCollector(opts);
  const reader = new JsonTextReader(text, new JsonWalker(out, scanContext(opts), opts.allowKeys), opts.allowKeys);
  try {
    return reader.read() ? out.finish() : undefined;
  } finally {
    reader.release();
  }
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const BACKSLASH = 92;
const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;
/** keys per object remembered for the next record at the same depth */
const KEY_MEMO = 64;
/**
 * Key memos by allow-list (keyInfo's answer depends on it), kept from body to body: the next
 * response of an API has the same keys in the same places. At most KEY_MEMO keys per depth up
 * to MAX_DEPTH, so bounded whatever the traffic.
 */
const KEY_MEMOS = new Map<ReadonlySet<string> | undefined, Array<Array<KeyInfo | undefined>>>();
/**
 * The reader's per-container stacks, kept for the next body: made per body they were, after the
 * values, the largest allocation of the scan (sampled over 20,000 bench exchanges). Taken while a
 * reader runs, so a nested use (none today) would make its own.
 */
interface Stacks {
  isObj: boolean[];
  keyOf: KeyInfo[];
  skip: boolean[];
  roles: number[];
  records: boolean[];
  ord: number[];
}
let spareStacks: Stacks | undefined;
/** Escapes JSON allows after a backslash (besides `u`). */
const ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * One pass over the text with an explicit stack (no recursion, so hostile nesting cannot overflow
 * the call stack), checking the grammar as strictly as JSON.parse and telling the walker what
 * its tree walk would have seen: containers opened and closed, keys, strings and numbers.
 */
class JsonTextReader {
  private i = 0;
  /** open containers, innermost last */
  private top = -1;
  private readonly isObj: boolean[];
  /** the key the container was found under (an array's elements are scanned under it) */
  private readonly keyOf: KeyInfo[];
  /** deeper than the walk goes, or inside such: read, not scanned */
  private readonly skip: boolean[];
  private readonly roles: number[];
  private readonly records: boolean[];
  /** keys read so far in each open object */
  private readonly ord: number[];
  private readonly stacks: Stacks;
  /** by depth, then by position in the object: the keys of the last object there (KEY_MEMOS) */
  private readonly keyMemo: Array<Array<KeyInfo | undefined>>;

  constructor(
    private readonly s: string,
    private readonly w: JsonWalker,
    private readonly allowKeys: ReadonlySet<string> | undefined,
  ) {
    let memo = KEY_MEMOS.get(allowKeys);
    if (!memo) {
      if (KEY_MEMOS.size >= 16) KEY_MEMOS.clear();
      KEY_MEMOS.set(allowKeys, (memo = []));
    }
    this.keyMemo = memo;
    const st = (this.stacks = spareStacks ?? { isObj: [], keyOf: [], skip: [], roles: [], records: [], ord: [] });
    spareStacks = undefined;
    this.isObj = st.isObj;
    this.keyOf = st.keyOf;
    this.skip = st.skip;
    this.roles = st.roles;
    this.records = st.records;
    this.ord = st.ord;
  }

  /** Done with the text: its stacks serve the next body (unless hostile nesting made them long). */
  release(): void {
    if (this.isObj.length <= MAX_DEPTH) spareStacks = this.stacks;
  }

  read(): boolean {
    const s = this.s;
    let key = NEUTRAL_KEY;
    for (;;) {
      // a value
      let c = this.ws();
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        const obj = c === OPEN_OBJ;
        this.open(obj, key);
        this.i++;
        c = this.ws();
        if (c !== (obj ? CLOSE_OBJ : CLOSE_ARR)) {
          if (obj) {
            const k = this.memberKey();
            if (k === undefined) return false;
            key = k;
          } else key = this.keyOf[this.top];
          continue;
        }
        this.i++;
        this.close();
      } else if (c === QUOTE) {
        if (!this.string(key)) return false;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        if (!this.number(key)) return false;
      } else if (c === 116 && s.startsWith('true', this.i)) this.i += 4;
      else if (c === 102 && s.startsWith('false', this.i)) this.i += 5;
      else if (c === 110 && s.startsWith('null', this.i)) this.i += 4;
      else return false;
      // after a value: the next member or element, or close containers
      for (;;) {
        if (this.top < 0) return this.ws() === -1;
        const t = this.top;
        if (this.isObj[t] && !this.skip[t]) this.w.pop();
        c = this.ws();
        if (c === COMMA) {
          this.i++;
          if (this.isObj[t]) {
            this.ws();
            const k = this.memberKey();
            if (k === undefined) return false;
            key = k;
          } else key = this.keyOf[t];
          break;
        }
        if (c !== (this.isObj[t] ? CLOSE_OBJ : CLOSE_ARR)) return false;
        this.i++;
        this.close();
      }
    }
  }

  /** Skips whitespace; the character there, -1 at the end. */
  private ws(): number {
    const s = this.s;
    let i = this.i;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        this.i = i;
        return c;
      }
    }
    this.i = i;
    return -1;
  }

  private open(obj: boolean, key: KeyInfo): void {
    const parent = this.top;
    // a value's depth in the walk is the number of containers around it
    const skip = (parent >= 0 && this.skip[parent]) || parent + 1 >= MAX_DEPTH;
    if (parent >= 0 && !this.skip[parent] && !this.isObj[parent] && this.records[parent] && obj) this.w.record();
    const t = ++this.top;
    this.isObj[t] = obj;
    this.keyOf[t] = key;
    this.skip[t] = skip;
    this.roles[t] = 0;
    this.ord[t] = 0;
    this.records[t] = false;
    if (!skip && !obj) {
      this.w.push(null);
      this.records[t] = this.w.recordsUnder(key);
    }
  }

  private close(): void {
    const t = this.top--;
    if (this.skip[t]) return;
    if (this.isObj[t]) this.w.closeRecord(this.roles[t], this.keyOf[t]);
    else this.w.pop();
  }

  /** End of the string whose opening quote is at `this.i`, or -1; `this.kinds`/`this.escaped` describe it. */
  private kinds = 0;
  private escaped = false;
  private stringEnd(withKinds: boolean): number {
    const s = this.s;
    const n = s.length;
    let k = 0;
    let escaped = false;
    let i = this.i + 1;
    for (;;) {
      if (i >= n) return -1;
      const c = s.charCodeAt(i);
      if (c === QUOTE) break;
      if (c < 32) return -1;
      if (c === BACKSLASH) {
        escaped = true;
        const e = s.charCodeAt(i + 1);
        if (e === 117) {
          if (!(isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3)) && isHex(s.charCodeAt(i + 4)) && isHex(s.charCodeAt(i + 5)))) return -1;
          i += 6;
        } else if (ESCAPES.has(e)) i += 2;
        else return -1;
        continue;
      }
      if (withKinds) k |= kindOf(c);
      i++;
    }
    this.kinds = k;
    this.escaped = escaped;
    return i;
  }

  /** A member's key (at `this.i`, after whitespace) and its colon; pushed on the walker's path. */
  private memberKey(): KeyInfo | undefined {
    const s = this.s;
    if (s.charCodeAt(this.i) !== QUOTE) return undefined;
    const start = this.i + 1;
    const t = this.top;
    const skip = this.skip[t];
    const ord = this.ord[t]++;
    let memo = skip ? undefined : this.keyMemo[t];
    if (!memo && !skip) this.keyMemo[t] = memo = [];
    let ki = memo && ord < KEY_MEMO ? memo[ord] : undefined;
    // the same key as the last object's at this place: a memo holds no quote, backslash or control character
    let end = ki ? start + ki.raw.length : -1;
    if (!ki || s.charCodeAt(end) !== QUOTE || !s.startsWith(ki.raw, start)) {
      ki = undefined;
      end = this.stringEnd(false);
      if (end < 0) return undefined;
    }
    this.i = end + 1;
    if (this.ws() !== COLON) return undefined;
    this.i++;
    if (skip) return NEUTRAL_KEY;
    if (!ki) {
      // cached (keys.ts, the memo) and part of every location built on it: not a view into the body
      const raw = this.escaped ? (JSON.parse(s.slice(start - 1, end + 1)) as string) : detach(s.slice(start, end));
      ki = keyInfo(raw, this.allowKeys);
      if (ord < KEY_MEMO && !this.escaped && raw.length <= MAX_KEPT_KEY) memo![ord] = ki;
    }
    this.roles[t] |= ki.record;
    this.w.push(ki);
    return ki;
  }

  private string(key: KeyInfo): boolean {
    const s = this.s;
    const start = this.i + 1;
    const end = this.stringEnd(true);
    if (end < 0) return false;
    this.i = end + 1;
    const t = this.top;
    // a string as the whole document is not scanned (scanJson takes objects and arrays)
    if (t < 0 || this.skip[t]) return true;
    const depth = t + 1;
    if (this.escaped) {
      this.w.string(JSON.parse(s.slice(start - 1, end + 1)) as string, key, depth);
      return true;
    }
    const n = end - start;
    const c0 = s.charCodeAt(start);
    if (c0 === OPEN_OBJ || c0 === OPEN_ARR) this.w.string(s.slice(start, end), key, depth);
    else if (mayHit(this.kinds, n, c0, key)) {
      if (key.hints.length > 0) this.w.string(s.slice(start, end), key, depth, this.kinds);
      else {
        // under a key with no hints an ISO time or a plain decimal is never made into a string:
        // all the full scan finds in either is a number-shaped candidate (value-scan.ts)
        const time = timeValue(this.kinds, s, start, end);
        if (time === 0 && !plainDecimal(this.kinds, s, start, end)) this.w.string(s.slice(start, end), key, depth, this.kinds, true);
        else if (time === 0 || time & ISO_CANDIDATE) this.w.candidate();
      }
    }
    return true;
  }

  private number(key: KeyInfo): boolean {
    const s = this.s;
    const n = s.length;
    const start = this.i;
    const negative = s.charCodeAt(start) === 45;
    let i = negative ? start + 1 : start;
    let c = s.charCodeAt(i);
    // the integer part's value, read with its digits (exact below 2^53: up to 15 digits)
    let v = 0;
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      v = c - 48;
      i++;
      while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        i++;
      }
    } else return false;
    const intEnd = i;
    if (s.charCodeAt(i) === 46) {
      i++;
      const d = i;
      while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
      if (i === d) return false;
    }
    c = s.charCodeAt(i);
    if (c === 101 || c === 69) {
      i++;
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) i++;
      const d = i;
      while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
      if (i === d) return false;
    }
    this.i = i;
    const t = this.top;
    if (t < 0 || this.skip[t]) return true;
    // a plain integer under 1e6 is nothing without a hinting key (scanNumber)
    if (i === intEnd && key.hints.length === 0 && i - start < 7) return true;
    // a plain integer of up to 15 digits (a millisecond time, an amount in fen) needs no string
    this.w.number(i === intEnd && intEnd - start - (negative ? 1 : 0) <= 15 ? (negative ? -v : v) : Number(s.slice(start, i)), key);
    return true;
  }
}
