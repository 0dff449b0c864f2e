/**
 * geo — 经纬度: under a key hint (`lat`, `lng`, `location`, `jwd`…), a coordinate precise enough
 * to place a person (3+ decimals, about 100 m), or a `lng,lat` / `lat,lng` pair. 0 and integers
 * are not positions (defaults, zoom levels).
 *
 *   validate('39.916527')            // { ok: true, value: '39.916527' }
 *   validate('116.397128,39.916527') // { ok: true, value: '116.397128,39.916527', detail: { pair: true } }
 */
import { allMasked, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

/** A decimal with 3–15 fraction digits within ±180. */
export function coordinate(s: string): boolean {
  const m = /^[-+]?(\d{1,3})\.(\d{3,15})$/.exec(s);
  if (!m) return false;
  const v = Math.abs(Number(s));
  return v <= 180 && v !== 0;
}

export function compact(v: string): string {
  return v.trim().replace(/\s*[,，]\s*/, ',');
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 5 || s.length > 64) return invalid('length');
  const comma = s.indexOf(',');
  if (comma < 0) return coordinate(s) ? { ok: true, value: s } : invalid('format');
  const a = s.slice(0, comma);
  const b = s.slice(comma + 1);
  if (!coordinate(a) || !coordinate(b)) return invalid('format');
  if (Math.abs(Number(a)) > 90 && Math.abs(Number(b)) > 90) return invalid('component');
  return { ok: true, value: s, detail: { pair: true } };
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const s = v.trim();
  if (ctx?.hinted && (allMasked(s) || /^[-+]?\d{1,3}\.\d{0,2}\*+$/.test(s))) return { pattern: `keep ${s.indexOf('*')}+0`, partial: false };
  return undefined;
}

export const geo = recogniser({ label: 'geo', trigger: 'hint', compact, validate, checkMasked });
export const isValid = geo.isValid;
