/**
 * Web-attack detection over one HTTP request (DESIGN §4.3 "Web attacks"): a pure library. The
 * request is split into values with their locations (path, query and form parameters, JSON
 * members, multipart parts, XML text, cookies, headers); each value is decoded (bounded, see
 * decode.ts), passed through a cheap pre-filter of characters and words that can start an attack,
 * and only then through the per-class detectors. Work per request is capped (values and bytes).
 */
import type { ExchangeRequest } from '../../../core/exchange.js';
import { detectCmdi } from './cmdi.js';
import { base64Text, deepDecode, htmlDecode, percentDecode } from './decode.js';
import { detectExpression } from './expression.js';
import { scannerHeader, scannerOast, scannerProbePath, scannerUserAgent } from './scanner.js';
import { detectSqli } from './sqli.js';
import { detectSsrf } from './ssrf.js';
import { detectTraversal, restrictedPath } from './traversal.js';
import type { AttackClass, AttackHit, DetectOptions, ValueHit } from './types.js';
import { detectXss } from './xss.js';
import { detectXxe } from './xxe.js';

export type { AttackClass, AttackHit, DetectOptions } from './types.js';
export { ATTACK_CLASSES } from './types.js';
export { sqlFingerprint } from './sqli.js';

/** The request as plain data; an ExchangeRequest fits. */
export type AttackRequest = Pick<ExchangeRequest, 'method' | 'url' | 'headers' | 'body' | 'bodyEncoding'> & { contentType?: string };

const DEFAULT_MAX_BYTES = 64 * 1024;
const DEFAULT_MAX_VALUES = 200;

/** Anything that could start an attack in some class; values without any are not examined further. */
const HOT_WORDS = String.raw`|\.\.|\/\/|\bs?bin\/|\b(?:aa-[a-z]+|ansible|visudo|cscli|chef-[a-z]+|bsdtar|htop|aptitude|python[23])\b|\/(?:etc|bin|usr|proc|sys|windows|winnt|boot|var|root|home|tmp|dev)\b|script:|\s-{1,2}[a-z]|\b(?:if|for|union|select|exist|defined|alias|waitfor|sleep|benchmark|document|window|information_schema|ping|whoami|uname|ifconfig|ipconfig|nslookup|wget|curl|cmd|powershell|bash|etc\/passwd|win\.ini|boot\.ini|web-inf|wp-config|exec|execute|xp_\w+|sp_\w+|pg_\w+|tempdb|msdb|northwind|mysql\.\w+|schema_name|db_name|msys\w+|sysobjects|having|like|when|waitfor|declare|truncate|alter|drop|shutdown|into|id_rsa|time|nohup|strace|visudo|ls|ps|id|env|cd)\b|\.(?:ssh|docker|aws|kube)\b|\/tmp\/|\.(?:ini|conf|passwd|env|git|htaccess|htpasswd|bak|sql)\b`;
const HOT = new RegExp(String.raw`['"<>();|&\`$\{\}%\\=*!#~^[\]\n\x00\u00bc\u00be]|0x[25][cef]|\+AD[w4]-|::[a-z]|\d\.e[(.]|create\s+(?:table|database)` + HOT_WORDS, 'i');
/** The same, ignoring JSON's own punctuation (quotes, braces, brackets), for a whole JSON body. */
const HOT_JSON = new RegExp(String.raw`['<>();|&\`$%\\=*!#~^\n]` + HOT_WORDS, 'i');
const B64_WHOLE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/** upper case, lower case and a digit somewhere: the mix of random base64, not of words or paths */
const OPAQUE_MIX = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\D*\d)/;
/** Hex digests and UUID-like ids in a path: never base64 text. */
const OPAQUE_TOKEN_SEG = /^[0-9a-f-]+$/i;
/** In a JSON body: a whole string that looks like base64 (has a digit, `+` or `/`). */
const B64_JSON = /"(?=[A-Za-z0-9+/_-]*[0-9+/])[A-Za-z0-9+/_-]{16,}={0,2}"/;

/**
 * Numbers that break numeric parsing (32-bit limits, PHP's strtod loop, a double that overflows), sent
 * alone as a value by scanners (skipfish) probing how the database layer handles them; CRS 942220.
 */
