/**
 * Masking of Exchanges before they are stored as samples (privacy by design: samples are masked
 * by default). Until the sensitive-data recognisers exist this is deliberately conservative:
 * credentials in headers are replaced, every run of 6+ digits keeps only its last 4 digits
 * (covers ID numbers, mobiles, card and account numbers in URLs, headers and bodies), and bodies
 * are cut to a bounded length.
 *
 *   maskDigits('id=110101199003071234')   // 'id=**************1234'
 */
import type { Exchange, Header, HttpMessage } from '../core/exchange.js';
import { maskDigits } from '../core/mask.js';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-access-token']);
export const SAMPLE_BODY_LIMIT = 2048;
export { maskDigits };

function maskHeaders(headers: Header[]): Header[] {
  return headers.map(([n, v]) => [n, SECRET_HEADERS.has(n) ? '[redacted]' : maskDigits(v)]);
}

function maskMessage<T extends HttpMessage>(m: T): T {
  const out: T = { ...m, headers: maskHeaders(m.headers) };
  if (m.body !== undefined) {
    if (m.bodyEncoding === 'base64') {
      out.body = '';
      out.bodyTruncated = true;
    } else {
      const cut = m.body.length > SAMPLE_BODY_LIMIT;
      out.body = maskDigits(cut ? m.body.slice(0, SAMPLE_BODY_LIMIT) : m.body);
      if (cut) out.bodyTruncated = true;
    }
  }
  return out;
}

export function maskExchange(ex: Exchange): Exchange {
  return {
    ...ex,
    request: { ...maskMessage(ex.request), url: maskDigits(ex.request.url) },
    response: ex.response ? maskMessage(ex.response) : undefined,
  };
}
