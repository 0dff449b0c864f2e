/** Test helpers: build Exchanges with only the parts a format test cares about. */
import type { Exchange, ExchangeResponse, Header } from '../../../core/exchange.js';

export interface RequestSpec {
  method?: string;
  url?: string;
  headers?: Header[];
  body?: string | Buffer;
  truncated?: boolean;
}

export interface ResponseSpec {
  status?: number;
  headers?: Header[];
  body?: string | Buffer;
}

/** A Buffer body is carried as base64, as sources do for bytes that are not UTF-8. */
function withBody<T extends object>(m: T, body: string | Buffer | undefined): T {
  if (body === undefined) return m;
  if (typeof body === 'string') return { ...m, body, bodyEncoding: 'utf8' };
  return { ...m, body: body.toString('base64'), bodyEncoding: 'base64' };
}

export function exchange(req: RequestSpec, res?: ResponseSpec, id = 'ex-1'): Exchange {
  const request = withBody(
    { method: req.method ?? 'POST', url: req.url ?? '/', httpVersion: '1.1', headers: req.headers ?? [] },
    req.body,
  );
  if (req.truncated) Object.assign(request, { bodyTruncated: true });
  const ex: Exchange = {
    v: 1,
    id,
    ts: '2024-05-01T08:00:00.000Z',
    client: { ip: '203.0.113.7', port: 51234 },
    server: { ip: '10.0.0.5', port: 443 },
    request,
    source: 'test:formats',
  };
  if (res) {
    ex.response = withBody<ExchangeResponse>({ status: res.status ?? 200, httpVersion: '1.1', headers: res.headers ?? [] }, res.body);
  }
  return ex;
}

/** POST with a JSON body (`value` is serialised unless it is already a string). */
export function postJson(url: string, value: unknown, extra: Header[] = []): Exchange {
  return exchange({ url, headers: [['content-type', 'application/json'], ...extra], body: typeof value === 'string' ? value : JSON.stringify(value) });
}
