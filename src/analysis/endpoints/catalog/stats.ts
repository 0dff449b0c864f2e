/**
 * What one endpoint keeps: counts per hour bucket, status mix, distinct clients, auth kinds,
 * latency percentiles, parameters and response shape (from sampled bodies), content types,
 * behaviour (sets a session cookie, returns a token, serves attachments), masked example URLs.
 * Everything is bounded and mergeable: when a template is learned, the endpoints counted under
 * raw paths fold into it.
 */
import type { ApiFormat, ApiOperation, AuthKind, LifecycleState } from '../../../core/endpoint.js';
import { headerValue, type Exchange } from '../../../core/exchange.js';
import { setsSessionCookie } from '../auth/cookies.js';
import { isJwt } from '../auth/values.js';
import { isPrivateAddress } from '../functions/features.js';
import { Hll } from './hll.js';
import { LogHistogram } from './histogram.js';
import { multipartParts, scalarBit, T_ARRAY, T_OBJECT, urlencodedPairs, walkJson } from './shape.js';
import { maskValue } from '../../../core/mask.js';

const MAX_PARAMS = 200;
const MAX_SHAPE = 300;
const MAX_EXAMPLES = 3;
const MAX_CONTENT_TYPES = 5;
/** bodies fully analysed: the first N exchanges, then one in EVERY */
const SAMPLE_FIRST = 16;
const SAMPLE_EVERY = 64;
/** bodies larger than this are not parsed for shapes */
const MAX_PARSE = 128 * 1024;

export interface ParamStat {
  in: 'query' | 'form' | 'body' | 'multipart';
  bits: number;
  count: number;
  example?: string;
}

export interface LifecycleEvent {
  ts: string;
  from: LifecycleState | null;
  to: LifecycleState;
}

const TOKEN_KEY = /(^|[._])(access_?token|token|jwt|id_token|refresh_?token|ticket|session_?id)$/i;

function inc<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

function mainType(ct: string | undefined): string | undefined {
  if (!ct) return undefined;
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase() || undefined;
}

export class EndpointStats {
  /** row id in the store, once saved */
  dbId: number | undefined;
  /** store rows folded into this one since the last save (their rows go, their buckets move here) */
  absorbed: number[] = [];
  dirty = true;

  calls = 0;
  firstSeen = '';
  lastSeen = '';
  /** response status (-1: no response) → count */
  statusCodes = new Map<number, number>();
  /** hour bucket (`2024-05-01T08`) → [calls, errors]; only what is not yet saved */
  buckets = new Map<string, [number, number]>();
  private lastBucketKey = '';
  private lastBucket: [number, number] | undefined;
  private lastIp = '';
  publicClients = new Hll();
  privateClients = new Hll();
  auth = new Map<AuthKind, number>();
  formats = new Map<ApiFormat, number>();
  latency = new LogHistogram();
  params = new Map<string, ParamStat>();
  shape = new Map<string, number>();
  requestTypes = new Map<string, number>();
  responseTypes = new Map<string, number>();
  examples: string[] = [];
  setsCookie = 0;
  returnsToken = 0;
  attachments = 0;
  maxResponseArray = 0;
  responseBytes = 0;
  responses = 0;
  sampled = 0;
  flags = new Set<string>();
  state: LifecycleState = 'new';
  stateSince = '';
  /** lifecycle transitions not yet saved */
  events: LifecycleEvent[] = [];
  private shapeKeys: Set<string> | undefined;
  /** Another stage's per-endpoint aggregate (sensitive data: pipeline/sensitive-stage.ts), folded in `merge`. */
  sensitive?: { merge(other: unknown): void };
  /** Weakness findings on this endpoint (analysis/weaknesses/findings.ts), folded in `merge`. */
  weaknesses?: { merge(other: unknown): void };

  constructor(
    readonly method: string,
    public operation: ApiOperation | undefined,
  ) {}

