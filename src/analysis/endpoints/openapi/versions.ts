/**
 * API version hints: `v1`/`V3`/`v2.7` path segments, `api-version=2023-01-01`-style query
 * parameters and `vnd.bank.v2+json` / `;version=2` media types. A version is a list of numbers
 * compared left to right, so `v2.7` < `v4.0` and `2019-01-01` < `2023-06-30`.
 */
export type Version = number[];

const SEGMENT = /^[vV](\d{1,4})(?:[._](\d{1,4}))?(?:[._](\d{1,4}))?$/;

/** The version a path segment names (`v4.0` → [4, 0]), or undefined. */
export function segmentVersion(segment: string): Version | undefined {
  const m = SEGMENT.exec(segment);
  return m ? m.slice(1).filter((x) => x !== undefined).map(Number) : undefined;
}

/** A version written as a value: `v2`, `2`, `2.1`, `2023-01-01`. */
export function valueVersion(value: string): Version | undefined {
  const m = /^[vV]?(\d{1,4}(?:[.\-_]\d{1,4}){0,3})$/.exec(value.trim());
  return m ? m[1].split(/[.\-_]/).map(Number) : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const formatVersion = (v: Version): string => v.join('.');

/** Query or header names that carry an API version. */
export const VERSION_PARAM = /^(?:x-)?(?:api[-_]?)?(?:min-)?v(?:ersion)?$|^accept-version$/i;

/** The version a media type names: `application/vnd.bank.v2+json`, `application/json;version=2`. */
export function mediaTypeVersion(type: string): Version | undefined {
  const m = /[.+-]v(\d{1,4}(?:\.\d{1,4})?)(?=[+;.]|$)/i.exec(type) ?? /;\s*(?:api-)?version=["']?([\d.]+)/i.exec(type);
  return m ? valueVersion(m[1]) : undefined;
}

/** The highest version in a list, with the value as written, or undefined when none parses. */
export function maxVersion(values: Iterable<unknown>): { version: Version; raw: string } | undefined {
  let best: { version: Version; raw: string } | undefined;
  for (const v of values) {
    const raw = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    const parsed = raw === undefined ? undefined : valueVersion(raw);
    if (raw !== undefined && parsed && (!best || compareVersions(parsed, best.version) > 0)) best = { version: parsed, raw };
  }
  return best;
}
