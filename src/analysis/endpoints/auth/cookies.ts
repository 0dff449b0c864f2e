/**
 * Session cookies: which cookie names log someone in, whether a `Cookie` header carries one, and
 * whether a `Set-Cookie` hands one out (the catalog counts those for `setsCookie`).
 *
 *   hasSessionCookie('_ga=GA1.2.3; JSESSIONID=0A1B2C')  // true
 *   hasSessionCookie('_ga=GA1.2.3; Hm_lvt_8a2b=1714550400')  // false: analytics only
 */
import { NON_AUTH_COOKIE_PREFIXES, SESSION_COOKIE_MARKERS, SESSION_COOKIE_PARTS, SESSION_COOKIES } from './names.js';
import { isJwt, isPlaceholder } from './values.js';

/** Whether a cookie name (any case) looks like a login session rather than analytics or CSRF. */
export function isSessionCookieName(name: string): boolean {
  const n = name.toLowerCase();
  let hit = SESSION_COOKIES.has(n) || n.endsWith('.sid') || n.endsWith('_sid');
  for (let i = 0; !hit && i < SESSION_COOKIE_PARTS.length; i++) hit = n.includes(SESSION_COOKIE_PARTS[i]);
  if (!hit || n.includes('csrf') || n.includes('xsrf')) return false;
  for (const p of NON_AUTH_COOKIE_PREFIXES) if (n.startsWith(p)) return false;
  return true;
}

/** Longer cookie names are not looked at: bounds the backward scan on hostile headers. */
const MAX_NAME = 64;

/**
 * The cookie whose name contains position i of a `Cookie` header, or undefined when i is inside a
 * value. Both scans stop MAX_NAME characters out, so hostile headers cost linear time.
 */
function cookieAt(h: string, i: number): { name: string; value: string } | undefined {
  let start = i;
  for (; start > 0; start--) {
    const c = h.charCodeAt(start - 1);
    if (c === 61 /* = */ || i - start >= MAX_NAME) return undefined;
    if (c === 59 /* ; */) break;
  }
  const limit = Math.min(h.length, start + MAX_NAME);
  let eq = i;
  for (; eq < limit; eq++) {
    const c = h.charCodeAt(eq);
    if (c === 61) break;
    if (c === 59) return undefined;
  }
  if (eq >= limit) return undefined;
  let semi = h.indexOf(';', eq);
  if (semi < 0) semi = h.length;
  return { name: h.slice(start, eq).trim(), value: h.slice(eq + 1, semi).trim() };
}

const carries = (value: string): boolean => !isPlaceholder(value) && value !== '""';

/**
 * Whether a `Cookie` header value carries a session-like cookie (by name, or a JWT value).
 * Web pages send a dozen analytics cookies; rather than testing each name, this searches the
 * header for the few substrings session names contain and examines only the cookies found there.
 */
export function hasSessionCookie(header: string): boolean {
  const lc = header.toLowerCase();
  for (const m of SESSION_COOKIE_MARKERS) {
    for (let i = lc.indexOf(m); i >= 0; i = lc.indexOf(m, i + m.length)) {
      const c = cookieAt(header, i);
      if (c && carries(c.value) && isSessionCookieName(c.name)) return true;
    }
  }
  for (let i = header.indexOf('eyJ'); i >= 0; ) {
    let b = i - 1;
    while (header.charCodeAt(b) === 32) b--;
    if (header.charCodeAt(b) !== 61 /* = */) {
      i = header.indexOf('eyJ', i + 3);
      continue;
    }
    let semi = header.indexOf(';', i);
    if (semi < 0) semi = header.length;
    if (isJwt(header.slice(i, semi).trim())) return true;
    i = header.indexOf('eyJ', semi); // each value is looked at once
  }
  return false;
}

/**
 * Whether a `Set-Cookie` value hands out a session-like cookie. A cookie being deleted
 * (empty value, `Max-Age=0` or an expiry in 1970, as logout does) does not count.
 */
export function setsSessionCookie(setCookie: string): boolean {
  const semi = setCookie.indexOf(';');
  const pair = semi < 0 ? setCookie : setCookie.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq <= 0) return false;
  const value = pair.slice(eq + 1).trim();
  if (isPlaceholder(value) || value === '""' || value === 'deleted') return false;
  if (semi >= 0) {
    const attrs = setCookie.slice(semi).toLowerCase();
    if (attrs.includes('max-age=0') || attrs.includes('1970')) return false;
  }
  return isSessionCookieName(pair.slice(0, eq).trim()) || isJwt(value);
}
