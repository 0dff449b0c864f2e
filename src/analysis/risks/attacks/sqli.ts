/**
 * SQL injection by tokenizing, in the manner of libinjection (own implementation and own rules):
 * the value is read as SQL in three contexts — as-is, as if it followed an opening `'`, and as if
 * it followed an opening `"` — into typed tokens (s string, 1 number, n bareword, k keyword,
 * U union, E statement, f function, o operator, & logic, c comment, v variable, B group/order by,
 * and the punctuation ( ) , ;). Tokens are folded (inline comments, unary signs, arithmetic), and
 * the leading tokens form a fingerprint such as `s&sos` (`' or 'a'='a`). Rules over the folded
 * sequence decide: a few structures that only injected SQL has (breaking out of a string into a
 * logic operator and a comparison, a trailing comment right after the break, stacked statements,
 * UNION SELECT, calls of time-delay or file functions), never keywords alone.
 */
import type { ValueHit } from './types.js';

type T = 's' | '1' | 'n' | 'k' | 'U' | 'E' | 'f' | 'o' | '&' | 'c' | 'v' | 'B' | '(' | ')' | ',' | ';';

interface Tok {
  t: T;
  v: string;
  /** operators: a comparison (=, <, LIKE, …) */
  cmp?: boolean;
  /** strings: closed by its quote */
  closed?: boolean;
}

const MAX_TOKENS = 24;

const WORDS: Record<string, T> = {};
const put = (t: T, words: string): void => {
  for (const w of words.split(' ')) WORDS[w] = t;
};
put('&', 'and or xor');
put('U', 'union intersect except');
put('E', 'select insert update delete drop create alter exec execute declare truncate shutdown grant revoke handler rename replace');
put('o', 'like rlike regexp is not in div mod sounds collate escape between');
put('k', 'from where into values table as on join case when then else end all distinct top waitfor delay having limit offset procedure analyse outfile dumpfile set desc asc database exists begin by cast convert');
put('1', 'null true false');
const CMP_WORDS = new Set(['like', 'rlike', 'regexp', 'is', 'in', 'sounds', 'between']);

/** Functions that only show up in SQL attacks (time delays, file access, error-based extraction, OS calls). */
const DANGER_FUNCS = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'load_file', 'extractvalue', 'updatexml', 'xp_cmdshell', 'sys_eval', 'sys_exec',
  'dbms_pipe.receive_message', 'utl_inaddr.get_host_address', 'utl_http.request', 'dbms_lock.sleep', 'randomblob',
  'gtid_subset', 'exp', 'json_keys', 'make_set', 'elt', 'geometrycollection', 'multipoint', 'polygon', 'linestring',
  'name_const', 'pg_read_file', 'pg_ls_dir', 'lo_import', 'sp_oacreate', 'sp_executesql', 'xp_dirtree', 'openrowset',
  'opendatasource', 'dbms_xmlgen.getxml', 'ctxsys.drithsx.sn', 'xmltype', 'sqlite_version', 'substring', 'ascii', 'ord',
  'char', 'chr', 'concat', 'concat_ws', 'group_concat', 'hex', 'unhex', 'mid', 'substr', 'database', 'version', 'user',
  'current_user', 'system_user', 'session_user', 'schema', 'if', 'iif', 'ifnull', 'count', 'length', 'md5', 'sha1',
  'row_count', 'found_rows', 'connection_id', 'last_insert_id', 'rand', 'floor', 'cast', 'convert', 'current_database',
  'db_name', 'host_name', 'suser_name', 'is_srvrolemember', 'waitfor',
]);
/** Of those, the ones whose call is an attack wherever it appears. */
const ALWAYS_FUNCS = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'load_file', 'extractvalue', 'updatexml', 'xp_cmdshell', 'sys_eval', 'sys_exec',
  'dbms_pipe.receive_message', 'utl_inaddr.get_host_address', 'utl_http.request', 'dbms_lock.sleep', 'gtid_subset',
  'name_const', 'pg_read_file', 'pg_ls_dir', 'lo_import', 'sp_oacreate', 'xp_dirtree', 'openrowset', 'opendatasource',
  'dbms_xmlgen.getxml', 'ctxsys.drithsx.sn', 'xmltype', 'sqlite_version', 'current_database', 'is_srvrolemember',
]);
/** Catalogue names of database internals. */
const DB_NAMES =
  /\b(?:information_schema|mysql\.(?:user|db|innodb_table_stats)|performance_schema|sys\.(?:schema|x\$|sysobjects)|sysobjects|syscolumns|sysdatabases|sysusers|master\.\.sys|master\.dbo|pg_catalog|pg_shadow|pg_user|pg_database|pg_namespace|all_tables|user_tables|all_tab_columns|user_tab_columns|dba_users|sqlite_master|sqlite_schema|msysobjects|msysaccessobjects|msysqueries|xp_cmdshell|sp_executesql|sp_password|tempdb|msdb|northwind|mysql\.db|schema_name|db_name|pg_sleep)\b/i;
