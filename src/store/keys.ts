/**
 * How (host, method, path) and times are put into the store, the same way on both engines.
 *
 * Traffic is untrusted: a scanner may send an 8 KB path or a NUL byte. PostgreSQL rejects NUL in
 * text and cannot index a key longer than about 2.7 KB, so every key part is cleaned and clipped
 * before it is written, on SQLite too, so that both engines store the same rows.
 */

/** UTF-8 byte budgets per key part; together well under PostgreSQL's btree entry limit. */
export const KEY_LIMITS = { host: 255, method: 32, path: 2000 } as const;

const ELLIPSIS = '…'; // 3 bytes in UTF-8

/**
 * The raw path of a request target, without query or fragment, not decoded or normalised.
 *
 * @example rawPath('/a/b?x=1') === '/a/b'
 * @example rawPath('http://h.example:8080/a?x') === '/a'   // absolute form (proxies)
 * @example rawPath('h.example:443') === 'h.example:443'     // authority form (CONNECT)
 * @example rawPath('*') === '*'
 */
export function rawPath(url: string): string {
  let start = 0;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (scheme) {
    const slash = url.indexOf('/', scheme[0].length);
    if (slash < 0) return '/';
    start = slash;
  }
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  const p = url.slice(start, end);
  return p === '' ? '/' : p;
}

/** Replace NUL (not storable in PostgreSQL text) and clip to `maxBytes` of UTF-8, marking the cut with `…`. */
export function storableText(s: string, maxBytes: number): string {
  if (s.includes('\0')) s = s.replaceAll('\0', '%00');
  if (s.length * 3 <= maxBytes || Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + n > maxBytes - 3) break;
    bytes += n;
    out += ch;
  }
  return out + ELLIPSIS;
}

export interface EndpointKey {
  host: string;
  method: string;
  path: string;
}

/** The key as stored. */
export function storedKey(host: string, method: string, path: string): EndpointKey {
  return {
    host: storableText(host, KEY_LIMITS.host),
    method: storableText(method, KEY_LIMITS.method),
    path: storableText(path, KEY_LIMITS.path),
  };
}

/** One string per key, for maps. NUL cannot occur in a stored key part (see storableText). */
export function keyString(k: EndpointKey): string {
  return `${k.host}\0${k.method}\0${k.path}`;
}

const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Event times as canonical ISO-8601 UTC with milliseconds, so that string order is time order on
 * both engines. A value that is not a time at all is kept as given rather than lost.
 */
export function canonicalTime(ts: string): string {
  if (CANONICAL_TIME.test(ts)) return ts;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? ts : new Date(ms).toISOString();
}
