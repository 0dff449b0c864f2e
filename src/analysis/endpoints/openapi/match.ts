/**
 * Path templates against paths. One input can be a concrete path (`/users/v1/alice`), a learned
 * template (`/users/v1/{userId}`) or anything between; parameter names never matter (`{x}` ≡ `{y}`).
 * When several templates fit, the one with literals furthest left wins, as in HTTP routers:
 * `/users/v1/login` beats `/users/v1/{username}` for `/users/v1/login`.
 *
 * Segment scores (compared left to right, highest wins):
 *   4 literal = literal · 3 `{a}.json`-style mixed segment matched · 2 parameter takes a value or a
 *   parameter · 1 "coarse": the input has a parameter where the template has a literal (only when
 *   asked for: a learned template that merged what the spec keeps apart).
 */
import type { SpecOperation, SpecResult } from './types.js';

type Segment = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'mixed'; re: RegExp };

export type Fit = 'exact' | 'finer' | 'coarser';

export interface TemplateMatch<T> {
  value: T;
  /** the template that matched, as given */
  template: string;
  /** exact: same template; finer: the input has values where the template has parameters; coarser: the reverse */
  fit: Fit;
  score: number[];
}

export interface TemplateMatcher<T> {
  /** the best template for this method and path; `coarse` also lets input parameters stand for template literals */
  match(method: string, path: string, opts?: { coarse?: boolean }): TemplateMatch<T> | undefined;
  /** every template the input fits, best first */
  matchAll(method: string, path: string, opts?: { coarse?: boolean }): TemplateMatch<T>[];
}

const PARAM = /^\{[^{}/]+\}$/;

/** Path segments without query, fragment, empty segments or a trailing slash; `/` has none. */
export function pathSegments(path: string): string[] {
  const cut = path.search(/[?#]/);
  const p = cut >= 0 ? path.slice(0, cut) : path;
  return p.split('/').filter((s) => s !== '');
}

/** A template with every parameter written `{}` and no trailing slash: `GET /a/{x}/` → `/a/{}`. */
export function normalizeTemplate(path: string): string {
  return '/' + pathSegments(path).map((s) => (s.includes('{') ? s.replace(/\{[^{}/]*\}/g, '{}') : s)).join('/');
}

export const isParamSegment = (s: string): boolean => PARAM.test(s);

function compileSegment(s: string): Segment {
  if (PARAM.test(s)) return { kind: 'param' };
  if (/\{[^{}/]+\}/.test(s)) {
    const src = s
      .split(/(\{[^{}/]+\})/)
      .map((part) => (PARAM.test(part) ? '[^/]+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return { kind: 'mixed', re: new RegExp(`^${src}$`) };
  }
  return { kind: 'literal', text: decodeSafe(s) };
}

function decodeSafe(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Score of one template segment against one input segment, or 0 when it does not fit. */
function segmentScore(t: Segment, input: string, inputIsParam: boolean, coarse: boolean): number {
  if (inputIsParam) {
    if (t.kind === 'param') return 2;
    return coarse ? 1 : 0;
  }
  if (t.kind === 'literal') return t.text === decodeSafe(input) ? 4 : 0;
  if (t.kind === 'mixed') return t.re.test(input) ? 3 : 0;
  return 2;
}

interface Compiled<T> {
  template: string;
  segments: Segment[];
  value: T;
}

export function compileTemplates<T>(entries: Iterable<{ method: string; template: string; value: T }>): TemplateMatcher<T> {
  // Bucketed by method and segment count: a path only ever fits templates of its own length.
  const buckets = new Map<string, Compiled<T>[]>();
  for (const e of entries) {
    const segments = pathSegments(e.template).map(compileSegment);
    const key = `${e.method.toUpperCase()} ${segments.length}`;
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push({ template: e.template, segments, value: e.value });
  }

  const matchAll = (method: string, path: string, opts?: { coarse?: boolean }): TemplateMatch<T>[] => {
    const input = pathSegments(path);
    const isParam = input.map((s) => PARAM.test(s));
    const out: TemplateMatch<T>[] = [];
    for (const c of buckets.get(`${method.toUpperCase()} ${input.length}`) ?? []) {
      const score: number[] = [];
      let finer = false;
      let coarser = false;
      for (let i = 0; i < input.length && score.length === i; i++) {
        const sc = segmentScore(c.segments[i], input[i], isParam[i], opts?.coarse === true);
        if (sc === 0) break;
        score.push(sc);
        if (sc === 1) coarser = true;
        else if (!isParam[i] && c.segments[i].kind !== 'literal') finer = true;
      }
      if (score.length !== input.length) continue;
      out.push({ value: c.value, template: c.template, fit: coarser ? 'coarser' : finer ? 'finer' : 'exact', score });
    }
    return out.sort((a, b) => compareScores(b.score, a.score));
  };

  return { matchAll, match: (method, path, opts) => matchAll(method, path, opts)[0] };
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Does a concrete (or templated) path fit a spec template? Parameter names are ignored. */
export function matchTemplate(specPath: string, concretePath: string): boolean {
  return compileTemplates([{ method: 'X', template: specPath, value: true }]).match('X', concretePath) !== undefined;
}

/** Spec operations by their full paths (base path included), for traffic or learned templates. */
export function compileSpecMatcher(spec: Pick<SpecResult, 'operations'>): TemplateMatcher<SpecOperation> {
  const entries: { method: string; template: string; value: SpecOperation }[] = [];
  for (const op of spec.operations) for (const template of new Set(op.fullPaths)) entries.push({ method: op.method, template, value: op });
  return compileTemplates(entries);
}
