/**
 * unmasked-sensitive-data: a successful response that hands out in clear what should be masked.
 * Three rules over the sensitive scan's response hits (no body is parsed, except to tell a
 * returned password from its hash):
 *   - a `clearLabels` label in clear (resident ID, full card number, CVV, track data, password…):
 *     one finding per field;
 *   - `bulkRecords` or more clear values of a `bulkLabels` label (mobiles, names…) in one
 *     response: a customer list in clear, one finding per field;
 *   - `maxClearLabels` or more distinct personal labels in clear in one response: more than any
 *     screen needs, one finding for the endpoint (location '').
 * The login echo is not exposure: on login, registration and verification endpoints a label the
 * request itself carried in clear (the mobile or ID the user logged in with) is left out.
 */
import type { FunctionClass } from '../../../core/endpoint.js';
import type { LabelId } from '../../sensitive/labels.js';
import { secretForm } from '../../sensitive/recognisers/password.js';
import type { DataHit } from '../../sensitive/types.js';
import { defineDetector, type ExchangeFacts } from '../types.js';
import { jsonAt } from '../values.js';
import { descriptor } from './descriptor.js';

const ECHO_FUNCTIONS: readonly FunctionClass[] = ['login', 'register', 'verification-send', 'verification-check', 'password-reset'];

/** Labels the request carried in clear, when the endpoint is one whose answer echoes the user's own identifier. */
function echoedLabels(f: ExchangeFacts): ReadonlySet<LabelId> | undefined {
  if (f.requestHits.length === 0) return undefined;
  const fns = f.functions();
  if (!ECHO_FUNCTIONS.some((c) => fns.has(c))) return undefined;
  const out = new Set<LabelId>();
  for (const h of f.requestHits) if (!h.masked) out.add(h.label);
  return out;
}

/** A returned password that is a hash or ciphertext is not one in clear (unreadable values count as clear only when `acceptHashed` is off). */
function isClearSecret(f: ExchangeFacts, h: DataHit): boolean {
  const v = jsonAt(f.responseJson(), h.location);
  if (typeof v !== 'string' && typeof v !== 'number') return false;
  return secretForm(String(v)) === 'plain';
}

export const unmaskedSensitiveData = defineDetector({
  descriptor,
  create: (p) => {
    const clear = new Set<LabelId>(p.clearLabels);
    const personal = new Set<LabelId>(p.personalLabels);
    const bulk = new Set<LabelId>(p.bulkLabels);
    return {
      onExchange(f, report) {
        const hits = f.responseHits;
        if (hits.length === 0 || f.status < 200 || f.status > 299) return;
        let echo: ReadonlySet<LabelId> | undefined | null = null;
        let kinds: Set<LabelId> | undefined;
        for (const h of hits) {
          if (h.masked || (!personal.has(h.label) && !clear.has(h.label) && !bulk.has(h.label))) continue;
          if (echo === null) echo = echoedLabels(f);
          if (echo?.has(h.label)) continue;
          if (clear.has(h.label)) {
            if ((h.label === 'password' || h.label === 'pay_password') && p.acceptHashed && !isClearSecret(f, h)) continue;
            report({
              at: f,
              location: h.location,
              detail: `${h.label} returned in clear in "${h.location}" (${h.count} ${h.count === 1 ? 'value' : 'values'}, not masked)`,
              data: { label: h.label, records: h.count, rule: 'clear' },
            });
          } else if (bulk.has(h.label) && h.count >= p.bulkRecords) {
            report({
              at: f,
              location: h.location,
              detail: `${h.count} ${h.label} values returned in clear in "${h.location}" in one response (threshold ${p.bulkRecords})`,
              data: { label: h.label, records: h.count, threshold: p.bulkRecords, rule: 'bulk' },
            });
          }
          if (personal.has(h.label)) (kinds ??= new Set()).add(h.label);
        }
        if (kinds && kinds.size >= p.maxClearLabels) {
          const labels = [...kinds].sort();
          report({
            at: f,
            location: '',
            detail: `${labels.length} kinds of personal data returned in clear in one response (${labels.join(', ')}; threshold ${p.maxClearLabels})`,
            data: { labels, threshold: p.maxClearLabels, rule: 'too-many-labels' },
          });
        }
      },
    };
  },
});