const MAGIC = String.raw`-?0000023456|0000012345|429496729[56]|214748364[78]|-214748364[89]|2\.22507385850720(?:07|11)e-308|1e309`;
const MAGIC_NUMBER = new RegExp(`^(?:${MAGIC})$`);
/** One of those as a JSON string (member name or value). */
const MAGIC_JSON = new RegExp(`"(?:${MAGIC})"`);
/** A run of base64 characters long enough to be a payload: only then are path segments read as base64. */
const B64_RUN = /[A-Za-z0-9+_-]{16}/;

/** A parameter name that is a script expression (`document.cookie=…`, `window.location=…`). */
const JS_NAME = /^(?:document|window|self|top|parent|location|globalThis)\.\w/;

/** Names of kernel and process files (`/proc/mtrr`, `/proc/acpi`) sent as an upload's name in a header. */
const PROC_NAME = /^(?:.*\/)?(?:mtrr|acpi|kcore|kallsyms|kmsg|cpuinfo|meminfo|sysrq-trigger|self|environ|cmdline|mounts|mountinfo|partitions|interrupts|iomem|ioports|slabinfo|vmallocinfo|pagetypeinfo|zoneinfo)$/i;

/**
 * Upload file names that install server configuration or executable code rather than content:
 * web-server and PHP settings, CMS configuration copies, cloud tool credentials, and names that
 * hide an extension behind a space or a trailing dot/space (`settings. php`, `shell.php.`).
 */
const UPLOAD_NAME =
  /^(?:.*\/)?(?:\.htaccess|\.htpasswd|\.user\.ini|php\.ini|web\.config|\.boto|\.s3cfg|\.bashrc|\.profile|\.ssh\/authorized_keys|authorized_keys|wp-config[\w.-]*|(?:local_)?settings(?:\.local)?\.php|configuration\.php|config\.inc\.php|LocalSettings\.php|config(?:_dev|_prod|_test)?\.ya?ml|parameters\.ya?ml|routing\.ya?ml|security\.ya?ml|services\.ya?ml|default\.settings\.php|local\.xml|\.env|\.npmrc|\.git-credentials|[^/]*\.\s+(?:php\d?|phtml|phar|asp|aspx|jsp|sh|pl|cgi|py)|[^/]*\.(?:php\d?|phtml|phar|asp|aspx|jsp|jspx|cgi)[.\s]+|[\w.-]+\.(?:ya?ml|json|ini|conf|config|php)\s+)$/i;

/** Headers whose values are structured by the protocol and not echoed into applications. */
const SKIP_HEADERS = new Set([
  'host', 'content-length', 'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'connection', 'keep-alive',
  'cache-control', 'pragma', 'upgrade-insecure-requests', 'te', 'dnt', 'priority', 'if-none-match', 'if-modified-since',
  'if-match', 'if-unmodified-since', 'if-range', 'range', 'authorization', 'proxy-authorization', 'content-encoding',
  'transfer-encoding', 'upgrade', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-user', 'sec-ch-ua',
  'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions',
  'x-request-id', 'x-b3-traceid', 'x-b3-spanid', 'traceparent', 'tracestate', 'x-amzn-trace-id', 'proxy-connection',
  'content-md5', 'date', 'expect', 'x-csrf-token', 'x-xsrf-token', 'etag',
]);

type Kind = 'path' | 'query' | 'form' | 'body' | 'cookie' | 'header' | 'referer' | 'ua' | 'xml';

class Scan {
  hits: AttackHit[] = [];
  private seen = new Set<string>();
  private values = 0;
  private bytes = 0;
  constructor(
    private readonly maxValues: number,
    private readonly maxBytes: number,
    private readonly classes: ReadonlySet<AttackClass> | undefined,
  ) {}

  private on(c: AttackClass): boolean {
    return !this.classes || this.classes.has(c);
  }

  add(c: AttackClass, location: string, h: ValueHit | undefined, suffix = ''): void {
    if (!h || !this.on(c)) return;
    const key = c + '\u0000' + location;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const sample = h.sample.length > 64 ? h.sample.slice(0, 64) : h.sample;
    this.hits.push({ class: c, location, reason: h.reason + suffix, sample });
  }

  /** A hit found earlier for the same header value. */
  push(h: AttackHit): void {
    if (this.classes && !this.classes.has(h.class)) return;
    const key = h.class + '\u0000' + h.location;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.hits.push(h);
  }

  /** Budget: false when this value must not be examined. Long values are cut to the remaining bytes. */
  take(v: string): string | undefined {
    if (this.values >= this.maxValues || this.bytes >= this.maxBytes) return undefined;
    this.values++;
    const room = this.maxBytes - this.bytes;
    const cut = v.length > room ? v.slice(0, room) : v;
    this.bytes += cut.length;
    return cut;
  }