  observe(ex: Exchange, auth: AuthKind, format: ApiFormat, path: string, query: string | undefined): void {
    this.dirty = true;
    this.calls++;
    const ts = ex.ts;
    if (this.firstSeen === '' || ts < this.firstSeen) this.firstSeen = ts;
    if (ts > this.lastSeen) this.lastSeen = ts;
    if (this.stateSince === '') this.stateSince = ts;
    const res = ex.response;
    const status = res ? res.status : -1;
    this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
    // the hour bucket: most exchanges fall in the same hour as the previous one (no slice then)
    let b = this.lastBucket;
    if (b === undefined || !ts.startsWith(this.lastBucketKey)) {
      this.lastBucketKey = ts.slice(0, 13);
      b = this.buckets.get(this.lastBucketKey);
      if (!b) this.buckets.set(this.lastBucketKey, (b = [0, 0]));
      this.lastBucket = b;
    }
    b[0]++;
    if (status >= 400 || status < 0) b[1]++;
    const ip = ex.client.ip;
    if (ip !== this.lastIp) {
      this.lastIp = ip;
      (isPrivateAddress(ip) ? this.privateClients : this.publicClients).add(ip);
    }
    inc(this.auth, auth);
    inc(this.formats, format);
    if (ex.durationMs !== undefined) this.latency.add(ex.durationMs);

    const sample = this.sampled < SAMPLE_FIRST || this.calls % SAMPLE_EVERY === 0;
    if (!sample) return;
    this.sampled++;
    this.shapeKeys = undefined;
    if (this.examples.length < MAX_EXAMPLES) {
      const ex1 = maskUrl(path, query);
      if (!this.examples.includes(ex1)) this.examples.push(ex1);
    }
    const req = ex.request;
    const rqt = mainType(headerValue(req.headers, 'content-type'));
    if (rqt && (this.requestTypes.has(rqt) || this.requestTypes.size < MAX_CONTENT_TYPES)) inc(this.requestTypes, rqt);
    if (query) for (const [k, v] of urlencodedPairs(query)) this.param(k, 'query', scalarBit(v), v);
    if (req.body && req.bodyEncoding !== 'base64' && req.body.length <= MAX_PARSE) {
      if (rqt === 'application/x-www-form-urlencoded') for (const [k, v] of urlencodedPairs(req.body)) this.param(k, 'form', scalarBit(v), v);
      else if (rqt?.startsWith('multipart/')) for (const f of multipartParts(req.body)) this.param(f.name, 'multipart', f.file ? T_OBJECT : 1, undefined);
      else if (rqt?.includes('json') || (rqt === undefined && (req.body[0] === '{' || req.body[0] === '['))) {
        const doc = parseJson(req.body);
        if (doc !== undefined) walkJson(doc, (p, bit, v) => this.param(p, 'body', bit, v));
      }
    }
    if (!res) return;
    this.responses++;
    this.responseBytes += res.bodyWireLength ?? res.body?.length ?? 0;
    const rst = mainType(headerValue(res.headers, 'content-type'));
    if (rst && (this.responseTypes.has(rst) || this.responseTypes.size < MAX_CONTENT_TYPES)) inc(this.responseTypes, rst);
    let cookie = false;
    for (const h of res.headers) {
      if (h[0] === 'set-cookie') {
        if (!cookie && setsSessionCookie(h[1])) cookie = true;
      } else if (h[0] === 'content-disposition' && /^\s*attachment/i.test(h[1])) this.attachments++;
    }
    if (cookie) this.setsCookie++;
    if (res.body && res.bodyEncoding !== 'base64' && res.body.length <= MAX_PARSE && (rst?.includes('json') || res.body[0] === '{' || res.body[0] === '[')) {
      const doc = parseJson(res.body);
      if (doc === undefined) return;
      let token = false;
      const n = walkJson(doc, (p, bit, v) => {
        if (this.shape.has(p) || this.shape.size < MAX_SHAPE) this.shape.set(p, (this.shape.get(p) ?? 0) | bit);
        if (!token && typeof v === 'string' && v.length >= 16 && (TOKEN_KEY.test(p) || isJwt(v))) token = true;
      });
      if (token) this.returnsToken++;
      if (n > this.maxResponseArray) this.maxResponseArray = n;
    }
  }

