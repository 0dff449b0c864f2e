/**
 * Recognises a parameter value that is written in a query language: a SQL statement
 * (`select … from …`, `update … set …`, `delete from …`, `insert into … values`), a WHERE
 * condition (`status='A' and amount>100`, OData `status eq 'A'`), or an ORDER BY list
 * (`create_time desc, id asc`). A small tokenizer and grammar, not keyword spotting: `select`
 * alone (a dropdown), `createTime` (a sort field) and `where is my card` (search text) are not
 * SQL. Statements count only at the start of the value: SQL spliced after a quote or a `;` is an
 * injection attempt, which risk detection handles, and is returned as `attack`.
 *
 *   queryLanguage("status='A' and amount>100")      // { kind: 'sql-where', strong: true, terms: 2 }
 *   queryLanguage("status='A'")                     // { kind: 'sql-where', strong: false, terms: 1 } (needs a name like `where`)
 *   queryLanguage('select id, name from t_cust')    // { kind: 'sql-select', strong: true, terms: 0 }
 *   queryLanguage('where is my card')               // undefined
 */

export type QueryKind = 'sql-select' | 'sql-update' | 'sql-delete' | 'sql-insert' | 'sql-where' | 'odata-filter' | 'sql-order-by' | 'attack';

export interface QueryShape {
  kind: QueryKind;
  /** enough by itself; a weak shape (one condition, one sort term) needs a telling parameter name */
  strong: boolean;
  /** conditions of a WHERE, terms of an ORDER BY */
  terms: number;
}

/** Injection tell-tales: a value with one of these is an attack for risk detection, not an API's design. */
const ATTACK =
  /\bunion\b[\s\S]{0,40}\bselect\b|\b(?:sleep|benchmark|pg_sleep|extractvalue|updatexml|load_file|char|chr|ascii|substr|substring|dbms_pipe\.receive_message)\s*\(|\bwaitfor\s+delay\b|\binformation_schema\b|\binto\s+(?:out|dump)file\b|\bxp_cmdshell\b|\/\*|\bor\s+'?(\w+)'?\s*=\s*'?\1'?(?!\w)|\b(?:and|or)\s+\d+\s*[<>=]\s*\d+|@@version/i;

const KEYWORDS = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'update', 'set', 'delete', 'insert', 'into', 'values', 'order', 'group', 'by',
  'having', 'limit', 'offset', 'join', 'left', 'right', 'inner', 'outer', 'cross', 'full', 'on', 'as', 'union', 'like', 'in',
  'is', 'null', 'between', 'asc', 'desc', 'distinct', 'top', 'exists', 'case', 'when', 'then', 'else', 'end', 'eq', 'ne', 'gt',
  'ge', 'lt', 'le',
]);
const ODATA_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const ODATA_FUNCS = new Set(['contains', 'startswith', 'endswith', 'substringof', 'indexof', 'tolower', 'toupper', 'length']);
const CLAUSES = new Set(['where', 'order', 'group', 'limit', 'join', 'left', 'right', 'inner', 'cross', 'full', 'having', 'union', 'offset']);

/** w: word, n: number or bind placeholder, s: string literal, o: comparison operator, p: punctuation, x: anything else */
interface Tok {
  t: 'w' | 'n' | 's' | 'o' | 'p' | 'x';
  /** words in lower case */
  v: string;
}

const isWordStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isWordChar = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Tokens of `s`, or undefined for an unterminated string literal (a broken-out quote) or too many tokens. */
function tokenize(s: string, maxTokens: number): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (out.length >= maxTokens) return undefined;
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (c === 39) {
      // '…' with '' as an escaped quote
      let j = i + 1;
      for (;;) {
        const k = s.indexOf("'", j);
        if (k < 0) return undefined;
        if (s.charCodeAt(k + 1) === 39) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      out.push({ t: 's', v: '' });
      i = j;
    } else if (c === 34 || c === 96) {
      // "quoted" or `quoted` identifier
      const k = s.indexOf(String.fromCharCode(c), i + 1);
      if (k < 0) return undefined;
      out.push({ t: 'w', v: s.slice(i + 1, k).toLowerCase() || '_' });
      i = k + 1;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isWordChar(d)) j++;
        else if (d === 46 && j + 1 < n && (isWordStart(s.charCodeAt(j + 1)) || s.charCodeAt(j + 1) === 42)) j += 2; // t.col, t.*
        else break;
      }
      out.push({ t: 'w', v: s.slice(i, j).toLowerCase() });
      i = j;
    } else if (isDigit(c) || (c === 45 && isDigit(s.charCodeAt(i + 1)) && (out.length === 0 || out[out.length - 1]!.t === 'o' || out[out.length - 1]!.t === 'p'))) {
      let j = i + 1;
      while (j < n && (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 46)) j++;
      if (j < n && isWordStart(s.charCodeAt(j))) return undefined; // 3abc: not SQL
      out.push({ t: 'n', v: '' });
      i = j;
    } else if (c === 63 || ((c === 35 || c === 36) && s.charCodeAt(i + 1) === 123) || (c === 58 && isWordStart(s.charCodeAt(i + 1)))) {
      // bind placeholders: ?, #{x}, ${x}, :name
      let j = i + 1;
      if (c === 35 || c === 36) {
        const k = s.indexOf('}', i);
        j = k < 0 ? n : k + 1;
      } else if (c === 58) while (j < n && isWordChar(s.charCodeAt(j))) j++;
      out.push({ t: 'n', v: '' });
      i = j;
    } else if (c === 60 || c === 62 || c === 61 || c === 33) {
      // < > = ! and their pairs
      const d = s.charCodeAt(i + 1);
      if ((c === 60 && (d === 62 || d === 61)) || (c === 62 && d === 61) || (c === 33 && d === 61) || (c === 61 && d === 61)) {
        out.push({ t: 'o', v: s.slice(i, i + 2) });
        i += 2;
      } else if (c === 33) {
        out.push({ t: 'x', v: '!' });
        i++;
      } else {
        out.push({ t: 'o', v: s[i]! });
        i++;
      }
    } else if (c === 40 || c === 41 || c === 44 || c === 42 || c === 59) {
      out.push({ t: 'p', v: s[i]! });
      i++;
    } else {
      out.push({ t: 'x', v: s[i]! });
      i++;
    }
  }
  return out;
}

const word = (t: Tok | undefined, v: string): boolean => t !== undefined && t.t === 'w' && t.v === v;
const punct = (t: Tok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
const ident = (t: Tok | undefined): boolean => t !== undefined && t.t === 'w' && !KEYWORDS.has(t.v);
/** a name that only a schema has: snake_case or qualified */
const schemaLike = (t: Tok | undefined): boolean => ident(t) && (t!.v.includes('_') || t!.v.includes('.'));

/** Index after the `)` matching the `(` at i, or -1. */
function closeParen(toks: Tok[], i: number): number {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    if (punct(toks[j], '(')) depth++;
    else if (punct(toks[j], ')') && --depth === 0) return j + 1;
  }
  return -1;
}

interface Expr {
  end: number;
  terms: number;
  /** uses a form only SQL has: a quoted literal, LIKE, IN (…), IS NULL, BETWEEN, <> */
  sqlish: boolean;
  odata: boolean;
}

function value(toks: Tok[], i: number): number {
  const t = toks[i];
  if (!t) return -1;
  if (t.t === 's' || t.t === 'n' || ident(t) || word(t, 'null')) return i + 1;
  return -1;
}