  /** Examine one decoded value. */
  value(loc: string, decoded: string, kind: Kind, suffix = ''): void {
    const v = this.take(decoded);
    if (v === undefined || v.length === 0) return;
    if (!suffix && v.length >= 16 && B64_WHOLE.test(v)) {
      const t = base64Text(v);
      if (t) {
        this.value(loc, deepDecode(t), kind, ' (base64)');
        return;
      }
      // An opaque token (ciphertext, signature, session id): long, only base64 characters, upper
      // and lower case and digits mixed. Its letters make words by chance (`+ls/`, `/id+`), which
      // would send every encrypted password through every detector; no payload looks like this.
      if (v.length >= 40 && OPAQUE_MIX.test(v)) return;
    }
    if (v.length >= 5 && v.length <= 23 && MAGIC_NUMBER.test(v)) this.add('sqli', loc, { reason: 'integer overflow probe', sample: v }, suffix);
    if (!HOT.test(v)) return;
    const isPath = kind === 'path';
    this.add('sqli', loc, detectSqli(isPath ? v.replace(/^\//, '') : v), suffix);
    if (!isPath || /[<>"'(`]/.test(v)) this.add('xss', loc, detectXss(v), suffix);
    this.add('path-traversal', loc, detectTraversal(v, isPath), suffix);
    this.add('command-injection', loc, detectCmdi(v), suffix);
    this.add('expression-injection', loc, detectExpression(v), suffix);
    if (v.indexOf('<!') >= 0 || v.indexOf('include') >= 0) this.add('xxe', loc, detectXxe(v), suffix);
    if (kind !== 'path' && kind !== 'referer') this.add('ssrf', loc, detectSsrf(v), suffix);
    this.add('scanner', loc, scannerOast(v), suffix);
  }

  /** Parameter names carry payloads too; only odd-looking names (or script globals) are examined. */
  name(loc: string, decodedName: string, kind: Kind): void {
    // a name with blanks between words (`aa-disable php-fpm`) or a number where a name goes is read too
    if (/^[\w.\-[\]:@ ]*$/.test(decodedName) && !JS_NAME.test(decodedName) && !/\S\s+[a-z/-]/i.test(decodedName) && !MAGIC_NUMBER.test(decodedName)) return;
    this.value(loc, decodedName, kind);
  }

  pairs(prefix: string, raw: string, kind: Kind): void {
    let start = 0;
    for (let n = 0; start <= raw.length && n < 1000; n++) {
      let end = raw.indexOf('&', start);
      if (end < 0) end = raw.length;
      const part = raw.slice(start, end);
      start = end + 1;
      if (!part) continue;
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      const name = deepDecode(percentDecode(rawName, true));
      const label = name.length > 40 ? name.slice(0, 40) : name;
      if (eq < 0) {
        this.value(prefix, name, kind);
        continue;
      }
      const loc = `${prefix}.${label}`;
      this.name(loc, name, kind);
      const rawValue = part.slice(eq + 1);
      this.value(loc, rawValue.indexOf('%') >= 0 || rawValue.indexOf('+') >= 0 || rawValue.indexOf('&') >= 0 || rawValue.indexOf('\\') >= 0 ? deepDecode(percentDecode(rawValue, true)) : rawValue, kind);
    }
  }

  json(node: unknown, path: string, depth: number): void {
    if (depth > 32) return;
    if (typeof node === 'string') {
      // JSON inside a string (open-API `biz_content`): its fields are the values, not its quotes and braces
      const c0 = node.charCodeAt(0);
      if ((c0 === 123 || c0 === 91) && node.length > 2 && (node.endsWith('}') || node.endsWith(']'))) {
        try {
          this.json(JSON.parse(node), path, depth + 1);
          return;
        } catch {
          // not JSON: an ordinary value
        }
      }
      this.value(path, node.indexOf('%') >= 0 || node.indexOf('&') >= 0 || node.indexOf('\\') >= 0 ? deepDecode(node) : node, 'body');
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length && i < 1000; i++) this.json(node[i], path + '[]', depth + 1);
      return;
    }
    for (const k of Object.keys(node as object)) {
      const loc = `${path}.${k.length > 40 ? k.slice(0, 40) : k}`;
      this.name(loc, k, 'body');
      this.json((node as Record<string, unknown>)[k], loc, depth + 1);
    }
  }
}

function headerOf(headers: readonly [string, string][], name: string): string | undefined {
  for (const h of headers) if (h[0] === name) return h[1];
  return undefined;
}

function scanBody(s: Scan, body: string, ctype: string): void {
  const ct = ctype.toLowerCase();
  const head = body.trimStart().slice(0, 1);
  if (ct.includes('x-www-form-urlencoded')) return s.pairs('form', body, 'form');
  if (ct.includes('multipart/form-data')) return multipart(s, body, ctype); // the boundary is case-sensitive
  if (ct.includes('json') || ((head === '{' || head === '[') && !ct.includes('xml'))) {
    if (!HOT_BODY(body)) return;
    try {
      s.json(JSON.parse(body), 'body', 0);
      return;
    } catch {
      /* not JSON after all: read as text */
    }
  }
  if (ct.includes('xml') || head === '<') return xml(s, body);
  if (!ct && /^[\w.%[\]-]+=[^\s]*(?:&[\w.%[\]-]+=[^\s]*)*$/.test(body.slice(0, 2048))) return s.pairs('form', body, 'form');
  s.value('body', deepDecode(body), 'body');
}

/** JSON bodies without any hot character nor base64-looking run need no parsing at all. */
function HOT_BODY(body: string): boolean {
  return HOT_JSON.test(body) || B64_JSON.test(body) || (body.indexOf('"') >= 0 && MAGIC_JSON.test(body));
}

function multipart(s: Scan, body: string, ct: string): void {
  const b = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(ct);
  if (!b) return s.value('body', body, 'body');
  const boundary = '--' + (b[1] ?? b[2]);
  const parts = body.split(boundary);
  for (let i = 1; i < parts.length && i < 100; i++) {
    const p = parts[i];
    if (p.startsWith('--')) break;
    const sep = p.indexOf('\r\n\r\n') >= 0 ? '\r\n\r\n' : '\n\n';
    const at = p.indexOf(sep);
    if (at < 0) continue;
    const hdr = p.slice(0, at);
    const content = p.slice(at + sep.length).replace(/\r?\n$/, '');
    const name = /\bname="([^"]*)"/i.exec(hdr)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/i.exec(hdr)?.[1];
    const loc = `form.${name.slice(0, 40)}`;
    s.name(loc, name, 'form');
    if (filename !== undefined) {
      s.value(loc + '#filename', filename, 'form');
      s.add('command-injection', loc + '#filename', uploadName(filename));
      // browsers send the base name only: any dot-dot segment in an upload name is a traversal
      if (/(?:^|[/\\])\.\.[/\\]/.test(filename)) s.add('path-traversal', loc + '#filename', { reason: 'dot-dot in upload file name', sample: filename.slice(0, 64) });
    }
    if (/content-type:\s*(?:image|video|audio|application\/(?:octet-stream|pdf|zip))/i.test(hdr)) continue;
    s.value(loc, deepDecode(content), 'form');
  }
}

function xml(s: Scan, body: string): void {
  s.add('xxe', 'body', detectXxe(body));
  // text nodes and attribute values, entity-decoded
  const re = /<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>([^<]*)/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(body)) && n < 200) {
    n++;
    const tag = m[1].slice(m[1].indexOf(':') + 1);
    const attrs = m[2];
    if (attrs) {
      const ar = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      while ((a = ar.exec(attrs))) {
        if (a[1].startsWith('xmlns') || a[1].includes(':schemaLocation')) continue;
        s.value(`body.${tag}@${a[1]}`, deepDecode(htmlDecode(a[2] ?? a[3] ?? '')), 'xml');
      }
    }
    const text = m[3].trim();
    if (text) s.value(`body.${tag}`, deepDecode(htmlDecode(text)), 'xml');
  }
  const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  while ((m = cdata.exec(body)) && n++ < 200) s.value('body', m[1], 'xml');
  if (n === 0) s.value('body', deepDecode(body), 'body');
}

