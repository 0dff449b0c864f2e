/**
 * unauthenticated-sensitive-access: an endpoint that answers requests carrying no credential
 * (`f.auth === 'none'`: no token, session cookie, key or signature) with personal or financial data
 * in clear. Data counts when a strong label (ID, card, balance, transactions…) is in clear, or at
 * least two kinds of contact data one of which is a mobile number, e-mail or plate (a branch's
 * name and address are public). Left out: masked data; labels the request itself carried (an
 * echo of what the caller sent); requests that prove identity themselves (a password, SMS code or
 * credential field: logins, registrations, code checks); login, register, password-reset and
 * health endpoints; HTML pages (contact pages) unless asked; and requests with an opaque cookie
 * or a custom credential header that discovery's auth kinds do not name. An endpoint is reported
 * from its `minExchanges`-th such exchange on, so a one-off does not make a finding.
 */
import { NON_AUTH_COOKIE_PREFIXES } from '../../endpoints/auth/names.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import type { FunctionClass } from '../../../core/endpoint.js';
import type { LabelId } from '../../sensitive/labels.js';
import { defineDetector, type ExchangeFacts, type Reporter } from '../types.js';
import { descriptor } from './descriptor.js';

/** endpoints followed at once */
const MAX_ENDPOINTS = 4096;
/** evidence exchanges held per endpoint until it is reported */
const MAX_PENDING = 3;
const MAX_LOCATIONS = 8;
/** opaque cookie values at least this long may be a session the name lists do not know */
const OPAQUE_COOKIE = 16;

/** Endpoints where the caller proves who they are in the request, or that serve no customer data. */
const SELF_PROVING: readonly FunctionClass[] = ['login', 'register', 'password-reset', 'verification-check', 'logout', 'health'];
/** Request labels that authenticate the request by themselves. */
const PROOF_LABELS = new Set<LabelId>(['password', 'pay_password', 'sms_code', 'credential']);
/** Header names (lower case) that carry identity or a credential under a name discovery does not know. */
const CREDENTIAL_HEADER = /token|sess|ticket|auth|sign|secret|api-?key|access-?key|user-?id|uid$|(?:^|-)sid$|consumer|principal|remote-user|openid/;

interface Seen {
  n: number;
  pending: ExchangeFacts[];
}

function opaqueCookie(header: string): boolean {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (value.length < OPAQUE_COOKIE || name.includes('csrf') || name.includes('xsrf')) continue;
    if (NON_AUTH_COOKIE_PREFIXES.some((p) => name.startsWith(p))) continue;
    if (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) return true;
  }
  return false;
}

/** A request header that may carry a credential or a gateway's identity assertion (`x-user-id`). */
function credentialHeader(f: ExchangeFacts): boolean {
  for (const [name, value] of f.ex.request.headers) {
    if (name === 'cookie') {
      if (opaqueCookie(value)) return true;
    } else if (CREDENTIAL_HEADER.test(name) && !name.includes('csrf') && !name.includes('xsrf') && value.trim() !== '') return true;
  }
  return false;
}

export const unauthenticatedSensitiveAccess = defineDetector({
  descriptor,
  create: (p) => {
    const strong = new Set<LabelId>(p.strongLabels);
    const contact = new Set<LabelId>(p.contactLabels);
    const anchors = new Set<LabelId>(p.contactAnchors);
    const publicWords = p.publicPathWords.map((w) => w.toLowerCase());
    const seen = new Map<EndpointStats, Seen>();

    const flush = (s: Seen, detail: string, data: Record<string, unknown>, report: Reporter): void => {
      for (const at of s.pending) report({ at, detail, data });
      s.pending = [];
    };

    return {
      onExchange(f, report) {
        if (f.auth !== 'none' || f.responseHits.length === 0 || f.status < 200 || f.status >= 300) return;
        // what the response holds in clear, less what the request carried itself
        let sent: Set<LabelId> | undefined;
        for (const h of f.requestHits) {
          if (!h.masked && PROOF_LABELS.has(h.label)) return;
          (sent ??= new Set()).add(h.label);
        }
        const strongFound = new Set<LabelId>();
        const contactFound = new Set<LabelId>();
        const locations: string[] = [];
        let records = 0;
        for (const h of f.responseHits) {
          if (h.masked || sent?.has(h.label)) continue;
          const isStrong = strong.has(h.label);
          if (!isStrong && !contact.has(h.label)) continue;
          (isStrong ? strongFound : contactFound).add(h.label);
          if (locations.length < MAX_LOCATIONS) locations.push(h.location);
          records = Math.max(records, h.count);
        }
        let anchored = false;
        for (const l of contactFound) if (anchors.has(l)) anchored = true;
        const contactOk = anchored && contactFound.size >= p.minContactLabels;
        if (strongFound.size === 0 && !contactOk) return;
        if (!p.includeHtml && (f.responseHeader('content-type') ?? '').toLowerCase().includes('html')) return;
        const fn = f.functions();
        for (const c of SELF_PROVING) if (fn.has(c)) return;
        if (strongFound.size === 0) {
          const t = f.template().toLowerCase();
          if (publicWords.some((w) => t.includes(w))) return;
        }
        if (credentialHeader(f)) return;

        let s = seen.get(f.endpoint);
        if (!s) {
          if (seen.size >= MAX_ENDPOINTS) return;
          seen.set(f.endpoint, (s = { n: 0, pending: [] }));
        }
        s.n++;
        if (s.pending.length < MAX_PENDING) s.pending.push(f);
        if (s.n < p.minExchanges) return;
        const labels = [...strongFound, ...(contactOk ? contactFound : [])].sort();
        flush(
          s,
          `answered a request without any credential with ${labels.join(', ')} in clear (${locations.join(', ')}; up to ${records} record${records === 1 ? '' : 's'}; ${s.n} such exchanges)`,
          { labels, locations, records, exchanges: s.n, minExchanges: p.minExchanges },
          report,
        );
      },
    };
  },
});
