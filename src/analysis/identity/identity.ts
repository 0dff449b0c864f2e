/**
 * Who is behind each Exchange (DESIGN §4.3, issue 5 item 1): the client address (the peer, or
 * X-Forwarded-For / X-Real-IP only when the peer is a configured trusted proxy), the account
 * (a JWT's claims, Basic auth, a configured header, or the session credential a successful login
 * handed out, mapped back to the login name), the session (a short digest of the credential the
 * request carries) and the device (a short digest of the User-Agent and stable client hints).
 * Accounts learned at login are kept in a bounded map from credential digest to account, so a
 * later request with that token or session cookie is attributed without the account ever being
 * sent again. Digests are keyed per process: they link requests, they are not for storage.
 *
 *   const ids = new IdentityResolver({ trustedProxies: ['10.0.0.0/8'] });
 *   ids.resolve(loginExchange, 'success')  // { client: '203.0.113.7', account: '13812345678', accountFrom: 'login', session: 's:9f…', device: 'd:41…' }
 *   ids.resolve(nextExchange)              // the same account, from the token the login issued
 */
import { createHmac, randomBytes } from 'node:crypto';
import { type BlockList, isIP } from 'node:net';
import { GenerationalMap } from '../../core/bounded-map.js';
import { cidrList, inCidrList } from '../../core/cidr.js';
import { headerValue, type Exchange } from '../../core/exchange.js';
import { isSessionCookieName, isJwt } from '../endpoints/auth/index.js';
import type { LoginOutcome } from './login.js';

export interface IdentityOptions {
  /** proxies (addresses or CIDRs) whose X-Forwarded-For / X-Real-IP is believed */
  trustedProxies?: readonly string[];
  /** request headers that name the account outright (e.g. `x-user-id` set by a gateway) */
  accountHeaders?: readonly string[];
  /** JWT claims that name the account, first present wins */
  jwtClaims?: readonly string[];
  /** login request fields that name the account (normalised: lower case, no `_-.`) */
  loginFields?: readonly string[];
  /** credentials remembered from logins (when full, the least recently used half is forgotten: core/bounded-map.ts) */
  maxSessions?: number;
  /**
   * Key of the session and device digests; random per process by default. The decode threads get
   * the same key so that they can digest requests for this resolver (`requestDigests`).
   */
  key?: Buffer;
}

/** The digests of a request that need no state: what a decode thread computes ahead (see `requestDigests`). */
export interface RequestDigests {
  session?: string;
  device?: string;
}

export type AccountSource = 'header' | 'jwt' | 'basic' | 'login' | 'session';

export interface Identity {
  client: string;
  account?: string;
  accountFrom?: AccountSource;
  /** digest of the credential the request carried (bearer token, session cookie, API key) */
  session?: string;
  /** digest of the User-Agent and client hints */
  device?: string;
}

export const DEFAULT_JWT_CLAIMS = ['sub', 'uid', 'userId', 'user_id', 'username', 'account', 'custNo', 'cust_no'];
export const DEFAULT_LOGIN_FIELDS = [
  'username', 'user', 'loginname', 'login', 'loginid', 'account', 'accountno', 'userid', 'mobile', 'phone', 'phoneno', 'email',
  'custno', 'customerno', 'yhm', 'zh', 'sjhm', 'logonid', 'usercode', 'name',
];
const DEVICE_HEADERS = ['user-agent', 'sec-ch-ua', 'sec-ch-ua-platform', 'x-device-id', 'x-app-version', 'device-id', 'deviceid'];

/**
 * A header name's place in DEVICE_HEADERS, -1 for the others. By length first: most names of a
 * request have no device header's length, and a Map lookup hashed each fresh name string (the
 * device digest took ~4 µs a request on the main thread, 2026-12-05).
 */