  private param(name: string, where: ParamStat['in'], bit: number, value: unknown): void {
    if (name === '' || name.length > 200) return;
    let p = this.params.get(name);
    if (!p) {
      if (this.params.size >= MAX_PARAMS) return;
      p = { in: where, bits: 0, count: 0 };
      this.params.set(name, p);
    }
    p.bits |= bit;
    p.count++;
    if (p.example === undefined && value !== undefined && value !== null && (bit & (T_OBJECT | T_ARRAY)) === 0) p.example = maskValue(name, String(value));
  }

  /** Response shape keys for the trie's similarity check. */
  shapeSet(): ReadonlySet<string> | undefined {
    if (this.shape.size === 0) return this.responses ? new Set() : undefined;
    return (this.shapeKeys ??= new Set(this.shape.keys()));
  }

  /** The format seen most often. */
  format(): ApiFormat {
    let best: ApiFormat = 'other';
    let n = -1;
    for (const [f, c] of this.formats) if (c > n) [best, n] = [f, c];
    return best;
  }

  merge(o: EndpointStats): void {
    this.dirty = true;
    if (o.dbId !== undefined) this.absorbed.push(o.dbId);
    this.absorbed.push(...o.absorbed);
    this.calls += o.calls;
    if (o.firstSeen && (this.firstSeen === '' || o.firstSeen < this.firstSeen)) this.firstSeen = o.firstSeen;
    if (o.lastSeen > this.lastSeen) this.lastSeen = o.lastSeen;
    if (o.stateSince && (this.stateSince === '' || o.stateSince < this.stateSince)) this.stateSince = o.stateSince;
    for (const [k, v] of o.statusCodes) inc(this.statusCodes, k, v);
    for (const [k, [c, e]] of o.buckets) {
      const b = this.buckets.get(k);
      if (b) {
        b[0] += c;
        b[1] += e;
      } else this.buckets.set(k, [c, e]);
    }
    this.publicClients.merge(o.publicClients);
    this.privateClients.merge(o.privateClients);
    for (const [k, v] of o.auth) inc(this.auth, k, v);
    for (const [k, v] of o.formats) inc(this.formats, k, v);
    this.latency.merge(o.latency);
    for (const [k, p] of o.params) {
      const mine = this.params.get(k);
      if (mine) {
        mine.bits |= p.bits;
        mine.count += p.count;
        mine.example ??= p.example;
      } else if (this.params.size < MAX_PARAMS) this.params.set(k, { ...p });
    }
    for (const [k, b] of o.shape) if (this.shape.has(k) || this.shape.size < MAX_SHAPE) this.shape.set(k, (this.shape.get(k) ?? 0) | b);
    this.shapeKeys = undefined;
    for (const [k, v] of o.requestTypes) if (this.requestTypes.has(k) || this.requestTypes.size < MAX_CONTENT_TYPES) inc(this.requestTypes, k, v);
    for (const [k, v] of o.responseTypes) if (this.responseTypes.has(k) || this.responseTypes.size < MAX_CONTENT_TYPES) inc(this.responseTypes, k, v);
    for (const e of o.examples) if (this.examples.length < MAX_EXAMPLES && !this.examples.includes(e)) this.examples.push(e);
    this.setsCookie += o.setsCookie;
    this.returnsToken += o.returnsToken;
    this.attachments += o.attachments;
    this.maxResponseArray = Math.max(this.maxResponseArray, o.maxResponseArray);
    this.responseBytes += o.responseBytes;
    this.responses += o.responses;
    this.sampled += o.sampled;
    for (const f of o.flags) if (this.flags.size < 20) this.flags.add(f);
    // the folded endpoint's own lifecycle ends here: its events are not this endpoint's history
    // (and carrying them would grow without bound under a flood of values being folded)
    this.operation ??= o.operation;
    if (o.sensitive && this.sensitive) this.sensitive.merge(o.sensitive);
    else this.sensitive ??= o.sensitive;
    if (o.weaknesses && this.weaknesses) this.weaknesses.merge(o.weaknesses);
    else this.weaknesses ??= o.weaknesses;
  }