/** One condition at i: `a = 1`, `a like '%x'`, `a in (1,2)`, `a is not null`, `a between 1 and 2`, `contains(a,'x')`, `(…)`. */
function condition(toks: Tok[], i: number, e: Expr): number {
  if (word(toks[i], 'not')) i++;
  if (punct(toks[i], '(')) {
    const end = expression(toks, i + 1, e);
    return end >= 0 && punct(toks[end], ')') ? end + 1 : -1;
  }
  const t = toks[i];
  // `1=1 and …`: clients that build a WHERE start it with a tautology
  if (t?.t === 'n' && toks[i + 1]?.t === 'o') return value(toks, i + 2);
  if (!ident(t)) return -1;
  let j = i + 1;
  if (punct(toks[j], '(')) {
    // a function on the left (lower(name), contains(name,'x'))
    j = closeParen(toks, j);
    if (j < 0) return -1;
    if (ODATA_FUNCS.has(t!.v) && !(toks[j]?.t === 'o' || (toks[j]?.t === 'w' && ODATA_OPS.has(toks[j]!.v)))) {
      e.odata = true;
      return j;
    }
  }
  const op = toks[j];
  if (!op) return -1;
  if (op.t === 'o') {
    if (op.v === '<>' || op.v === '!=') e.sqlish = true;
    if (toks[j + 1]?.t === 's') e.sqlish = true;
    return value(toks, j + 1);
  }
  if (op.t !== 'w') return -1;
  if (ODATA_OPS.has(op.v)) {
    e.odata = true;
    return value(toks, j + 1);
  }
  let k = j;
  if (op.v === 'not') k++;
  const kw = toks[k];
  if (word(kw, 'like')) {
    e.sqlish = true;
    return toks[k + 1]?.t === 's' ? k + 2 : -1;
  }
  if (word(kw, 'in') && punct(toks[k + 1], '(')) {
    let m = k + 2;
    for (;;) {
      m = value(toks, m);
      if (m < 0) return -1;
      if (punct(toks[m], ',')) m++;
      else if (punct(toks[m], ')')) break;
      else return -1;
    }
    e.sqlish = true;
    return m + 1;
  }
  if (word(kw, 'between')) {
    const a = value(toks, k + 1);
    if (a < 0 || !word(toks[a], 'and')) return -1;
    e.sqlish = true;
    return value(toks, a + 1);
  }
  if (word(op, 'is')) {
    let m = j + 1;
    if (word(toks[m], 'not')) m++;
    if (!word(toks[m], 'null')) return -1;
    e.sqlish = true;
    return m + 1;
  }
  return -1;
}

/** Conditions joined by AND / OR, from i; the index after them, or -1. */
function expression(toks: Tok[], i: number, e: Expr): number {
  let j = condition(toks, i, e);
  if (j < 0) return -1;
  e.terms++;
  while (word(toks[j], 'and') || word(toks[j], 'or')) {
    j = condition(toks, j + 1, e);
    if (j < 0) return -1;
    e.terms++;
  }
  return j;
}

/** `a desc, b`, from i: index after it and the number of terms and of explicit directions. */
function orderList(toks: Tok[], i: number): { end: number; terms: number; directed: number } | undefined {
  let terms = 0;
  let directed = 0;
  let j = i;
  for (;;) {
    if (!ident(toks[j]) && toks[j]?.t !== 'n') return undefined;
    j++;
    terms++;
    if (word(toks[j], 'asc') || word(toks[j], 'desc')) {
      j++;
      directed++;
    }
    if (!punct(toks[j], ',')) return { end: j, terms, directed };
    j++;
  }
}

/** ORDER BY / LIMIT tails after a WHERE or a statement; index after them. */
function tail(toks: Tok[], i: number): number {
  let j = i;
  if (word(toks[j], 'order') && word(toks[j + 1], 'by')) {
    const o = orderList(toks, j + 2);
    if (!o) return -1;
    j = o.end;
  }
  if (word(toks[j], 'limit') && toks[j + 1]?.t === 'n') {
    j += 2;
    if ((punct(toks[j], ',') || word(toks[j], 'offset')) && toks[j + 1]?.t === 'n') j += 2;
  }
  if (punct(toks[j], ';') && j === toks.length - 1) j++;
  return j;
}

function select(toks: Tok[]): QueryShape | undefined {
  let j = 1;
  if (word(toks[j], 'distinct')) j++;
  if (word(toks[j], 'top') && toks[j + 1]?.t === 'n') j += 2;
  let strong = false;
  let items = 0;
  let depth = 0;
  let prevIdent = false;
  for (; j < toks.length; j++) {
    const t = toks[j]!;
    if (depth === 0 && word(t, 'from')) break;
    if (t.t === 'p') {
      if (t.v === '(') depth++;
      else if (t.v === ')') depth--;
      if (t.v !== ';') strong = true; // *, a list, a function: a select list
      else return undefined;
      prevIdent = false;
      continue;
    }
    if (t.t === 'x') return undefined;
    if (ident(t)) {
      // `a b` is a column and its alias once; three words in a row is a sentence
      if (prevIdent && depth === 0 && ident(toks[j - 2])) return undefined;
      if (schemaLike(t)) strong = true;
      prevIdent = true;
    } else prevIdent = false;
    items++;
  }
  if (!word(toks[j], 'from') || items + (strong ? 1 : 0) === 0) return undefined;
  j++;
  if (punct(toks[j], '(')) return { kind: 'sql-select', strong: true, terms: 0 }; // from (subquery)
  if (!ident(toks[j])) return undefined;
  if (schemaLike(toks[j])) strong = true;
  j++;
  if (word(toks[j], 'as')) j++;
  if (ident(toks[j])) j++; // alias
  if (j >= toks.length || (punct(toks[j], ';') && j === toks.length - 1)) return { kind: 'sql-select', strong, terms: 0 };
  const t = toks[j]!;
  if (punct(t, ',') || (t.t === 'w' && CLAUSES.has(t.v))) {
    if (word(t, 'where')) {
      const e: Expr = { end: 0, terms: 0, sqlish: false, odata: false };
      if (expression(toks, j + 1, e) < 0) return undefined;
    }
    return { kind: 'sql-select', strong: true, terms: 0 };
  }
  return undefined;
}

