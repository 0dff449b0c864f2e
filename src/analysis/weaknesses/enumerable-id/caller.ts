/**
 * Who is asking, as a short key: the credential the request carries (hashed, never kept in
 * clear), or the client ip when it carries none. Used to tell "one customer reading their own
 * objects" from "one credential walking through many customers' objects".
 *
 *   callerKey(facts)   // 'a:2166136261' (Authorization), 't:…' (token header), 'c:…' (session cookie), 'ip:203.0.113.7'
 */
import { isSessionCookieName } from '../../endpoints/auth/index.js';
import { HEADER_ROLE, Role } from '../../endpoints/auth/names.js';
import type { ExchangeFacts } from '../types.js';

/** values up to this long are hashed whole; longer ones by their head, middle and tail */
const HASHED_WHOLE = 1024;
const HASHED_PART = 128;

/**
 * FNV-1a (32 bit) of a string's length and content (for values over HASHED_WHOLE characters:
 * the first, middle and last HASHED_PART): a short key that tells credentials apart at a bounded
 * cost, not a secret-preserving digest. The middle matters: two JWTs of one issuer share the
 * header, and a test issuer may repeat signatures; they differ in the payload.
 */
export function shortHash(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  const run = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  if (s.length <= HASHED_WHOLE) run(0, s.length);
  else {
    const mid = (s.length - HASHED_PART) >> 1;
    run(0, HASHED_PART);
    run(mid, mid + HASHED_PART);
    run(s.length - HASHED_PART, s.length);
  }
  return h >>> 0;
}

function sessionCookies(header: string): string {
  let out = '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && isSessionCookieName(part.slice(0, eq).trim())) out += part.trim() + ';';
  }
  return out;
}

export function callerKey(f: ExchangeFacts): string {
  if (f.auth !== 'none') {
    const headers = f.ex.request.headers;
    let cookie: string | undefined;
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      const name = h[0];
      if (name === 'authorization') return `a:${shortHash(h[1])}`;
      if (name === 'cookie') {
        cookie ??= h[1];
        continue;
      }
      // token and key headers (x-token, x-auth-token, x-api-key…): one Map lookup, then the name's ending
      const role = HEADER_ROLE.get(name);
      if (role === Role.Token || role === Role.ApiKey) return `t:${shortHash(h[1])}`;
      if (role === undefined && name.charCodeAt(name.length - 1) === 110 /* n */ && name.endsWith('token') && !name.includes('csrf') && !name.includes('xsrf')) {
        return `t:${shortHash(h[1])}`;
      }
    }
    const session = cookie ? sessionCookies(cookie) : '';
    if (session) return `c:${shortHash(session)}`;
  }
  // no credential, or one this does not read (a signature changes on every request): the source
  return `ip:${f.ex.client.ip}`;
}