function deviceIndex(n: string): number {
  switch (n.length) {
    case 10:
      return n === 'user-agent' ? 0 : -1;
    case 9:
      return n === 'sec-ch-ua' ? 1 : n === 'device-id' ? 5 : -1;
    case 18:
      return n === 'sec-ch-ua-platform' ? 2 : -1;
    case 11:
      return n === 'x-device-id' ? 3 : -1;
    case 13:
      return n === 'x-app-version' ? 4 : -1;
    case 8:
      return n === 'deviceid' ? 6 : -1;
    default:
      return -1;
  }
}
const TOKEN_FIELDS = /^(?:access_?token|token|jwt|id_?token|session_?id|sid|ticket)$/i;

/** The credential without its scheme word (`Bearer abc` → `abc`): what the session digest is of. */
const bareCredential = (v: string): string => v.replace(/^(?:bearer|token)\s+/i, '');

const norm = (k: string): string => k.toLowerCase().replace(/[-_.]/g, '');

export class IdentityResolver {
  private readonly proxies: BlockList | undefined;
  private readonly accountHeaders: readonly string[];
  private readonly jwtClaims: readonly string[];
  private readonly loginFields: ReadonlySet<string>;
  private readonly key: Buffer;
  /** credential digest → account, learned at login */
  private readonly sessions: GenerationalMap<string, string>;
  /** account named by a JWT never seen at a login, by token (null: none) */
  private readonly jwtCache = new GenerationalMap<string, string | null>(4096);
  /** counters: accounts attributed by source, sessions forgotten */
  readonly counts: Record<AccountSource | 'forgotten', number> = { header: 0, jwt: 0, basic: 0, login: 0, session: 0, forgotten: 0 };

  constructor(o: IdentityOptions = {}) {
    this.key = o.key ?? randomBytes(16);
    if (o.trustedProxies?.length) this.proxies = cidrList(o.trustedProxies);
    this.accountHeaders = (o.accountHeaders ?? []).map((h) => h.toLowerCase());
    this.jwtClaims = o.jwtClaims ?? DEFAULT_JWT_CLAIMS;
    this.loginFields = new Set((o.loginFields ?? DEFAULT_LOGIN_FIELDS).map(norm));
    this.sessions = new GenerationalMap(Math.max(2, o.maxSessions ?? 200_000));
  }

  /** recent digests per kind: the same token and the same User-Agent come back on every request */
  private readonly digests = new Map<string, Map<string, string>>();

  /**
   * `prefix:` and a short HMAC of `input` (default `v`), cached by `v` in the cache named `cache`
   * (default `prefix`): a caller that can name the input by a shorter string looks it up by that.
   */
  private digest(prefix: string, v: string, cache = prefix, input = v): string {
    let m = this.digests.get(cache);
    if (!m) this.digests.set(cache, (m = new Map()));
    let d = m.get(v);
    if (d === undefined) {
      d = `${prefix}:${createHmac('sha256', this.key).update(input).digest('base64url').slice(0, 16)}`;
      // bounded: dropped wholesale when full (a flood of new tokens only costs the HMACs again)
      if (m.size >= 8192) m.clear();
      m.set(v, d);
    }
    return d;
  }

  /** The key of the session and device digests, for the decode threads. */
  get digestKey(): Buffer {
    return this.key;
  }

  /**
   * The session and device digests of a request: pure functions of its headers (and the key), so
   * a decode thread computes them beside its other per-request work and `resolve` takes them.
   */
  requestDigests(ex: Exchange): RequestDigests {
    const out: RequestDigests = {};
    const device = this.deviceDigest(ex);
    if (device) out.device = device;
    const cred = this.credential(ex);
    if (cred) out.session = this.digest('s', bareCredential(cred[1]));
    return out;
  }

