/**
 * Non-numeric values inside longer text: e-mail addresses around each `@`, and credentials at
 * their markers (`eyJ` JWTs, cloud key prefixes, PEM headers, `Bearer `, database URLs). Each
 * marker is found with indexOf, so text without markers costs a few native scans.
 */
import { credentialKind, isDbUrl, isJwt } from './recognisers/credential.js';
import { email } from './recognisers/email.js';
import type { ScanCtx, Sink } from './tokens.js';

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
const TOKEN = /[A-Za-z0-9_\-.]/;

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function scanEmails(s: string, ctx: ScanCtx, sink: Sink): void {
  if (ctx.disabled?.has('email')) return;
  let at = s.indexOf('@');
  while (at >= 0) {
    let a = at;
    while (a > 0 && at - a < 64 && LOCAL.test(s[a - 1])) a--;
    let b = at + 1;
    while (b < s.length && b - at < 254 && DOMAIN.test(s[b])) b++;
    while (b > at && (s[b - 1] === '.' || s[b - 1] === '-')) b--;
    if (a < at && b > at + 1) {
      const r = email.validate(s.slice(a, b));
      if (r.ok) sink.hit('email', undefined, r.value, a);
    }
    at = s.indexOf('@', Math.max(at + 1, b));
  }
}

/** Extend from `i` over characters matching `re`, at most `max`. */
function runEnd(s: string, i: number, re: RegExp, max: number): number {
  let j = i;
  while (j < s.length && j - i < max && re.test(s[j])) j++;
  return j;
}

const KEY_PREFIXES = ['AKIA', 'ASIA', 'LTAI', 'AKID'];
const DB_MARKERS = ['mysql://', 'mariadb://', 'postgres://', 'postgresql://', 'mongodb://', 'mongodb+srv://', 'redis://', 'rediss://', 'amqp://', 'amqps://', 'sqlserver://', 'mssql://', 'oracle://', 'clickhouse://', 'jdbc:'];

/**
 * Every marker below in one native pass (a superset: case-insensitive, `://` for all the URL
 * schemes): most long values (times, remarks, URLs of pages) have none; skipping the twenty
 * indexOf passes over each took ~5 % off the scan of the bank capture (A/B, one process).
 */
const ANY_MARKER = /eyJ|AKIA|ASIA|LTAI|AKID|-----BEGIN |bearer\s|:\/\/|jdbc:/i;

export function scanCredentials(s: string, ctx: ScanCtx, sink: Sink): void {
  if (ctx.disabled?.has('credential') || !ANY_MARKER.test(s)) return;
  const hit = (start: number, value: string): void => {
    const kind = credentialKind(value);
    if (kind) sink.hit('credential', undefined, value, start);
  };
  for (let i = s.indexOf('eyJ'); i >= 0; i = s.indexOf('eyJ', i + 3)) {
    if (i > 0 && isWordCode(s.charCodeAt(i - 1))) continue;
    const end = runEnd(s, i, TOKEN, 16384);
    const jwt = s.slice(i, end).replace(/\.+$/, '');
    if (isJwt(jwt)) {
      sink.hit('credential', undefined, jwt, i);
      i = end - 3;
    }
  }
  for (const p of KEY_PREFIXES) {
    for (let i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 4)) {
      if (i > 0 && isWordCode(s.charCodeAt(i - 1))) continue;
      const end = runEnd(s, i, /[A-Za-z0-9]/, 64);
      hit(i, s.slice(i, end));
    }
  }
  for (let i = s.indexOf('-----BEGIN '); i >= 0; i = s.indexOf('-----BEGIN ', i + 11)) hit(i, s.slice(i, i + 64));
  for (let i = s.search(/bearer\s/i); i >= 0; ) {
    const tokStart = runEnd(s, i + 6, /\s/, 8);
    const end = runEnd(s, tokStart, /[A-Za-z0-9_\-.~+/=]/, 8192);
    const v = s.slice(i, end);
    if (end - tokStart >= 16 && !isJwt(s.slice(tokStart, end))) hit(i, v);
    const nextRel = s.slice(end).search(/bearer\s/i);
    i = nextRel < 0 ? -1 : end + nextRel;
  }
  for (const m of DB_MARKERS) {
    for (let i = s.indexOf(m); i >= 0; i = s.indexOf(m, i + m.length)) {
      if (m !== 'jdbc:' && s.startsWith('jdbc:', i - 5)) continue; // jdbc:mysql://… is found as jdbc:
      const end = runEnd(s, i, /[^\s"'<>`]/, 2048);
      const url = s.slice(i, end);
      if (isDbUrl(url)) sink.hit('credential', undefined, url, i);
    }
  }
}
