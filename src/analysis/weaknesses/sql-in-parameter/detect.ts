/**
 * sql-in-parameter: a parameter that carries query language by design (SQL statements, WHERE
 * conditions, ORDER BY lists, OData filters, MongoDB operators, Elasticsearch DSL) and that the
 * server evidently runs: the call succeeds (2xx, and a JSON answer does not refuse it) and the
 * same parameter does so `minOccurrences` times. Values are parsed by a small grammar
 * (query-language.ts), so keywords alone (`select` dropdowns, `orderBy=createTime`, search text)
 * never count; injection attempts (SQL spliced after a quote, stacked statements, `sleep(`…)
 * are left to risk detection.
 *
 * Cost: exchanges outside 2xx return at once; the raw query string or body must first pass one
 * regex (URLENC_GATE, JSON_GATE below: SQL-only constructs, a quote, a comparison, a `$`, an ES
 * `"query":{`); only then are parameters decoded and the JSON body parsed, and each value must
 * pass VALUE_GATE before it is tokenized.
 */
import type { ExchangeFacts, Reporter } from '../types.js';
import { defineDetector } from '../types.js';
import { jsonLeaves, normKey } from '../values.js';
import { descriptor } from './descriptor.js';
import { queryLanguage, type QueryKind } from './query-language.js';
import { formPrefix, lastKey, OccurrenceCounter, refusedInBody } from '../request-strings.js';
import { structuredQueries } from './structured-query.js';

/**
 * URL-encoded text (query strings, form bodies): a statement or clause word at the start of a
 * value (`sql=select+…`), a SQL word between encoded spaces inside one (`+and+`, `%20desc`), a
 * quote, or a `$` (Mongo, OData). A bare `sortOrder=desc` does not pass.
 */
const URLENC_GATE =
  /=(?:select|update|delete|insert|where|order)(?:\+|%20)|(?:\+|%20| )(?:from|set|into|where|and|or|like|in|is|between|eq|ne|gt|ge|lt|le|asc|desc|by)(?:\+|%20| |%28|%2C|&|$)|'|%27|%24|\$/i;
/**
 * raw JSON: a quote, a comparison (`=` that is not base64 padding), `select … from`, `delete
 * from`, SQL-only constructs (`in (`, `is null`, `like`, `between`, OData `eq`…, a trailing
 * `asc`/`desc`), a `"$op"` key or an ES `"query": {`. Bare `and`/`or`/`from`/`in` are left out on
 * purpose: English memo text is full of them and parsing JSON is the costly part.
 */
const JSON_GATE =
  /'|(?<!=)=(?![="])|[<>]|\bselect\s[^"]{1,300}?\sfrom\s|\bdelete\s+from\s|\s(?:in\s*\(|is\s+(?:not\s+)?null|like\s|between\s|(?:eq|ne|gt|ge|lt|le)\s)|\s(?:asc|desc)[",]|"\$[a-z]|"query"\s*:\s*\{/i;
/** one value: worth tokenizing */
const VALUE_GATE = /(?<![\w$.])(?:select|update|delete|insert|where|and|or|like|in|is|between|eq|ne|gt|ge|lt|le|asc|desc|order)(?![\w$])|'/i;

type Kind = QueryKind | 'mongo' | 'es-dsl';

const KIND_TEXT: Record<Kind, string> = {
  'sql-select': 'SQL SELECT statement',
  'sql-update': 'SQL UPDATE statement',
  'sql-delete': 'SQL DELETE statement',
  'sql-insert': 'SQL INSERT statement',
  'sql-where': 'SQL WHERE condition',
  'odata-filter': 'OData filter expression',
  'sql-order-by': 'SQL ORDER BY clause',
  mongo: 'MongoDB query operator',
  'es-dsl': 'Elasticsearch query DSL',
  attack: 'injection attempt',
};

interface Hit {
  location: string;
  kind: Kind;
  /** conditions / sort terms, or the operator */
  what: string;
  length: number;
}

