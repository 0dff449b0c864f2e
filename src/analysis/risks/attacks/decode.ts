/**
 * Bounded evasion decoding. Every function here is total (never throws) and linear in its input;
 * `deepDecode` applies at most `MAX_ROUNDS` rounds of the decoders, stopping as soon as a round
 * changes nothing, so a value costs a few passes however it was encoded.
 */

const MAX_ROUNDS = 4;

const HEX = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
};

/**
 * Percent-decoding as a lenient server would do it: `%XX` bytes are gathered and read as UTF-8
 * (overlong 2-byte forms such as `%c0%af` become their ASCII character, invalid bytes map to
 * Latin-1), `%uXXXX` is IIS's UTF-16 escape, a malformed `%` stays as it is. With `plus`, `+` is a
 * space (query strings and forms).
 */
export function percentDecode(s: string, plus: boolean): string {
  if (s.indexOf('%') < 0) return plus && s.indexOf('+') >= 0 ? s.replace(/\+/g, ' ') : s;
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) {
      out += bytesToText(bytes);
      bytes = [];
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      if (i + 2 < s.length) {
        const h = HEX(s.charCodeAt(i + 1));
        const l = HEX(s.charCodeAt(i + 2));
        if (h >= 0 && l >= 0) {
          bytes.push(h * 16 + l);
          i += 2;
          continue;
        }
      }
      if ((s[i + 1] === 'u' || s[i + 1] === 'U') && i + 5 < s.length) {
        const a = HEX(s.charCodeAt(i + 2));
        const b = HEX(s.charCodeAt(i + 3));
        const d = HEX(s.charCodeAt(i + 4));
        const e = HEX(s.charCodeAt(i + 5));
        if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
          flush();
          out += fromUnit((a << 12) | (b << 8) | (d << 4) | e);
          i += 5;
          continue;
        }
      }
    }
    flush();
    out += plus && c === 43 ? ' ' : s[i];
  }
  flush();
  return out;
}

/** Fullwidth ASCII forms (U+FF01–FF5E) fold to ASCII: `％２５`, `＜script＞` are classic evasions. */
function fromUnit(u: number): string {
  if (u >= 0xff01 && u <= 0xff5e) return String.fromCharCode(u - 0xfee0);
  return String.fromCharCode(u);
}

function bytesToText(b: number[]): string {
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) {
      out += String.fromCharCode(c);
      continue;
    }
    const n = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc0 && c < 0xe0 ? 1 : 0;
    let ok = n > 0 && i + n < b.length;
    for (let k = 1; ok && k <= n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (!ok) {
      out += String.fromCharCode(c); // Latin-1 fallback
      continue;
    }
    let cp = c & (n === 1 ? 0x1f : n === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= n; k++) cp = (cp << 6) | (b[i + k] & 0x3f);
    i += n;
    out += cp > 0x10ffff ? '\ufffd' : cp >= 0xff01 && cp <= 0xff5e ? String.fromCharCode(cp - 0xfee0) : String.fromCodePoint(cp);
  }
  return out;
}

const NAMED: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", tab: '\t', newline: '\n', colon: ':', sol: '/',
  bsol: '\\', lpar: '(', rpar: ')', nbsp: ' ', semi: ';', comma: ',', period: '.', excl: '!', num: '#',
  dollar: '$', percnt: '%', lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lcub: '{', rcub: '}',
  lbrace: '{', rbrace: '}', grave: '`', equals: '=', plus: '+', ast: '*', midast: '*', quest: '?',
  commat: '@', lowbar: '_', hyphen: '-', dash: '-', vert: '|', verbar: '|', tilde: '~', hat: '^',
};

/** HTML character references: decimal, hex (with or without `;`, with leading zeros) and common names. */
export function htmlDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(?:#(?:[xX]([0-9a-fA-F]{1,8})|(\d{1,10}))|([a-zA-Z]{2,10}));?/g, (m, hex: string, dec: string, name: string) => {
    if (name !== undefined) {
      const v = NAMED[name.toLowerCase()];
      return v ?? m;
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec, 10);
    if (!(cp > 0) || cp > 0x10ffff) return m;
    return fromUnit(cp).length === 1 && cp <= 0xffff ? fromUnit(cp) : String.fromCodePoint(cp);
  });
}

/** JavaScript / JSON / C escapes: `\u0027`, `\u{27}`, `\x27`. Other backslashes stay. */
export function escapeDecode(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/g, (m, a: string, b: string, c: string) => {
    const cp = parseInt(a ?? b ?? c, 16);
    return cp <= 0x10ffff ? (cp <= 0xffff ? fromUnit(cp) : String.fromCodePoint(cp)) : m;
  });
}

/** Decode until stable (at most MAX_ROUNDS rounds): percent (no `+`), HTML references, JS escapes. */
export function deepDecode(s: string): string {
  let cur = s;
  for (let r = 0; r < MAX_ROUNDS; r++) {
    let next = cur.indexOf('%') >= 0 ? percentDecode(cur, false) : cur;
    next = htmlDecode(next);
    next = escapeDecode(next);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * The text inside a value that is clearly base64 (whole value, ≥ 12 characters, mixed classes of
 * characters) and decodes to printable text; otherwise undefined. JWTs (dots), data: URLs and
 * binary payloads such as images are not decoded.
 */
export function base64Text(s: string): string | undefined {
  const n = s.length;
  if (n < 12 || n > 8192) return undefined;
  if (!(B64.test(s) || (B64URL.test(s) && n % 4 !== 1))) return undefined;
  if (!/[0-9+/=_-]/.test(s) || !/[A-Z]/.test(s) || !/[a-z]/.test(s)) return undefined;
  const buf = Buffer.from(s, 'base64');
  if (buf.length === 0) return undefined;
  let printable = 0;
  for (const c of buf) if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  if (printable < buf.length * 0.97) return undefined;
  return buf.toString('latin1');
}
