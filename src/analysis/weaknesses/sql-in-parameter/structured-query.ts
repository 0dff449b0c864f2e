/**
 * Structured query languages in JSON: MongoDB operator objects (`{"amount": {"$gt": 100}}`,
 * `{"$where": "…"}`) and the Elasticsearch query DSL (`{"query": {"bool": {…}}}`). Operators
 * under a password, token or code key are the classic NoSQL login bypass (`{"password":
 * {"$ne": null}}`): an attack for risk detection, returned as `attack`.
 *
 *   structuredQueries({ filter: { amount: { $gt: 100 } } })   // [{ path: 'filter', kind: 'mongo', op: '$gt' }]
 *   structuredQueries({ query: { bool: { must: [] } } })      // [{ path: 'query', kind: 'es-dsl', op: 'bool' }]
 */

export interface StructuredQuery {
  /** where it sits: the top-level key it is under (`filter`), or the `query` key's path for ES */
  path: string;
  kind: 'mongo' | 'es-dsl' | 'attack';
  /** the operator or DSL clause that shows it (`$regex`, `bool`) */
  op: string;
}

export const MONGO_OPS = new Set([
  '$where', '$regex', '$ne', '$eq', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$or', '$and', '$nor', '$not', '$expr',
  '$elemmatch', '$exists', '$all', '$size', '$text', '$jsonschema', '$function', '$accumulator', '$lookup', '$match',
]);
const ES_CLAUSES = new Set([
  'bool', 'match', 'match_all', 'match_phrase', 'multi_match', 'term', 'terms', 'range', 'query_string', 'simple_query_string',
  'wildcard', 'regexp', 'prefix', 'fuzzy', 'script', 'nested', 'exists', 'ids', 'function_score',
]);
const CREDENTIAL_KEY = /pass|pwd|token|secret|otp|captcha|smscode|verif|^mm$|^code$/i;
const SCRIPT_ATTACK = /\bsleep\s*\(|while\s*\(\s*true|process\.|require\s*\(|\bdb\.\w+\.(?:drop|remove)/i;

/** Query-language objects in `doc`, visiting at most `budget` nodes; `prefix` is prepended to paths. */
export function structuredQueries(doc: unknown, prefix = '', budget = 500): StructuredQuery[] {
  const out: StructuredQuery[] = [];
  const left = { n: budget };
  walk(doc, prefix, prefix, false, out, left);
  return out;
}

function walk(node: unknown, path: string, top: string, credential: boolean, out: StructuredQuery[], left: { n: number }): void {
  if (left.n-- <= 0 || typeof node !== 'object' || node === null || out.length >= 8) return;
  if (Array.isArray(node)) {
    for (const v of node) walk(v, `${path}[]`, top, credential, out, left);
    return;
  }
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (left.n <= 0) return;
    const childPath = path ? `${path}.${k}` : k;
    const childTop = top || k;
    if (k.charCodeAt(0) === 36 && MONGO_OPS.has(k.toLowerCase())) {
      const attack = credential || (k === '$where' && typeof v === 'string' && SCRIPT_ATTACK.test(v));
      out.push({ path: childTop, kind: attack ? 'attack' : 'mongo', op: k });
      continue;
    }
    if (k === 'query' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const clause = Object.keys(v).find((c) => ES_CLAUSES.has(c));
      if (clause) {
        out.push({ path: childPath, kind: 'es-dsl', op: clause });
        continue;
      }
    }
    walk(v, childPath, childTop, credential || CREDENTIAL_KEY.test(k), out, left);
  }
}
