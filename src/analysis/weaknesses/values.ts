/**
 * Small shared readers for detectors: the value at a sensitive hit's location in the request,
 * JSON walking with paths, key-name tests. Values read here stay in memory; what detectors
 * report is masked.
 *
 *   requestValue(facts, 'form.password')    // the form field's value
 *   requestValue(facts, 'user.password')    // the JSON body's user.password
 *   requestValue(facts, 'query.token')      // the query parameter
 */
import { jsonAt } from './json-path.js';
import type { ExchangeFacts } from './types.js';

export { jsonAt, parentOf } from './json-path.js';

/** Normalised key: lower case without `_`, `-`, `.` (`Page_Size` → `pagesize`). */
export function normKey(k: string): string {
  return k.toLowerCase().replace(/[-_.]/g, '');
}

/** The last name of a location path: `data.list[].idNo` → `idNo`, `form.pwd` → `pwd`. */
export function leafName(location: string): string {
  const dot = location.lastIndexOf('.');
  return (dot < 0 ? location : location.slice(dot + 1)).replace(/\[\]$/, '');
}

function pairValue(pairs: readonly [string, string][], name: string): string | undefined {
  for (const [k, v] of pairs) if (k === name) return v;
  return undefined;
}

/** The request's value at a hit's location (query, form, multipart, header, cookie or JSON path). */
export function requestValue(f: ExchangeFacts, location: string): string | undefined {
  const dot = location.indexOf('.');
  const head = dot < 0 ? location : location.slice(0, dot);
  const rest = dot < 0 ? '' : location.slice(dot + 1);
  switch (head) {
    case 'query':
      return pairValue(f.queryParams(), rest);
    case 'form':
    case 'multipart':
      return pairValue(f.formParams(), rest);
    case 'header':
      return f.requestHeader(rest);
    case 'cookie': {
      const c = f.requestHeader('cookie');
      if (!c) return undefined;
      for (const part of c.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === rest) return part.slice(eq + 1).trim();
      }
      return undefined;
    }
    default: {
      const v = jsonAt(f.requestJson(), location);
      return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    }
  }
}

/** Every (path, value) of scalar leaves in a JSON document, bounded. */
export function* jsonLeaves(doc: unknown, prefix = '', budget = { n: 2000 }): Generator<[string, string | number | boolean | null]> {
  if (budget.n <= 0) return;
  if (Array.isArray(doc)) {
    for (const v of doc) {
      if (budget.n <= 0) return;
      yield* jsonLeaves(v, `${prefix}[]`, budget);
    }
    return;
  }
  if (typeof doc === 'object' && doc !== null) {
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (budget.n <= 0) return;
      yield* jsonLeaves(v, prefix ? `${prefix}.${k}` : k, budget);
    }
    return;
  }
  budget.n--;
  yield [prefix, doc as string | number | boolean | null];
}

/** `a****z` style mask of a secret for detail lines: length and nothing else. */
export function hidden(v: string): string {
  return `<${v.length} chars>`;
}