  /** The client address: the peer, or the forwarded one when the peer is a trusted proxy. */
  client(ex: Exchange): string {
    const peer = ex.client.ip;
    if (!this.proxies || !this.trusted(peer)) return peer;
    const xff = headerValue(ex.request.headers, 'x-forwarded-for');
    if (xff) {
      // the right-most address not itself a trusted proxy is the client
      const hops = xff.split(',').map((s) => s.trim()).filter((s) => isIP(s) !== 0);
      for (let i = hops.length - 1; i >= 0; i--) if (!this.trusted(hops[i]!)) return hops[i]!;
      if (hops.length) return hops[0]!;
    }
    const real = headerValue(ex.request.headers, 'x-real-ip')?.trim();
    return real && isIP(real) ? real : peer;
  }

  private trusted(ip: string): boolean {
    return inCidrList(this.proxies!, ip);
  }

  /** The credential the request carries, as [kind, value]. */
  private credential(ex: Exchange): [string, string] | undefined {
    let cookie: string | undefined;
    for (const [n, v] of ex.request.headers) {
      if (n === 'authorization') return ['authorization', v];
      if (n === 'cookie') cookie = v;
      else if (n === 'x-auth-token' || n === 'x-access-token' || n === 'token' || n === 'x-token') return [n, v];
    }
    if (cookie) {
      // walked by index, not split: only the names are cut out until the session cookie is found
      let start = 0;
      while (start < cookie.length) {
        let end = cookie.indexOf(';', start);
        if (end < 0) end = cookie.length;
        const eq = cookie.indexOf('=', start);
        if (eq > start && eq < end && isSessionCookieName(cookie.slice(start, eq).trim())) return ['cookie', cookie.slice(eq + 1, end).trim()];
        start = end + 1;
      }
    }
    return undefined;
  }

  /**
   * Who is behind this exchange. `login`: the verdict when the exchange is a login attempt (the
   * caller judged it, e.g. with identity/login.ts); on success the credential it issued is mapped
   * to the login name. `responseJson`: the response body parsed, when the caller has it (risk
   * facts parse it once for every detector), so a login's tokens are read without parsing again.
   * `withDevice` false: no device digest (`deviceDigest`), for callers that leave it to the thread
   * of the detectors, its only readers.
   */
  resolve(ex: Exchange, login?: LoginOutcome, loginBody?: unknown, pre?: RequestDigests, responseJson?: () => unknown, withDevice = true): Identity {
    const id: Identity = { client: this.client(ex) };
    const device = pre ? pre.device : withDevice ? this.deviceDigest(ex) : undefined;
    if (device) id.device = device;
    for (const h of this.accountHeaders) {
      const v = headerValue(ex.request.headers, h)?.trim();
      if (v) return this.attribute(id, v, 'header');
    }
    const cred = this.credential(ex);
    if (cred) {
      const [kind, value] = cred;
      const bare = bareCredential(value);
      id.session = pre?.session ?? this.digest('s', bare);
      const known = this.sessions.get(id.session);
      if (known !== undefined) return this.attribute(id, known, 'session');
      if (kind === 'authorization' && /^basic\s/i.test(value)) {
        const user = basicUser(value);
        if (user) return this.attribute(id, user, 'basic');
      }
      if (isJwt(bare)) {
        const acct = this.jwtAccount(bare);
        if (acct) return this.attribute(id, acct, 'jwt');
      }
    }
    if (login === 'success' && loginBody !== undefined) {
      const acct = this.loginName(loginBody);
      if (acct) {
        this.remember(ex, acct, responseJson?.());
        return this.attribute(id, acct, 'login');
      }
    }
    if (login && loginBody !== undefined) {
      // a failed or unknown attempt still names the account tried (brute force, stuffing)
      const acct = this.loginName(loginBody);
      if (acct) {
        id.account = acct;
        id.accountFrom = 'login';
      }
    }
    return id;
  }

  private attribute(id: Identity, account: string, from: AccountSource): Identity {
    id.account = account;
    id.accountFrom = from;
    this.counts[from]++;
    return id;
  }

