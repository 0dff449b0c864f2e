/**
 * What the catalog knows about one endpoint, summarised for classification. The catalog fills it
 * from the exchanges it has folded into the endpoint; the classifiers here read only this, so they
 * are pure and can be re-run whenever the counts change.
 */
import type { ApiFormat, ApiOperation, AuthKind, JsonShape, ParamInfo } from '../../../core/endpoint.js';

export interface EndpointFeatures {
  /** GET, POST, … */
  method: string;
  /** e.g. /api/v1/users/{userId}/orders */
  pathTemplate: string;
  format: ApiFormat;
  /** GraphQL / SOAP / JSON-RPC / gRPC operation name */
  operation?: ApiOperation;
  /** query, form, JSON body paths (e.g. `user.mobile`), multipart */
  requestParams: ParamInfo[];
  /** JSON path → types, e.g. {'data.token': ['string'], 'data.list[].id': ['integer']} */
  responseShape: JsonShape;
  requestContentTypes: string[];
  responseContentTypes: string[];
  calls: number;
  /** status code → count */
  status: Record<string, number>;
  /** responses with Set-Cookie carrying a session-like cookie (see `setsSessionCookie` in ../auth) */
  setsCookie: number;
  /** responses whose JSON carries a token-like field (token, access_token, jwt…) or a JWT value */
  returnsToken: number;
  /** responses with Content-Disposition: attachment */
  attachments: number;
  /** largest array length seen in a response body (0 if none) */
  maxResponseArray: number;
  avgResponseBytes: number;
  /** distinct client IPs by class (see `isPrivateAddress`) */
  clients: { public: number; private: number };
  /** requests per auth kind */
  auth: Partial<Record<AuthKind, number>>;
}

function v4Private(a: number, b: number): boolean {
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/**
 * RFC 1918, loopback, link-local and IPv6 ULA (fc00::/7) count as private, so the catalog and the
 * service-object rule agree on what "public client" means. IPv4-mapped IPv6 is unwrapped.
 *
 *   isPrivateAddress('10.2.3.4')  // true
 *   isPrivateAddress('203.0.113.7')  // false
 */
export function isPrivateAddress(ip: string): boolean {
  let s = ip.toLowerCase();
  if (s.startsWith('::ffff:') && s.includes('.')) s = s.slice(7);
  if (s.includes(':')) {
    if (s === '::1') return true;
    const first = parseInt(s.slice(0, s.indexOf(':')) || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  const d1 = s.indexOf('.');
  const d2 = s.indexOf('.', d1 + 1);
  if (d1 < 0 || d2 < 0) return false;
  return v4Private(Number(s.slice(0, d1)), Number(s.slice(d1 + 1, d2)));
}
