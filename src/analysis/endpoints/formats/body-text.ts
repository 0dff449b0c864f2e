/**
 * Bounded views of a body for scanning. Classification reads markers and the first markup of a
 * body, never a whole large body, so these return at most `max` characters.
 *
 * Base64 bodies are the ones that were not valid UTF-8: GBK/GB18030 XML and JSON from older bank
 * systems, UTF-16, binary frames. Decoding a prefix as latin1 keeps the ASCII structure (tags,
 * keys, punctuation) readable whatever the real charset, which is all classification needs.
 */
import type { HttpMessage } from '../../../core/exchange.js';

/** Up to `max` characters of the body as text ('' when there is none). */
export function bodyHead(m: HttpMessage | undefined, max: number): string {
  const body = m?.body;
  if (!body) return '';
  if (m.bodyEncoding !== 'base64') return body.length <= max ? body : body.slice(0, max);
  const b64 = body.length <= Math.ceil(max / 3) * 4 ? body : body.slice(0, Math.ceil(max / 3) * 4);
  const buf = Buffer.from(b64, 'base64');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return buf.swap16().toString('utf16le', 2);
  return buf.toString('latin1');
}

/** Whether the body has at least one byte. */
export function hasBody(m: HttpMessage | undefined): boolean {
  return m !== undefined && m.body !== undefined && m.body.length > 0;
}

/** First character that is not whitespace or a byte-order mark, or '' (for sniffing '{' '[' '<'). */
export function firstSignificant(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return text[i];
  }
  return '';
}

/** What a body looks like from its first significant character: for a missing or vague content-type. */
export function sniffBody(m: HttpMessage): 'json' | 'xml' | 'binary' | 'text' {
  const c = firstSignificant(bodyHead(m, 64));
  if (c === '{' || c === '[') return 'json';
  if (c === '<') return 'xml';
  return m.bodyEncoding === 'base64' ? 'binary' : 'text';
}