function statement(toks: Tok[]): QueryShape | undefined {
  const first = toks[0]!.v;
  if (first === 'select') return select(toks);
  if (first === 'update') {
    if (!ident(toks[1]) || !word(toks[2], 'set') || !ident(toks[3]) || !(toks[4]?.t === 'o' && toks[4].v === '=')) return undefined;
    return value(toks, 5) < 0 ? undefined : { kind: 'sql-update', strong: true, terms: 0 };
  }
  if (first === 'delete') {
    if (!word(toks[1], 'from') || !ident(toks[2])) return undefined;
    if (toks.length === 3) return { kind: 'sql-delete', strong: schemaLike(toks[2]), terms: 0 };
    if (!word(toks[3], 'where')) return undefined;
    const e: Expr = { end: 0, terms: 0, sqlish: false, odata: false };
    const end = expression(toks, 4, e);
    return end >= 0 && tail(toks, end) === toks.length ? { kind: 'sql-delete', strong: true, terms: e.terms } : undefined;
  }
  if (first === 'insert') {
    if (!word(toks[1], 'into') || !ident(toks[2])) return undefined;
    let j = 3;
    if (punct(toks[j], '(')) j = closeParen(toks, j);
    if (j < 0) return undefined;
    return (word(toks[j], 'values') && punct(toks[j + 1], '(')) || word(toks[j], 'select') ? { kind: 'sql-insert', strong: true, terms: 0 } : undefined;
  }
  return undefined;
}

/** The query language `v` is written in, or undefined for anything else. */
export function queryLanguage(v: string, maxTokens = 256): QueryShape | undefined {
  if (ATTACK.test(v)) return { kind: 'attack', strong: true, terms: 0 };
  const toks = tokenize(v, maxTokens);
  if (!toks || toks.length < 2) return undefined;
  // a second statement after `;`, or a comment: stacked or cut-off SQL is an injection attempt
  for (let i = 0; i < toks.length - 1; i++) if (punct(toks[i], ';')) return { kind: 'attack', strong: true, terms: 0 };
  if (v.includes('--')) return { kind: 'attack', strong: true, terms: 0 };
  let start = 0;
  while (punct(toks[start], '(') && start < 3) start++;
  const first = toks[start]!;
  if (start === 0 && first.t === 'w' && (first.v === 'select' || first.v === 'update' || first.v === 'delete' || first.v === 'insert')) return statement(toks);
  if (first.t === 'w' && first.v === 'order' && word(toks[1], 'by')) {
    const o = orderList(toks, 2);
    return o && tail(toks, o.end) === toks.length ? { kind: 'sql-order-by', strong: true, terms: o.terms } : undefined;
  }
  const lead = word(first, 'where') ? 1 : 0;
  const e: Expr = { end: 0, terms: 0, sqlish: false, odata: false };
  const end = expression(toks, lead, e);
  if (end >= 0 && tail(toks, end) === toks.length) {
    const strong = lead === 1 || e.terms >= 2;
    if (strong || e.sqlish || e.odata) return { kind: e.odata ? 'odata-filter' : 'sql-where', strong, terms: e.terms };
    return undefined;
  }
  const o = orderList(toks, 0);
  if (o && o.end === toks.length && o.directed > 0) return { kind: 'sql-order-by', strong: o.terms >= 2, terms: o.terms };
  return undefined;
}
