/**
 * How well learned templates reproduce documented ones: precision and recall over distinct
 * templates (method + segments, parameter names ignored: `{x}` ≡ `{y}`), plus the two failures
 * users complain about: over-merging (two documented operations behind one learned endpoint) and
 * under-merging (values left in the path, so the documented template is missing and concrete
 * ones are extra). The templating acceptance test uses it; so can `guanlan diff`.
 */
import { compileTemplates, normalizeTemplate } from './match.js';

export interface LearnedTemplate {
  method: string;
  template: string;
}

/** A documented operation: `path` is the full template, base path included. */
export interface TruthOperation {
  method: string;
  path: string;
  operationId?: string;
}

export interface TemplateScore {
  precision: number;
  recall: number;
  f1: number;
  /** distinct learned templates equal to a documented one */
  truePositives: number;
  /** distinct learned templates */
  learned: number;
  /** distinct documented templates */
  truth: number;
  /** pairs of distinct documented operations whose traffic lands on the same learned endpoint */
  merged: { learned: LearnedTemplate; operations: [TruthOperation, TruthOperation] }[];
  /** documented operations with no learned template equal to theirs */
  missing: TruthOperation[];
  /** learned templates equal to no documented one */
  extra: LearnedTemplate[];
}

const keyOf = (method: string, template: string): string => `${method.toUpperCase()} ${normalizeTemplate(template)}`;

/**
 * A documented operation's traffic lands where a router would send it: on the learned template
 * with literals furthest left that fits it. Two operations landing on one template were merged;
 * a literal learned beside a parameter (`/orders/all` and `/orders/{id}`) is no merge.
 *
 *   scoreTemplates([{ method: 'GET', template: '/orders/{id}' }], [{ method: 'GET', path: '/orders/{orderId}' }, { method: 'GET', path: '/orders/all' }])
 *   // precision 1, recall 0.5, merged: [/orders/{orderId} + /orders/all], missing: [/orders/all]
 */
export function scoreTemplates(learnedIn: readonly LearnedTemplate[], truthIn: readonly TruthOperation[]): TemplateScore {
  const learned = dedupe(learnedIn, (l) => keyOf(l.method, l.template));
  const truth = dedupe(truthIn, (t) => keyOf(t.method, t.path));
  const truthKeys = new Set(truth.map((t) => keyOf(t.method, t.path)));
  const learnedKeys = new Set(learned.map((l) => keyOf(l.method, l.template)));
  const tp = [...learnedKeys].filter((k) => truthKeys.has(k)).length;
  const precision = learned.length === 0 ? 0 : tp / learned.length;
  const recall = truth.length === 0 ? 0 : tp / truth.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const router = compileTemplates(learned.map((l) => ({ method: l.method, template: l.template, value: l })));
  const landed = new Map<LearnedTemplate, TruthOperation[]>();
  for (const t of truth) {
    const hit = router.match(t.method, t.path);
    if (!hit) continue;
    const list = landed.get(hit.value) ?? [];
    list.push(t);
    landed.set(hit.value, list);
  }
  const merged: TemplateScore['merged'] = [];
  for (const [l, ops] of landed) for (let i = 0; i < ops.length; i++) for (let j = i + 1; j < ops.length; j++) merged.push({ learned: l, operations: [ops[i], ops[j]] });
  merged.sort((a, b) => cmp(keyOf(a.learned.method, a.learned.template), keyOf(b.learned.method, b.learned.template)));

  return {
    precision,
    recall,
    f1,
    truePositives: tp,
    learned: learned.length,
    truth: truth.length,
    merged,
    missing: truth.filter((t) => !learnedKeys.has(keyOf(t.method, t.path))),
    extra: learned.filter((l) => !truthKeys.has(keyOf(l.method, l.template))),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}