  /**
   * The device digest of a request: of its User-Agent and stable client hints, a pure function of
   * its headers (and the key). `resolve` leaves it out when asked (`withDevice` false) for the
   * detectors' thread to compute it there (pipeline/risk-host.ts): nothing else reads it.
   */
  deviceDigest(ex: Exchange): string | undefined {
    // one pass over the headers, in DEVICE_HEADERS order (the first of each name)
    let found: (string | undefined)[] | undefined;
    let only: string | undefined;
    for (const [n, v] of ex.request.headers) {
      const i = deviceIndex(n);
      if (i < 0 || !v) continue;
      if (i === 0 && !found && only === undefined) only = v;
      else {
        found ??= only === undefined ? [] : [only];
        if (found[i] === undefined) found[i] = v;
      }
    }
    // a User-Agent alone (most requests): looked up by its value, the digest's input made only when new
    if (!found) return only === undefined ? undefined : this.digest('d', only, 'u', `${DEVICE_HEADERS[0]}=${only}\n`);
    let s = '';
    for (let i = 0; i < DEVICE_HEADERS.length; i++) if (found[i] !== undefined) s += `${DEVICE_HEADERS[i]}=${found[i]}\n`;
    return this.digest('d', s);
  }

  private jwtAccount(token: string): string | undefined {
    let v = this.jwtCache.get(token);
    if (v === undefined) {
      v = null;
      const dot = token.indexOf('.');
      const dot2 = token.indexOf('.', dot + 1);
      try {
        const claims = JSON.parse(Buffer.from(token.slice(dot + 1, dot2), 'base64url').toString('utf8')) as Record<string, unknown>;
        for (const c of this.jwtClaims) {
          const x = claims[c];
          if (typeof x === 'string' && x) v = x;
          else if (typeof x === 'number') v = String(x);
          if (v) break;
        }
      } catch {
        v = null;
      }
      this.jwtCache.set(token, v);
    }
    return v ?? undefined;
  }

  /** The account a login request names (JSON body or form pairs). */
  private loginName(body: unknown): string | undefined {
    if (Array.isArray(body)) {
      for (const [k, v] of body as [string, string][]) if (this.loginFields.has(norm(k)) && v) return String(v).slice(0, 128);
      return undefined;
    }
    if (typeof body !== 'object' || body === null) return undefined;
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (this.loginFields.has(norm(k)) && (typeof v === 'string' || typeof v === 'number') && String(v)) return String(v).slice(0, 128);
    }
    return undefined;
  }

  /** Map the credentials a successful login handed out (token in the body, session Set-Cookie) to the account. */
  private remember(ex: Exchange, account: string, parsed?: unknown): void {
    const res = ex.response;
    if (!res) return;
    const issued: string[] = [];
    for (const [n, v] of res.headers) {
      if (n !== 'set-cookie') continue;
      const eq = v.indexOf('=');
      const semi = v.indexOf(';');
      if (eq > 0 && isSessionCookieName(v.slice(0, eq).trim())) issued.push(v.slice(eq + 1, semi < 0 ? undefined : semi).trim());
    }
    if (parsed !== undefined) collectTokens(parsed, issued, 0);
    else if (res.body && res.bodyEncoding !== 'base64' && res.body.length < 64 * 1024 && /token|sess|sid|ticket/i.test(res.body)) {
      try {
        collectTokens(JSON.parse(res.body) as unknown, issued, 0);
      } catch {
        // not JSON: only cookies
      }
    }
    for (const t of issued) {
      const d = this.digest('s', t);
      this.sessions.set(d, account);
      this.counts.forgotten = this.sessions.forgotten;
    }
  }
}

function collectTokens(doc: unknown, out: string[], depth: number): void {
  if (depth > 3 || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof v === 'string' && v.length >= 8 && TOKEN_FIELDS.test(k)) out.push(v);
    else if (typeof v === 'object') collectTokens(v, out, depth + 1);
  }
}

function basicUser(value: string): string | undefined {
  try {
    const s = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
    const colon = s.indexOf(':');
    return colon > 0 ? s.slice(0, colon) : undefined;
  } catch {
    return undefined;
  }
}