/** All attacks found in one request, at most one hit per class and location. */
export function detectAttacks(req: AttackRequest, opts: DetectOptions = {}): AttackHit[] {
  const s = new Scan(opts.maxValues ?? DEFAULT_MAX_VALUES, opts.maxBytes ?? DEFAULT_MAX_BYTES, opts.classes ? new Set(opts.classes) : undefined);
  let target = req.url ?? '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) target = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const hash = rawPath.indexOf('#');
  const path = deepDecode(hash >= 0 ? rawPath.slice(0, hash) : rawPath);
  s.add('scanner', 'path', scannerProbePath(path));
  if (path.length > 1) {
    s.value('path', path, 'path');
    // a path segment that is a whole base64 payload (`/api/PHN2ZyBvbmxvYWQ9…`)
    if (path.length >= 17 && B64_RUN.test(path)) {
      for (const seg of path.split('/')) if (seg.length >= 16 && B64_WHOLE.test(seg) && !OPAQUE_TOKEN_SEG.test(seg)) s.value('path', seg, 'path');
    }
    s.add('path-traversal', 'path', restrictedPath(path));
  }
  if (q >= 0) s.pairs('query', target.slice(q + 1), 'query');

  for (const [name, value] of req.headers) {
    if (SKIP_HEADERS.has(name) || !value) continue;
    // Header values repeat across requests (one User-Agent, Referer or cookie per client): memoise,
    // per header name (a key of name and value would be a new string to build and hash per header).
    const memo = !opts.classes && value.length <= MEMO_VALUE_MAX ? memoFor(name) : undefined;
    const cached = memo?.get(value);
    if (cached) {
      for (const h of cached) s.push({ ...h });
      continue;
    }
    const hs = memo ? new Scan(DEFAULT_MAX_VALUES, DEFAULT_MAX_BYTES, undefined) : s;
    scanHeader(hs, name, value);
    if (memo) {
      // bounded in all (MEMO_ENTRIES values of at most MEMO_VALUE_MAX): dropped wholesale when full
      if (++memoEntries > MEMO_ENTRIES) {
        for (const m of headerMemo.values()) m.clear();
        memoEntries = 1;
      }
      memo.set(value, hs.hits);
      for (const h of hs.hits) s.push({ ...h });
    }
  }

  if (req.body && req.bodyEncoding !== 'base64') {
    const ct = req.contentType ?? headerOf(req.headers, 'content-type') ?? '';
    scanBody(s, req.body, ct);
  }
  return s.hits;
}

