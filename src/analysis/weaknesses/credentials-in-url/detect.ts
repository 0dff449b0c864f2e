/**
 * credentials-in-url: passwords, tokens, session ids, API keys and JWTs in URLs, where access logs,
 * browser history and Referer headers keep them. The query is read through the sensitive scan's
 * request hits (`credential` by structure, JWT or cloud key id, or a token-shaped value under a
 * token-like name; `password` under a password name), so the cost per exchange is a test of
 * `f.query` and a walk over a few hits. Also: `;jsessionid=` rewritten into the path, and a
 * credential in the query of a 3xx `Location` (SSO hand-offs that pass a token along).
 * Not reported: paging cursors, CSRF and captcha tokens (`ignoredNames`), OAuth/CAS callback
 * values (`code`, `state`, one-time `ticket=ST-…`), masked values. One finding per parameter.
 */
import { urlencodedPairs } from '../../endpoints/catalog/shape.js';
import { credentialKind } from '../../sensitive/recognisers/credential.js';
import { secretForm } from '../../sensitive/recognisers/password.js';
import { scanParams } from '../../sensitive/scan-params.js';
import type { DataHit } from '../../sensitive/types.js';
import { defineDetector, type ExchangeFacts, type Reporter } from '../types.js';
import { normKey, requestValue } from '../values.js';
import { descriptor } from './descriptor.js';

/** OAuth 2.0 / OIDC / CAS callback parameters: one-time by design, expected in the URL. */
const CALLBACK_NAMES = new Set(['code', 'state', 'nonce', 'sessionstate', 'authcode', 'authorizationcode']);
/** CAS service and proxy tickets (`ST-1-abc…-cas01`): one-time, validated at once. */
const CAS_TICKET = /^(?:ST|PT|PGT|PGTIOU)-/;
const JSESSIONID = /;jsessionid=([^;/?#]+)/i;
const MAX_REDIRECT_PARAMS = 50;

/** What the value is, for the detail line: `JWT`, `aws-key`, `password (hash)`, `session id`… never the value. */
function kindOf(label: string, name: string, v: string): string {
  if (label === 'password' || label === 'pay_password') {
    const form = secretForm(v);
    const what = label === 'pay_password' ? 'payment password' : 'password';
    return form === 'plain' ? what : `${what} (${form})`;
  }
  const k = credentialKind(v.trim());
  if (k) return k === 'jwt' ? 'JWT' : k;
  const n = normKey(name);
  if (n.includes('secret') || n.endsWith('key')) return 'secret key';
  if (n.includes('session') || n === 'sid' || n.endsWith('sid')) return 'session id';
  if (n.includes('ticket')) return 'ticket';
  return 'token';
}

export const credentialsInUrl = defineDetector({
  descriptor,
  create: (p) => {
    const ignored = new Set(p.ignoredNames.map(normKey));
    const labels = new Set<string>(p.passwords ? ['credential', 'password', 'pay_password'] : ['credential']);

    /** Whether a hit is a credential this rule reports (the value is read only for the callback test and the detail). */
    const reportable = (h: DataHit, name: string, value: string | undefined): value is string => {
      if (h.masked || !labels.has(h.label) || value === undefined || value === '') return false;
      const n = normKey(name);
      if (ignored.has(n)) return false;
      if (p.ignoreCallbacks && (CALLBACK_NAMES.has(n) || (n === 'ticket' && CAS_TICKET.test(value)))) return false;
      return true;
    };

    const redirect = (f: ExchangeFacts, report: Reporter): void => {
      const loc = f.responseHeader('location');
      if (!loc) return;
      const q = loc.indexOf('?');
      if (q < 0) return;
      const hash = loc.indexOf('#', q);
      const pairs = urlencodedPairs(loc.slice(q + 1, hash < 0 ? undefined : hash), MAX_REDIRECT_PARAMS);
      const values = new Map(pairs);
      for (const h of scanParams(pairs, { locationPrefix: 'redirect' })) {
        const name = h.location.slice('redirect.'.length);
        const v = values.get(name);
        if (!reportable(h, name, v)) continue;
        const kind = kindOf(h.label, name, v);
        report({
          at: f,
          location: h.location,
          detail: `${kind} in the query of the redirect target, parameter "${name}" (${v.length} characters)`,
          data: { label: h.label, kind, length: v.length, where: 'redirect' },
        });
      }
    };

    return {
      onExchange(f, report) {
        if (f.query !== undefined && f.requestHits.length > 0) {
          for (const h of f.requestHits) {
            if (h.masked || !h.location.startsWith('query.') || !labels.has(h.label)) continue;
            const name = h.location.slice('query.'.length);
            const v = requestValue(f, h.location);
            if (!reportable(h, name, v)) continue;
            const kind = kindOf(h.label, name, v);
            report({
              at: f,
              location: h.location,
              detail: `${kind} in query parameter "${name}" (${v.length} characters)`,
              data: { label: h.label, kind, length: v.length, where: 'query' },
            });
          }
        }
        if (p.pathSessionIds && f.path.includes(';')) {
          const m = JSESSIONID.exec(f.path);
          if (m && m[1]!.length >= 8) {
            report({
              at: f,
              location: 'path.jsessionid',
              detail: `session id rewritten into the path (";jsessionid=", ${m[1]!.length} characters)`,
              data: { label: 'credential', kind: 'session id', length: m[1]!.length, where: 'path' },
            });
          }
        }
        if (p.redirects && f.status >= 300 && f.status < 400) redirect(f, report);
      },
    };
  },
});
