/**
 * sensitive-data-in-url: personal data in clear in the URL. Query parameters come from the
 * sensitive scan (request hits at `query.*`, masked ones skipped); path segments are validated
 * here with the same checks discovery types path parameters with (PATH_PII_CHECKS: checksum,
 * region and issuer tables) plus the e-mail recogniser, so `/users/110101199003071233/profile` is
 * found on its first call, before any template is learned (discovery's `pii-in-path:` flag comes
 * only at the end of an input). Credentials in URLs are credentials-in-url's.
 *
 * Locations: `query.<name>` for a parameter, `path.<label>` for a path segment (stable across
 * template learning, whatever the parameter ends up named).
 */
import type { LabelId } from '../../sensitive/labels.js';
import { maskSample } from '../../sensitive/mask.js';
import { isValid as isEmail } from '../../sensitive/recognisers/email.js';
import { PATH_PII_CHECKS } from '../../endpoints/templating/pii.js';
import { defineDetector } from '../types.js';
import { descriptor } from './descriptor.js';

/** the shortest segment a path check accepts: an 11-digit mobile */
const MIN_SEGMENT = 11;
const MAX_SEGMENT = 254;

function decodeSegment(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Digits only, or 17/14 digits and a final X (an ID's check character). */
function numericSegment(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (i === n - 1 && (c === 88 || c === 120) && (n === 18 || n === 15)) continue;
    return false;
  }
  return true;
}

/** The label a path segment carries in clear, or undefined. */
export function pathSegmentLabel(seg: string): LabelId | undefined {
  if (seg.length < MIN_SEGMENT || seg.length > MAX_SEGMENT) return undefined;
  if (seg.length <= 19 && numericSegment(seg)) {
    for (const p of PATH_PII_CHECKS) if (p.test(seg)) return p.label as LabelId;
    return undefined;
  }
  if (seg.includes('@') || seg.includes('%40')) {
    const v = decodeSegment(seg);
    if (isEmail(v)) return 'email';
  }
  return undefined;
}

export const sensitiveDataInUrl = defineDetector({
  descriptor,
  create: (p) => {
    const labels = new Set<LabelId>(p.labels);
    const ignored = new Set(p.ignoreStatuses);
    return {
      onExchange(f, report) {
        const hasQuery = f.query !== undefined && f.requestHits.length > 0;
        const checkPath = p.checkPath && f.path.length > MIN_SEGMENT;
        if (!hasQuery && !checkPath) return;
        if (ignored.has(f.status)) return;
        if (hasQuery) {
          for (const h of f.requestHits) {
            if (h.masked || !h.location.startsWith('query.') || !labels.has(h.label)) continue;
            report({
              at: f,
              location: h.location,
              detail: `${h.label} in clear in query parameter "${h.location.slice(6)}" (${h.count > 1 ? `${h.count} values, ` : ''}e.g. ${h.sample})`,
              data: { label: h.label, where: 'query', values: h.count },
            });
          }
        }
        if (checkPath) {
          // walk the segments without splitting: most paths have no segment long enough to look at
          const path = f.path;
          let start = 0;
          let index = 0;
          for (let i = 0; i <= path.length; i++) {
            if (i < path.length && path.charCodeAt(i) !== 47) continue;
            if (i - start >= MIN_SEGMENT) {
              const seg = path.slice(start, i);
              const label = pathSegmentLabel(seg);
              if (label && labels.has(label)) {
                report({
                  at: f,
                  location: `path.${label}`,
                  detail: `${label} in clear in path segment ${index} (${maskSample(label, decodeSegment(seg))})`,
                  data: { label, where: 'path', segment: index },
                });
              }
            }
            start = i + 1;
            index++;
          }
        }
      },
    };
  },
});