/** SQL-only function names called with `(`: at the value's start (spaces allowed) or glued anywhere. */
const SQL_FUNC =
  /(?:^\s*|[\s'"(,=|+-](?=\w+\())(concat|concat_ws|group_concat|substring|substr|mid|ascii|ord|char|chr|unhex|hex|md5|sha1|sha2|rand|rtrim|ltrim|trim|coalesce|ifnull|nullif|isnull|make_set|find_in_set|strcmp|compress|uncompress|decode|encode|sysdate|pow|power|sin|cos|db_name|schema_name|starts_with|jsonb_pretty|json_build_object|unistr|to_char|to_number|cast|convert|nvl|instr|locate|position|lpad|rpad|reverse|soundex|bin|oct|conv|crc32|user_name|object_id|quotename|sleep|benchmark|version|database|current_user|insert|div|lo_get)(?:\\?\(|\s+\(\s*$)/i;
const NOSQL = /(?:^|\[)\$(?:ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|not|nor|or|and|elemMatch|expr|function|accumulator|jsonSchema|type|size|all|mod|text|search)(?:\]|$)/;
/**
 * PostgreSQL / MySQL JSON operators applied to a quoted JSON literal (`'{"b":2}'::jsonb <@ '{…}'`,
 * `'[1,2]' ? '1'`, `'{…}' -> '$.c'`), and JSON functions over literals: SQL that only an injection
 * (or a console) sends.
 */
const JSON_SQL =
  /(?:'\s*[[{][^']{0,200}[\]}]\s*'|"\s*[[{][^"]{0,200}[\]}]\s*")\s*(?:::\s*jsonb?\b|(?:<@|@>|->>?|#>>?|#-|\?[|&]?|@\?|@@|\|\||<|>|=)\s*(?:['"\d]|array\b|jsonb?\b))|\bjson_(?:extract|value|query|contains|keys|search|unquote|object|array|length)\s*(?:\/\*.*?\*\/\s*)*\(\s*(?:\/\*.*?\*\/\s*)*['"]\s*[[{]/is;
/** PostgreSQL casts of an expression to a built-in type (`password::int`, `f(x)::text`). */
const PG_CAST = /[\w)'"]::(?:int[248]?|integer|bigint|smallint|text|varchar|char|numeric|decimal|float[48]?|real|double\s+precision|bool(?:ean)?|bytea|jsonb?|regclass|oid|name|date|timestamp|inet|xml)\b/i;
/** MySQL executable comments and optimizer hints (`/*!50000select*\/`, `/*+ hint *\/`). */
const INLINE_COMMENT = /\/\*\s*[!+]\s*\d*\s*[a-z]/i;
/** MySQL's scientific-notation parser bypass (`1.e(ascii)`, `1.e.tables`). */
const SCI_NOTATION = /(?:^|[^\w.])\d+\.e(?:\(|\.[a-z_])/i;
/** MySQL user variables assigned inline (`@a:=1`, `@.:=right(…)`): only a query sets them. */
const USER_VAR_SET = /(?:^|[\s(,;=])@[\w.$]*\s*:=/;
/** A parenthesised SELECT from a schema-qualified table (`(select user_login from wordpress.wp_users`). */
const SUBQUERY = /\(\s*select\s+[\w*,.()\s]{1,80}?\s+from\s+[\w$]+\.[\w$]+/i;
/** A column alias between quotes followed by FROM: a fragment of a select list (`1 AS "x" FROM`). */
const ALIAS_FROM = /(?:^|[\s`"'\d])as\s*[`"][^`"]{0,40}[`"]?\s*from\b/i;

const CONDITIONAL = /\)\s*(?:like|rlike|regexp)\s*\(|\bcase\s+when\b.{1,80}\bthen\b|\bif\s*\(\s*[\w'"]+\s*(?:=|<|>)|\bhaving\s+(?:count|sum|min|max|avg)\s*\(|\bexec(?:ute)?\s+(?:xp_|sp_|master\.)|\bexecute\s+immediate\b|\b(?:alter|drop|truncate|create)\s+(?:table|database|procedure|function|view|index|user)\s+[`"[\w]|\bwaitfor\W+(?:delay|time)\W+['"]?\d|\bwaitfor\W+delay\W+['"]/i;

const isWordStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
const isWord = (c: number): boolean => isWordStart(c) || (c >= 48 && c <= 57) || c === 36 || c === 46;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c <= 32 || c === 0xa0 || c === 0x7f;

function tokenize(s: string, quote: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  let inExec = false; // inside a MySQL executable comment /*! … */
  if (quote) {
    const j = findClose(s, 0, quote);
    if (j < 0) return [{ t: 's', v: s, closed: false }];
    out.push({ t: 's', v: s.slice(0, j), closed: true });
    i = j + 1;
  }
  while (i < n && out.length < MAX_TOKENS) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (isSpace(c) || ch === '{' || ch === '}' || ch === '\\' || ch === '[' || ch === ']') {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const j = findClose(s, i + 1, ch);
      if (j < 0) {
        out.push({ t: 's', v: s.slice(i + 1), closed: false });
        break;
      }
      out.push({ t: 's', v: s.slice(i + 1, j), closed: true });
      i = j + 1;
      continue;
    }
    if (ch === '`') {
      const j = s.indexOf('`', i + 1);
      out.push({ t: 'n', v: s.slice(i + 1, j < 0 ? n : j) });
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (ch === '/' && s[i + 1] === '*') {
      if (s[i + 2] === '!') {
        i += 3;
        while (i < n && isDigit(s.charCodeAt(i))) i++;
        inExec = true;
        continue;
      }
      const j = s.indexOf('*/', i + 2);
      out.push({ t: 'c', v: s.slice(i, j < 0 ? n : j + 2) });
      i = j < 0 ? n : j + 2;
      continue;
    }
    if (ch === '*' && s[i + 1] === '/' && inExec) {
      inExec = false;
      i += 2;
      continue;
    }
    if ((ch === '-' && s[i + 1] === '-') || ch === '#') {
      const j = s.indexOf('\n', i);
      out.push({ t: 'c', v: s.slice(i, j < 0 ? n : j) });
      i = j < 0 ? n : j + 1;
      continue;
    }
    if (isDigit(c) || (ch === '.' && isDigit(s.charCodeAt(i + 1)))) {
      let j = i;
      if (ch === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X' || s[i + 1] === 'b' || s[i + 1] === 'B')) {
        j = i + 2;
        while (j < n && /[0-9a-fA-F]/.test(s[j])) j++;
      } else {
        while (j < n && isDigit(s.charCodeAt(j))) j++;
        if (s[j] === '.') {
          j++;
          while (j < n && isDigit(s.charCodeAt(j))) j++;
        }
        if ((s[j] === 'e' || s[j] === 'E') && (isDigit(s.charCodeAt(j + 1)) || ((s[j + 1] === '+' || s[j + 1] === '-') && isDigit(s.charCodeAt(j + 2))))) {
          j += 2;
          while (j < n && isDigit(s.charCodeAt(j))) j++;
        }
      }
      if (j < n && isWordStart(s.charCodeAt(j))) {
        // `1union` splits before a keyword; `1st`, `3k` are one word
        let k = j;
        while (k < n && isWord(s.charCodeAt(k))) k++;
        const w = s.slice(j, k).toLowerCase();
        const t = WORDS[w];
        if (t === undefined || t === 'k' || t === '1') {
          out.push({ t: 'n', v: s.slice(i, k) });
          i = k;
          continue;
        }
      }
      out.push({ t: '1', v: s.slice(i, j) });
      i = j;
      continue;
    }
    if (ch === '@') {
      let j = i + 1;
      if (s[j] === '@') j++;
      while (j < n && isWord(s.charCodeAt(j))) j++;
      out.push({ t: 'v', v: s.slice(i, j) });
      i = j;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWord(s.charCodeAt(j))) j++;
      while (j > i + 1 && s[j - 1] === '.') j--;
      const v = s.slice(i, j);
      const w = v.toLowerCase();
      let t: T = WORDS[w] ?? 'n';
      let k = j;
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      if ((w === 'order' || w === 'group') && s.slice(k, k + 2).toLowerCase() === 'by' && !isWord(s.charCodeAt(k + 2))) {
        out.push({ t: 'B', v: w + ' by' });
        i = k + 2;
        continue;
      }
      if (s[k] === '(' && (t === 'n' || t === 'k')) t = 'f';
      out.push(t === 'o' ? { t, v: w, cmp: CMP_WORDS.has(w) } : { t, v });
      i = j;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === ';') {
      out.push({ t: ch, v: ch });
      i++;
      continue;
    }
    // operators
    const three = s.slice(i, i + 3);
    const two = s.slice(i, i + 2);
    if (three === '<=>') {
      out.push({ t: 'o', v: three, cmp: true });
      i += 3;
      continue;
    }
    if (two === '||' || two === '&&') {
      out.push({ t: '&', v: two });
      i += 2;
      continue;
    }
    if (two === '<>' || two === '!=' || two === '<=' || two === '>=' || two === '==' || two === '!<' || two === '!>') {
      out.push({ t: 'o', v: two, cmp: true });
      i += 2;
      continue;
    }
    if (two === '::' || two === ':=' || two === '<<' || two === '>>' || two === '->' || two === '<@' || two === '@>') {
      out.push({ t: 'o', v: two, cmp: two === '<@' || two === '@>' });
      i += 2;
      continue;
    }
    if ('=<>'.includes(ch)) {
      out.push({ t: 'o', v: ch, cmp: true });
      i++;
      continue;
    }
    if ('+-*/%^|&~!:?'.includes(ch)) {
      out.push({ t: 'o', v: ch });
      i++;
      continue;
    }
    i++; // anything else is noise
  }
  return out;
}

function findClose(s: string, from: number, q: string): number {
  for (let i = from; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === q) {
      if (s[i + 1] === q) {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

const VALUE_T = new Set<T>(['1', 's', 'n', 'v']);
const ARITH = new Set(['+', '-', '*', '/', '%', '^', '|', '&', '<<', '>>', 'div', 'mod', '::', '~']);

/** Drop inline comments, unary signs and arithmetic so that `-1+2/**\/or` reads as `1&`. */
function fold(toks: Tok[]): Tok[] {
  const a: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i];
    if (tk.t === 'c' && i < toks.length - 1) continue;
    a.push(tk);
  }
  const out: Tok[] = [];
  for (let i = 0; i < a.length; i++) {
    const tk = a[i];
    const prev = out[out.length - 1];
    if (tk.t === 'o' && !tk.cmp && (tk.v === '-' || tk.v === '+' || tk.v === '!' || tk.v === '~' || tk.v === 'not')) {
      const next = a[i + 1];
      const unary = !prev || prev.t === 'o' || prev.t === '&' || prev.t === '(' || prev.t === ',' || prev.t === 'E' || prev.t === 'k' || prev.t === ';';
      if (unary && next && (VALUE_T.has(next.t) || next.t === 'f' || next.t === '(')) continue;
    }
    if (tk.t === 'o' && !tk.cmp && ARITH.has(tk.v) && prev && VALUE_T.has(prev.t) && prev.t !== 's') {
      const next = a[i + 1];
      if (next && VALUE_T.has(next.t) && next.t !== 's') {
        i++; // `1+1` → 1, `a-b` → a
        continue;
      }
    }
    if (tk.t === 's' && prev && prev.t === 's' && out.length > 1) {
      prev.closed = tk.closed; // adjacent literals concatenate
      continue;
    }
    out.push(tk);
  }
  return out;
}

const fp = (toks: Tok[]): string => toks.slice(0, 6).map((t) => t.t).join('');
const kw = (tk: Tok | undefined, ...words: string[]): boolean => !!tk && words.includes(tk.v.toLowerCase());

/** `--` and `/*` always end a query; `#` only when nothing follows it (`#2 MOM` is text). */
const strongComment = (c: Tok): boolean => !c.v.startsWith('#') || c.v.length === 1;

/** UNION followed (after `(`, ALL, DISTINCT) by SELECT. */
function unionSelect(t: Tok[], i: number): boolean {
  let j = i + 1;
  while (t[j] && (t[j].t === '(' || kw(t[j], 'all', 'distinct', 'distinctrow'))) j++;
  return t[j]?.t === 'E' && kw(t[j], 'select');
}

/** A statement keyword at i that is followed by what that statement needs. */
function stmtOk(t: Tok[], i: number): boolean {
  const e = t[i];
  const n1 = t[i + 1];
  const n2 = t[i + 2];
  switch (e.v.toLowerCase()) {
    case 'select':
      return !!n1 && n1.t !== 'n' ? true : !!n1 && (kw(n2, 'from') || n2?.t === ',');
    case 'exec':
    case 'execute':
      return !!n1 && (n1.t === '(' || n1.t === 'v' || (n1.t === 'n' && /^(?:xp_|sp_|master\.|dbo\.)/i.test(n1.v)) || kw(n1, 'immediate'));
    case 'truncate':
    case 'drop':
    case 'alter':
    case 'create':
      if (kw(e, 'truncate') && n1?.t === 'n' && (!n2 || n2.t === ';' || n2.t === 'c')) return true;
      return kw(n1, 'table', 'database') || (n1?.t === 'n' && /^(?:procedure|function|view|index|user|schema|trigger)$/i.test(n1.v));
    case 'insert':
    case 'replace':
      return kw(n1, 'into') || (!!n1 && (n1.t === 'f' || n1.t === 'n') && n2?.t === '(');
    case 'delete':
      return kw(n1, 'from');
    case 'update':
      return !!n1 && (n1.t === 'n' || n1.t === 'v') && kw(n2, 'set');
    case 'declare':
      return n1?.t === 'v';
    case 'shutdown':
      return !n1 || n1.t === 'c' || n1.t === ';';
    default:
      return !!n1 && n1.t !== 'n';
  }
}

/** Rules applied after a string break (context `'` or `"`): toks[0] is the broken-out string. */
function afterBreak(t: Tok[]): boolean {
  const [, a, b, c] = t;
  if (!a) return false;
  switch (a.t) {
    case '&':
      if (!b) return false;
      if (b.t === '(' || b.t === 'f' || b.t === 'v' || b.t === 'E') return true;
      if (b.t === '1' || b.t === 's' || b.t === 'n') {
        if (!c) return b.t === '1' || (b.t === 's' && !b.closed && /^\s*\w+\s*$/.test(b.v) && a.v.length > 1 && false);
        if (c.t === 'o') return true;
        return c.t === 'c' || c.t === ';' || c.t === '&' || c.t === 'B' || c.t === 'U' || c.t === ')';
      }
      return false;
    case 'c':
      // a product name with a stray quote (`SOAP 1 '#`, `DRESSES' --INFANT`) is not a login bypass
      if (/\s\S+\s/.test(t[0].v) && (a.v === '#' || /^--[a-z]/i.test(a.v))) return false;
      return t.length === 2 && strongComment(a);
    case ';':
      // `admin';` ends the statement right after the string (split-query login bypass)
      if (!b) return t.length === 2 && !/\s/.test(t[0].v.trim());
      if (b.t === 'E' && kw(b, 'select')) return true;
      return ((b.t === 'E' && stmtOk(t, 2)) || b.t === 'c' || kw(b, 'waitfor', 'declare') || (kw(b, 'set') && c?.t === 'v'));
    case ')':
      if (!b) return false;
      if (b.t === '&') return !!c && (c.t === '(' || c.t === 'f' || c.t === 'E' || ((c.t === '1' || c.t === 's') && (t[4]?.t === 'o' || !t[4])));
      return b.t === ';' || b.t === 'U' || (b.t === 'c' && t.length === 3) || b.t === 'B';
    case 'U':
      return unionSelect(t, 1);
    case 'o':
      if (!b) return false;
      if (b.t === '(' && c && (c.t === 'E' || c.t === 'f')) return true;
      if (b.t === 'f' && DANGER_FUNCS.has(b.v.toLowerCase())) return true;
      if (b.t === 'E') return true;
      if (a.cmp && /^[^a-z]/i.test(a.v) && (b.t === '1' || b.t === 's')) return t.length === 3 ? b.t === 's' && !b.closed : c !== undefined && (c.t === '&' || c.t === 'c' || c.t === ';');
      return false;
    case 'B':
      return !!b && (b.t === '1' || b.t === 'n');
    case 'k':
      return (kw(a, 'waitfor', 'having', 'procedure') && !!b && !!c) || (kw(a, 'into') && kw(b, 'outfile', 'dumpfile'));
    default:
      return false;
  }
}

/** Rules for the value read as-is, starting with a number, a name, a variable or a parenthesis. */
function asIs(t: Tok[]): boolean {
  const [x, a, b, c] = t;
  if (!x) return false;
  if (x.t === '1' || x.t === 'n' || x.t === 'v') {
    if (!a) return false;
    if (a.t === '&' && b) {
      if ((a.v === '||' || a.v === '&&') && b.t === 'n') return false;
      if (b.t === 'f' || b.t === '(' || b.t === 'E' || b.t === 'v') return x.t !== 'n' || b.t !== '(';
      if ((b.t === '1' || b.t === 's' || b.t === 'n') && c && c.t === 'o' && c.cmp) return x.t !== 'n' || b.t !== 'n';
      return false;
    }
    if (a.t === 'U') return unionSelect(t, 1);
    if (a.t === ';') return !!b && ((b.t === 'E' && stmtOk(t, 2)) || kw(b, 'waitfor', 'declare') || (kw(b, 'set') && c?.t === 'v'));
    if (a.t === ')' && b) {
      if (b.t === '&') return !!c && (c.t === '(' || c.t === 'f' || c.t === 'E' || ((c.t === '1' || c.t === 's') && t[4]?.t === 'o'));
      return b.t === ';' || b.t === 'U';
    }
    if (a.t === 'c') return t.length === 2 && x.t !== 'n' && strongComment(a);
    if (a.t === 'B') return !!b && (b.t === '1' || b.t === 'n') && x.t === '1';
    if (a.t === 'k' && x.t === '1') return (kw(a, 'having', 'procedure', 'waitfor') && !!b) || (kw(a, 'into') && kw(b, 'outfile', 'dumpfile'));
    return false;
  }
  if (x.t === '(') return !!a && a.t === 'E';
  // `'x'!='y`: a comparison of quoted literals from the first character on
  if (x.t === 's' && x.closed && a?.t === 'o' && a.cmp && /^[^a-z]/i.test(a.v) && b?.t === 's') return true;
  if (x.t === 'E') {
    if (!a) return false;
    if (a.t === '1') return !b || b.t === ',' || kw(b, 'from') || b.t === ';' || b.t === 'c' || b.t === 'U' || b.t === '&';
    if (a.t === 'o') return a.v === '*' && kw(b, 'from');
    if (a.t === 'f' || a.t === 'v') return true;
    if (a.t === '(') return kw(x, 'select');
    if (a.t === 'k') {
      if (kw(a, 'distinct', 'top', 'all')) return true;
      if (kw(a, 'into', 'from')) return !!b && (b.t === 'n' || b.t === 'v') && !!c && (c.t === '(' || kw(c, 'values', 'where', 'set', 'select') || c.t === ';' || c.t === 'c');
      if (kw(a, 'table', 'database')) return !!b && b.t === 'n' && (!c || c.t === ';' || c.t === 'c');
      return false;
    }
    if (a.t === 'n') return kw(b, 'from') && !!c && (c.t === 'n' || c.t === 'v') && (!t[4] || t[4].t === ';' || t[4].t === 'c');
    return false;
  }
  return false;
}

/** Structures that are SQL wherever they occur in the token stream. */
function anywhere(t: Tok[]): string | undefined {
  for (let i = 0; i < t.length; i++) {
    const tk = t[i];
    const nx = t[i + 1];
    if (tk.t === 'U') {
      let j = i + 1;
      while (t[j] && (t[j].t === '(' || kw(t[j], 'all', 'distinct', 'distinctrow'))) j++;
      if (t[j]?.t === 'E') return 'union select';
    }
    if (tk.t === ';' && nx && ((nx.t === 'E' && stmtOk(t, i + 1)) || (kw(nx, 'waitfor') && kw(t[i + 2], 'delay', 'time')) || (kw(nx, 'declare') && t[i + 2]?.t === 'v'))) return 'stacked query';
    if (kw(tk, 'waitfor') && kw(nx, 'delay', 'time')) return 'waitfor delay';
    if (tk.t === 'f' && ALWAYS_FUNCS.has(tk.v.toLowerCase()) && nx?.t === '(') return `${tk.v.toLowerCase()}()`;
    if (tk.t === 'f' && kw(tk, 'database', 'version', 'user', 'current_user', 'schema', 'system_user') && nx?.t === '(' && (!t[i + 2] || t[i + 2].t === ')') && (i > 0 || t.length <= 3)) return `${tk.v.toLowerCase()}()`;
    if (tk.t === 'E' && kw(tk, 'exec', 'execute') && nx && (nx.t === '(' || (nx.t === 'n' && /^(?:xp_|sp_|master\.)/i.test(nx.v)) || kw(nx, 'immediate'))) return 'exec';
    if (tk.t === 'E' && kw(tk, 'declare') && nx?.t === 'v') return 'declare';
    if (tk.t === 'k' && kw(tk, 'procedure') && kw(nx, 'analyse')) return 'procedure analyse';
    if (tk.t === 'k' && kw(tk, 'into') && kw(nx, 'outfile', 'dumpfile')) return 'into outfile';
  }
  return undefined;
}

const HINT = /['"`;#()=<>|&*@$]|--|\b(?:tempdb|msdb|northwind|mysql\.db|schema_name|db_name|pg_\w+|like|when|alter|truncate|execute|exec|xp_\w+)\b|\/\*|::|\bjson_|msys|\d\.e[(.]|\b(?:as|create|div|lo_get|insert|compress|uncompress|encode|rand|sin|concat)\b|\b(?:select|union|and|or|xor|sleep|benchmark|waitfor|exec|drop|insert|update|delete|order|group|having|information_schema)\b/i;

/** SQL injection in one decoded value; undefined when none. */
export function detectSqli(value: string): ValueHit | undefined {
  if (value.length < 2 || !HINT.test(value)) return undefined;
  const sample = value.length > 64 ? value.slice(0, 64) : value;
  const ns = NOSQL.exec(value);
  if (ns) return { reason: 'nosql operator', sample: ns[0] };
  const fn = SQL_FUNC.exec(value);
  if (fn) return { reason: 'sql function ' + fn[1].toLowerCase(), sample };
  const cond = CONDITIONAL.exec(value);
  if (cond) return { reason: 'sql ' + cond[0].replace(/\s+/g, ' ').slice(0, 24).toLowerCase(), sample };
  // cheap gates first: each structure needs a marker character or word
  if ((/['"]\s*[[{]/.test(value) || /json_/i.test(value)) && JSON_SQL.test(value)) return { reason: 'json operator on a literal', sample };
  if (value.indexOf('::') >= 0 && PG_CAST.test(value)) return { reason: 'sql cast', sample };
  if (value.indexOf('/*') >= 0 && INLINE_COMMENT.test(value)) return { reason: 'mysql inline comment', sample };
  if (/\d\.e/i.test(value) && SCI_NOTATION.test(value)) return { reason: 'mysql scientific notation', sample };
  if (/from/i.test(value) && ALIAS_FROM.test(value)) return { reason: 'sql alias from', sample };
  if (value.indexOf(':=') >= 0 && USER_VAR_SET.test(value)) return { reason: 'sql user variable assignment', sample };
  if (/\(\s*select/i.test(value)) {
    const sub = SUBQUERY.exec(value);
    if (sub) return { reason: 'sql subquery', sample: sub[0].slice(0, 64) };
  }
  const db = DB_NAMES.exec(value);
  if (db) return { reason: 'db catalogue ' + db[0].toLowerCase(), sample: db[0] };
  for (const q of ['', "'", '"', '`']) {
    if (q && value.indexOf(q) < 0) continue;
    const toks = fold(tokenize(value, q));
    const f = fp(toks);
    if (q ? afterBreak(toks) : asIs(toks)) return { reason: f, sample };
    const a = anywhere(toks);
    if (a) return { reason: `${a} ${f}`, sample };
  }
  return undefined;
}

/** Exposed for tests: the libinjection-style fingerprint of a value in a context (`''`, `'`, `"`). */
export function sqlFingerprint(value: string, quote: '' | "'" | '"' = ''): string {
  return fp(fold(tokenize(value, quote)));
}