  /** status code → count, `none` for exchanges without a response */
  status(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of [...this.statusCodes].sort((a, b) => a[0] - b[0])) out[k < 0 ? 'none' : String(k)] = v;
    return out;
  }

  /** buckets were saved: start a new delta */
  clearBuckets(): void {
    this.buckets.clear();
    this.lastBucket = undefined;
    this.lastBucketKey = '';
  }

  clients(): number {
    return this.publicClients.count() + this.privateClients.count();
  }

  /** Everything but the identity columns, as stored (JSON). */
  toJSON(): StoredStats {
    return {
      status: this.status(),
      pub: this.publicClients.toBase64(),
      priv: this.privateClients.toBase64(),
      auth: Object.fromEntries(this.auth),
      formats: Object.fromEntries(this.formats),
      latency: this.latency.toJSON(),
      params: Object.fromEntries(this.params),
      shape: Object.fromEntries(this.shape),
      reqTypes: Object.fromEntries(this.requestTypes),
      resTypes: Object.fromEntries(this.responseTypes),
      examples: this.examples,
      setsCookie: this.setsCookie,
      returnsToken: this.returnsToken,
      attachments: this.attachments,
      maxResponseArray: this.maxResponseArray,
      responseBytes: this.responseBytes,
      responses: this.responses,
      sampled: this.sampled,
      flags: [...this.flags],
    };
  }

  static fromStored(
    method: string,
    operation: ApiOperation | undefined,
    row: { dbId: number; calls: number; firstSeen: string; lastSeen: string; state: LifecycleState; stateSince: string },
    j: Partial<StoredStats>,
  ): EndpointStats {
    const s = new EndpointStats(method, operation);
    s.dbId = row.dbId;
    s.dirty = false;
    s.calls = row.calls;
    s.firstSeen = row.firstSeen;
    s.lastSeen = row.lastSeen;
    s.state = row.state;
    s.stateSince = row.stateSince;
    for (const [k, v] of Object.entries(j.status ?? {})) s.statusCodes.set(k === 'none' ? -1 : Number(k), v);
    s.publicClients = Hll.fromBase64(j.pub);
    s.privateClients = Hll.fromBase64(j.priv);
    s.auth = new Map(Object.entries(j.auth ?? {}) as [AuthKind, number][]);
    s.formats = new Map(Object.entries(j.formats ?? {}) as [ApiFormat, number][]);
    s.latency = LogHistogram.from(j.latency);
    s.params = new Map(Object.entries(j.params ?? {}));
    s.shape = new Map(Object.entries(j.shape ?? {}));
    s.requestTypes = new Map(Object.entries(j.reqTypes ?? {}));
    s.responseTypes = new Map(Object.entries(j.resTypes ?? {}));
    s.examples = j.examples ?? [];
    s.setsCookie = j.setsCookie ?? 0;
    s.returnsToken = j.returnsToken ?? 0;
    s.attachments = j.attachments ?? 0;
    s.maxResponseArray = j.maxResponseArray ?? 0;
    s.responseBytes = j.responseBytes ?? 0;
    s.responses = j.responses ?? 0;
    s.sampled = j.sampled ?? 0;
    s.flags = new Set(j.flags ?? []);
    return s;
  }
}

export interface StoredStats {
  status: Record<string, number>;
  pub: string;
  priv: string;
  auth: Record<string, number>;
  formats: Record<string, number>;
  latency: ReturnType<LogHistogram['toJSON']>;
  params: Record<string, ParamStat>;
  shape: Record<string, number>;
  reqTypes: Record<string, number>;
  resTypes: Record<string, number>;
  examples: string[];
  setsCookie: number;
  returnsToken: number;
  attachments: number;
  maxResponseArray: number;
  responseBytes: number;
  responses: number;
  sampled: number;
  flags: string[];
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** `/users/13812345678?token=abc&page=2` → `/users/138****5678?token=***&page=2` */
export function maskUrl(path: string, query: string | undefined): string {
  const p = path.replace(/\d{6,}/g, (m) => maskValue('', m));
  if (!query) return p;
  const q = urlencodedPairs(query, 20)
    .map(([k, v]) => `${k}=${encodeURIComponent(maskValue(k, v))}`)
    .join('&');
  return `${p}?${q}`;
}
