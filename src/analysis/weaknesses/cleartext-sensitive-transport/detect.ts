/**
 * cleartext-sensitive-transport: credentials or personal data over plain HTTP where policy wants
 * TLS. Off unless `requireTls` (a mirror behind the TLS-terminating load balancer sees port 80
 * for everything). The client leg is judged, in this order: an absolute-form target (`http://…`
 * through a proxy) says it; with `trustForwardedProto`, a forwarded-proto header of the balancer
 * says it (`https` → TLS, `http` → clear); else the server port (a `tlsPorts` port is TLS; with
 * `plaintextPorts`, only those ports are clear; an unknown port 0 says nothing). What counts:
 * clear (unmasked) hits of `labels` in the request or the response, hashed or encrypted
 * passwords aside, and the credential the request authenticated with. One finding per endpoint
 * (location ''): the transport is the endpoint's, the detail names the fields.
 */
import type { AuthKind } from '../../../core/endpoint.js';
import type { LabelId } from '../../sensitive/labels.js';
import { secretForm } from '../../sensitive/recognisers/password.js';
import type { DataHit } from '../../sensitive/types.js';
import { defineDetector, type ExchangeFacts } from '../types.js';
import { jsonAt, requestValue } from '../values.js';
import { descriptor } from './descriptor.js';

/** fields named in a detail */
const MAX_NAMED = 5;
/** authentication that is a replayable secret (not signatures, nor a client certificate forwarded by a TLS proxy) */
const SECRET_AUTH: ReadonlySet<AuthKind> = new Set(['basic', 'bearer', 'jwt', 'cookie', 'api-key', 'digest']);

/** What the balancer's headers say about the client leg: true TLS, false clear, undefined silent. */
export function forwardedTls(headers: readonly (readonly [string, string])[]): boolean | undefined {
  for (const [name, value] of headers) {
    if (name.charCodeAt(0) !== 120 /* x */ && name !== 'forwarded' && name !== 'front-end-https') continue;
    const v = value.trim().toLowerCase();
    switch (name) {
      case 'x-forwarded-proto':
      case 'x-forwarded-scheme': {
        // a chain of proxies lists the client's leg first
        const comma = v.indexOf(',');
        const first = (comma < 0 ? v : v.slice(0, comma)).trim();
        if (first === 'https' || first === 'wss') return true;
        if (first === 'http' || first === 'ws') return false;
        break;
      }
      case 'x-forwarded-ssl':
      case 'front-end-https':
        if (v === 'on') return true;
        if (v === 'off') return false;
        break;
      case 'forwarded': {
        const m = /(?:^|[;,\s])proto="?(https?)/.exec(v);
        if (m) return m[1] === 'https';
        break;
      }
      default:
    }
  }
  return undefined;
}

/** A password that is not visibly a hash or ciphertext; one the scan found but that cannot be read back (XML, text) counts as clear. */
function clearSecret(f: ExchangeFacts, h: DataHit, inRequest: boolean): boolean {
  const raw = inRequest ? requestValue(f, h.location) : jsonAt(f.responseJson(), h.location);
  if (typeof raw !== 'string' && typeof raw !== 'number') return true;
  return secretForm(String(raw)) === 'plain';
}

export const cleartextSensitiveTransport = defineDetector({
  descriptor,
  create: (p) => {
    if (!p.requireTls) return {};
    const tls = new Set(p.tlsPorts);
    const plain = new Set(p.plaintextPorts);
    const labels = new Set<LabelId>(p.labels);

    /** the client leg was cleartext HTTP, as far as this exchange shows */
    const cleartext = (f: ExchangeFacts): { clear: boolean; why: string } => {
      const url = f.ex.request.url;
      if (url.charCodeAt(0) === 104 /* h */) {
        if (url.startsWith('https://')) return { clear: false, why: '' };
        if (url.startsWith('http://')) return { clear: true, why: 'absolute http:// target' };
      }
      if (p.trustForwardedProto) {
        const fwd = forwardedTls(f.ex.request.headers);
        if (fwd !== undefined) return fwd ? { clear: false, why: '' } : { clear: true, why: 'forwarded proto http' };
      }
      const port = f.ex.server.port;
      if (!port || tls.has(port) || (plain.size > 0 && !plain.has(port))) return { clear: false, why: '' };
      return { clear: true, why: `server port ${port}` };
    };

    return {
      onExchange(f, report) {
        const auth = p.includeAuth && SECRET_AUTH.has(f.auth);
        if (f.requestHits.length === 0 && f.responseHits.length === 0 && !auth) return;
        const leg = cleartext(f);
        if (!leg.clear) return;
        const found: string[] = [];
        const kinds = new Set<string>();
        const take = (hits: readonly DataHit[], inRequest: boolean): void => {
          for (const h of hits) {
            if (h.masked || !labels.has(h.label)) continue;
            if (p.acceptHashed && (h.label === 'password' || h.label === 'pay_password') && !clearSecret(f, h, inRequest)) continue;
            kinds.add(h.label);
            found.push(`${h.label} at ${inRequest ? 'request' : 'response'} "${h.location}"`);
          }
        };
        take(f.requestHits, true);
        take(f.responseHits, false);
        if (auth) {
          kinds.add(`auth:${f.auth}`);
          found.push(`${f.auth} credential of the request`);
        }
        if (found.length === 0) return;
        report({
          at: f,
          location: '',
          detail: `cleartext HTTP (${leg.why}) carries ${found.slice(0, MAX_NAMED).join(', ')}${found.length > MAX_NAMED ? ` and ${found.length - MAX_NAMED} more` : ''}`,
          data: { leg: leg.why, port: f.ex.server.port, labels: [...kinds].sort() },
        });
      },
    };
  },
});
