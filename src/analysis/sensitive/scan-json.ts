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
import { HitCollector } from './collector.js';
import { type KeyInfo, keyInfo, NEUTRAL_KEY } from './keys.js';
import type { LabelId } from './labels.js';
import { scanContext } from './scan-context.js';
import type { KeySource, ScanCtx, Sink } from './tokens.js';
import type { DataHit, MaskedForm, ScanOptions } from './types.js';
import { scanNumber, scanValue } from './value-scan.js';

const MAX_DEPTH = 128;

class JsonWalker implements Sink, KeySource {
  /** Path segments: a key, or null for an array element. */
  private readonly segs: Array<KeyInfo | null> = [];
  /**
   * Location strings of the path prefixes, built on demand: siblings share their parent's, so
   * 500 records under `data.list[]` build `data.list[]` once and only append their own key.
   */
  private readonly locs: Array<string | undefined> = [''];
  private key: KeyInfo = NEUTRAL_KEY;

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

  /**
   * Child locations by parent location and key. Handing out the same string object for the same
   * path keeps the collector's map lookups cheap (a string's hash is computed once).
   */
  private readonly children = new Map<string, Map<KeyInfo | null, string>>();

  private location(depth: number): string {
    let loc = this.locs[depth];
    if (loc !== undefined) return loc;
    const parent = this.location(depth - 1);
    const seg = this.segs[depth - 1];
    let kids = this.children.get(parent);
    if (!kids) this.children.set(parent, (kids = new Map()));
    loc = kids.get(seg);
    if (loc === undefined) {
      if (seg === null) loc = `${parent}[]`;
      else if (seg.simple) loc = parent ? `${parent}.${seg.raw}` : seg.raw;
      else loc = `${parent}[${JSON.stringify(seg.raw)}]`;
      kids.set(seg, loc);
    }
    this.locs[depth] = loc;
    return loc;
  }

  private push(seg: KeyInfo | null): void {
    this.segs.push(seg);
    this.locs[this.segs.length] = undefined;
  }

  private pop(): void {
    this.segs.pop();
  }

  walk(v: unknown, key: KeyInfo, depth: number): void {
    if (typeof v === 'string') {
      if (v.length >= 2 && (v[0] === '{' || v[0] === '[') && depth < MAX_DEPTH && this.nested(v, key, depth)) return;
      this.key = key;
      scanValue(v, key, this, this.ctx, this);
    } else if (typeof v === 'number') {
      this.key = key;
      scanNumber(v, key, this.ctx, this);
    } else if (typeof v !== 'object' || v === null || depth >= MAX_DEPTH) {
      return;
    } else if (Array.isArray(v)) {
      const records = key.hints.length > 0 && key.hints.includes('transaction') && !this.ctx.disabled?.has('transaction');
      this.push(null);
      for (const el of v) {
        if (records && typeof el === 'object' && el !== null) this.out.add('transaction', this.location(this.segs.length), undefined, '');
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
      const inList = this.segs.length > 0 && this.segs[this.segs.length - 1] === null;
      if (roles === 7 && inList && !key.hints.includes('transaction') && !this.ctx.disabled?.has('transaction')) this.out.add('transaction', this.location(this.segs.length), undefined, '');
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