function uploadName(name: string): ValueHit | undefined {
  return UPLOAD_NAME.test(name) ? { reason: 'upload of a configuration or script file', sample: name.slice(0, 64) } : undefined;
}

const MEMO_ENTRIES = 2048;
const MEMO_VALUE_MAX = 2048;
/** Results per header name, then value; results are a function of the two alone, so this is invisible to callers. */
const headerMemo = new Map<string, Map<string, AttackHit[]>>();
/** at most this many header names memoised (names are few; a flood of made-up ones is not memoised) */
const MEMO_NAMES = 64;
let memoEntries = 0;

function memoFor(name: string): Map<string, AttackHit[]> | undefined {
  let m = headerMemo.get(name);
  if (!m && headerMemo.size < MEMO_NAMES) headerMemo.set(name, (m = new Map()));
  return m;
}

/** One header: cookies split into pairs, the User-Agent also matched against tools. */
function scanHeader(s: Scan, name: string, value: string): void {
  s.add('scanner', `header.${name}`, scannerHeader(name));
  if (name === 'cookie') {
    for (const c of value.split(/;\s*/)) {
      const eq = c.indexOf('=');
      const cname = (eq < 0 ? c : c.slice(0, eq)).trim();
      const loc = `cookie.${deepDecode(cname).slice(0, 40)}`;
      if (eq < 0) {
        s.value('cookie', deepDecode(cname), 'cookie');
        continue;
      }
      s.name(loc, deepDecode(percentDecode(cname, true)), 'cookie');
      s.value(loc, deepDecode(percentDecode(c.slice(eq + 1), true)), 'cookie');
    }
    return;
  }
  if (name === 'x-filename' || name === 'x-file-name' || name === 'x-upload-filename') {
    s.add('command-injection', `header.${name}`, uploadName(value) ?? (PROC_NAME.test(value) ? { reason: 'upload named like a kernel file', sample: value.slice(0, 64) } : undefined));
    if (/(?:^|[/\\])\.\.[/\\]/.test(value)) s.add('path-traversal', `header.${name}`, { reason: 'dot-dot in upload file name', sample: value.slice(0, 64) });
  }
  if (name === 'user-agent') s.add('scanner', 'header.user-agent', scannerUserAgent(value));
  if (name === 'content-type') {
    s.add('expression-injection', 'header.content-type', detectExpression(value));
    return;
  }
  s.value(`header.${name}`, deepDecode(value), name === 'referer' || name === 'origin' ? 'referer' : name === 'user-agent' ? 'ua' : 'header');
}
