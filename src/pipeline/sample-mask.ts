/**
 * Masking of Exchanges before they are stored as samples (privacy by design: samples are masked
 * by default). Until the sensitive-data recognisers exist this is deliberately conservative:
 * credentials in headers are replaced, every run of 6+ digits keeps only its last 4 digits
 * (covers ID numbers, mobiles, card and account numbers in URLs, headers and bodies), values under
 * credential-like keys, JWTs and private keys are replaced (maskSecrets), and bodies are cut to a
 * bounded length.
 *
 *   maskDigits('id=110101199003071234')   // 'id=**************1234'
 */
import type { Exchange, Header, HttpMessage } from '../core/exchange.js';
import { maskDigits, maskSecrets } from '../core/mask.js';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token', 'x-access-token']);
export const SAMPLE_BODY_LIMIT = 2048;
export { maskDigits };

function maskHeaders(headers: Header[]): Header[] {
  return headers.map(([n, v]) => [n, SECRET_HEADERS.has(n) ? '[redacted]' : maskSecrets(maskDigits(v))]);
}

function maskMessage<T extends HttpMessage>(m: T): T {
  const out: T = { ...m, headers: maskHeaders(m.headers) };
  if (m.body !== undefined) {
    if (m.bodyEncoding === 'base64') {
      out.body = '';
      out.bodyTruncated = true;
    } else {
      const cut = m.body.length > SAMPLE_BODY_LIMIT;
      out.body = maskSecrets(maskDigits(cut ? m.body.slice(0, SAMPLE_BODY_LIMIT) : m.body));
      if (cut) out.bodyTruncated = true;
    }
  }
  return out;
}

/**
 * Field by field, never by spreading: whatever else rides on the object (a decode thread's scan
 * results, with clear values) must not reach the store.
 */
export function maskExchange(ex: Exchange): Exchange {
  const out: Exchange = {
    v: ex.v,
    id: ex.id,
    ts: ex.ts,
    client: ex.client,
    server: ex.server,
    request: { ...maskMessage(pick(ex.request)), method: ex.request.method, url: maskSecrets(maskDigits(ex.request.url)) },
    source: ex.source,
  };
  if (ex.durationMs !== undefined) out.durationMs = ex.durationMs;
  if (ex.response) out.response = { ...maskMessage(pick(ex.response)), status: ex.response.status, ...(ex.response.reason !== undefined ? { reason: ex.response.reason } : {}) };
  if (ex.notes) out.notes = ex.notes;
  return out;
}

/** The HTTP message fields of the Exchange schema, and nothing else. */
function pick<T extends HttpMessage>(m: T): HttpMessage {
  const out: HttpMessage = { httpVersion: m.httpVersion, headers: m.headers };
  if (m.body !== undefined) out.body = m.body;
  if (m.bodyEncoding !== undefined) out.bodyEncoding = m.bodyEncoding;
  if (m.bodyTruncated !== undefined) out.bodyTruncated = m.bodyTruncated;
  if (m.bodyWireLength !== undefined) out.bodyWireLength = m.bodyWireLength;
  return out;
}