export const sqlInParameter = defineDetector({
  descriptor,
  create: (p) => {
    const conditionNames = new Set(p.conditionNames);
    const orderNames = new Set(p.orderNames);
    const counter = new OccurrenceCounter(p.maxTrackedParams);

    /** A string parameter's hit, if its value is query language that counts under this name. */
    function fromValue(location: string, name: string, v: string, out: Hit[]): void {
      if (v.length < 3 || v.length > p.maxValueLength) return;
      const c = v.charCodeAt(0);
      if (c === 123 || (c === 91 && v.charCodeAt(1) === 123)) {
        // a JSON document in a parameter: query={"$where": …}
        if (!v.includes('"$') && !v.includes('"query"')) return;
        let doc: unknown;
        try {
          doc = JSON.parse(v);
        } catch {
          return;
        }
        const found = structuredQueries(doc);
        if (found.length > 0 && !found.some((q) => q.kind === 'attack')) out.push({ location, kind: found[0]!.kind, what: found[0]!.op, length: v.length });
        return;
      }
      if (!VALUE_GATE.test(v)) return;
      const shape = queryLanguage(v);
      if (!shape || shape.kind === 'attack') return;
      const key = normKey(name);
      const named = shape.kind === 'sql-order-by' ? orderNames.has(key) : conditionNames.has(key);
      if (!shape.strong && !named) return;
      out.push({ location, kind: shape.kind, what: shape.terms ? `${shape.terms} ${shape.kind === 'sql-order-by' ? 'sort terms' : 'conditions'}` : '', length: v.length });
    }

    function fromPairs(prefix: string, pairs: readonly [string, string][], out: Hit[]): void {
      for (let i = 0; i < pairs.length && i < p.maxParams; i++) {
        const [name, v] = pairs[i]!;
        const br = name.indexOf('[');
        if (br > 0 && name.includes('[$')) {
          // qs-style operators: filter[amount][$gt]=100
          const op = name.slice(name.indexOf('[$') + 1, name.indexOf(']', name.indexOf('[$')));
          if (!/pass|pwd|token/i.test(name)) out.push({ location: `${prefix}.${name.slice(0, br)}`, kind: 'mongo', what: op, length: v.length });
          continue;
        }
        fromValue(`${prefix}.${name}`, name, v, out);
      }
    }

    function hitsOf(f: ExchangeFacts): Hit[] {
      const out: Hit[] = [];
      if (f.query !== undefined && f.query.length <= p.maxBodyBytes && URLENC_GATE.test(f.query)) fromPairs('query', f.queryParams(), out);
      const body = f.requestText();
      if (body.length === 0 || body.length > p.maxBodyBytes) return out;
      const form = formPrefix(f);
      if (form === 'form') {
        if (URLENC_GATE.test(body)) fromPairs('form', f.formParams(), out);
        return out;
      }
      if (form || !JSON_GATE.test(body)) return out;
      const doc = f.requestJson();
      if (doc === undefined) return out;
      const structured = structuredQueries(doc);
      // a NoSQL login bypass anywhere in the body makes the whole request an attack
      if (structured.some((s) => s.kind === 'attack')) return [];
      for (const s of structured) out.push({ location: s.path, kind: s.kind as Kind, what: s.op, length: 0 });
      for (const [path, v] of jsonLeaves(doc, '', { n: p.maxParams })) {
        if (typeof v === 'string') fromValue(path, lastKey(path), v, out);
      }
      return out;
    }

    return {
      onExchange(f: ExchangeFacts, report: Reporter) {
        if (f.status < 200 || f.status > 299) return;
        if (f.query === undefined && f.ex.request.body === undefined) return;
        const fmt = f.format.format;
        if (fmt === 'graphql' || fmt === 'soap' || fmt === 'xml-rpc' || fmt === 'grpc') return;
        const hits = hitsOf(f);
        if (hits.length === 0) return;
        // a 200 that refuses the request (`{"code":"E1001"}`) did not run it
        if (refusedInBody(f.responseJson())) return;
        const done = new Set<string>();
        for (const h of hits) {
          if (done.has(h.location)) continue;
          done.add(h.location);
          const n = counter.add(f.endpoint, h.location);
          if (n < p.minOccurrences) continue;
          report({
            at: f,
            location: h.location,
            detail: `${KIND_TEXT[h.kind]}${h.what ? ` (${h.what})` : ''} in "${h.location}" answered ${f.status}, ${n} successful calls`,
            data: { kind: h.kind, ...(h.what ? { clause: h.what } : {}), ...(h.length ? { length: h.length } : {}), occurrences: n, status: f.status },
          });
        }
      },
    };
  },
});
