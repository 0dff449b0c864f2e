/**
 * Request parameters and response shapes, read off sampled bodies: JSON paths with inferred types
 * (`data.list[].idNo` → string), query/form/multipart field names. Types are kept as bit sets so
 * that merging two endpoints is an OR.
 *
 *   walkJson({data: {list: [{id: 1}]}}, add)  // add('data', OBJECT) add('data.list', ARRAY) add('data.list[].id', INTEGER)
 */
import type { JsonType } from '../../../core/endpoint.js';

export const T_STRING = 1;
export const T_INTEGER = 2;
export const T_NUMBER = 4;
export const T_BOOLEAN = 8;
export const T_NULL = 16;
export const T_OBJECT = 32;
export const T_ARRAY = 64;
const NAMES: [number, JsonType][] = [
  [T_STRING, 'string'],
  [T_INTEGER, 'integer'],
  [T_NUMBER, 'number'],
  [T_BOOLEAN, 'boolean'],
  [T_NULL, 'null'],
  [T_OBJECT, 'object'],
  [T_ARRAY, 'array'],
];

export function typeNames(bits: number): JsonType[] {
  const out: JsonType[] = [];
  for (const [b, n] of NAMES) if (bits & b) out.push(n);
  return out;
}

export function typeBits(types: readonly JsonType[]): number {
  let b = 0;
  for (const t of types) for (const [bit, n] of NAMES) if (n === t) b |= bit;
  return b;
}

export function jsonTypeBit(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return T_STRING;
    case 'number':
      return Number.isInteger(v) ? T_INTEGER : T_NUMBER;
    case 'boolean':
      return T_BOOLEAN;
    case 'object':
      return v === null ? T_NULL : Array.isArray(v) ? T_ARRAY : T_OBJECT;
    default:
      return T_NULL;
  }
}

/** Type of a query/form value as text. */
export function scalarBit(s: string): number {
  if (/^-?\d{1,15}$/.test(s)) return T_INTEGER;
  if (/^-?\d+\.\d+$/.test(s)) return T_NUMBER;
  if (s === 'true' || s === 'false') return T_BOOLEAN;
  return T_STRING;
}

export interface WalkLimits {
  maxDepth: number;
  /** array elements looked at per array */
  maxElements: number;
  /** paths reported per document */
  maxPaths: number;
}

export const WALK_LIMITS: WalkLimits = { maxDepth: 8, maxElements: 20, maxPaths: 300 };

/**
 * Walk a parsed JSON document; `add(path, typeBit, value)` is called for every node below the
 * root (object keys joined by `.`, array elements as `[]`). Returns the largest array length seen.
 */
export function walkJson(doc: unknown, add: (path: string, bit: number, value: unknown) => void, limits: WalkLimits = WALK_LIMITS): number {
  let paths = 0;
  let maxArray = 0;
  const visit = (v: unknown, path: string, depth: number): void => {
    if (typeof v !== 'object' || v === null || depth >= limits.maxDepth) return;
    if (Array.isArray(v)) {
      if (v.length > maxArray) maxArray = v.length;
      const p = path === '' ? '[]' : `${path}[]`;
      const n = Math.min(v.length, limits.maxElements);
      for (let i = 0; i < n; i++) {
        if (paths >= limits.maxPaths) return;
        const el: unknown = v[i];
        if (i === 0 || typeof el === 'object') {
          paths++;
          add(p, jsonTypeBit(el), el);
          visit(el, p, depth + 1);
        }
      }
      return;
    }
    for (const k in v as Record<string, unknown>) {
      if (paths >= limits.maxPaths) return;
      const el = (v as Record<string, unknown>)[k];
      const p = path === '' ? k : `${path}.${k}`;
      paths++;
      add(p, jsonTypeBit(el), el);
      visit(el, p, depth + 1);
    }
  };
  visit(doc, '', 0);
  return maxArray;
}

function decode(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `a=1&b=x&c` → [['a','1'],['b','x'],['c','']], bounded to `max` pairs. */
export function urlencodedPairs(s: string, max = 100): [string, string][] {
  const out: [string, string][] = [];
  let start = 0;
  while (start < s.length && out.length < max) {
    let end = s.indexOf('&', start);
    if (end < 0) end = s.length;
    if (end > start) {
      const eq = s.indexOf('=', start);
      if (eq >= 0 && eq < end) out.push([decode(s.slice(start, eq)), decode(s.slice(eq + 1, end))]);
      else out.push([decode(s.slice(start, end)), '']);
    }
    start = end + 1;
  }
  return out;
}

/**
 * The parts of a multipart/form-data body: name, whether it is a file, and (for fields) the value,
 * cut to 4 KiB. Discovery wants the names, the sensitive-data scan the field values.
 */
export function multipartParts(body: string, max = 50): { name: string; file: boolean; value: string }[] {
  const out: { name: string; file: boolean; value: string }[] = [];
  const re = /content-disposition:\s*form-data;\s*name="([^"\r\n]{1,200})"([^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*\r?\n/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) && out.length < max) {
    if (/filename=/i.test(m[2]!)) {
      out.push({ name: m[1]!, file: true, value: '' });
      continue;
    }
    const start = re.lastIndex;
    const end = body.indexOf('\n--', start);
    const v = body.slice(start, end < 0 ? Math.min(body.length, start + 4096) : end).replace(/\r$/, '');
    out.push({ name: m[1]!, file: false, value: v.slice(0, 4096) });
  }
  return out;
}
