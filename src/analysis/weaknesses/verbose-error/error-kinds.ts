/**
 * What an error body leaks: stack traces (Java, .NET, Python, Node, PHP, Go) counted in frames,
 * database errors by engine, framework debug pages, and fully qualified exception class names.
 * Each family has cheap `indexOf` markers; its regular expression runs only when one is present.
 * Bodies come raw, so frames inside JSON strings (`\n\tat com.x.Y.m(Y.java:12)`) count too.
 *
 *   errorLeaks('…\n\tat com.bank.acct.AcctService.query(AcctService.java:88)\n\tat …')
 *   // [{ kind: 'stack-trace:java', text: 'Java stack trace', frames: 2 }]
 */

export interface ErrorLeak {
  /** the finding's location: `stack-trace:java`, `sql-error:oracle`, `debug-page:django`, `exception-name:java` */
  kind: string;
  /** what it is, for the detail line */
  text: string;
  frames?: number;
}

interface Family {
  kind: string;
  text: string;
  markers: readonly string[];
  /** a global regex counting frames, or a plain one that must match */
  re: RegExp;
  /** for frame counts: `minFrames` applies */
  frames?: boolean;
  /** a second expression that must also match */
  also?: RegExp;
}

const PRE = String.raw`(?:\\[tn]|[\s>"'])`; // what precedes `at` in a frame: a newline or tab, raw or JSON-escaped

const TRACES: readonly Family[] = [
  {
    kind: 'stack-trace:java',
    text: 'Java stack trace',
    markers: ['.java:', 'Native Method)', 'Unknown Source)', '.kt:', '.scala:', '.groovy:'],
    re: new RegExp(String.raw`${PRE}at\s+[\w$]+(?:[./][\w$<>-]+)+\((?:[\w$ -]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)`, 'g'),
    frames: true,
  },
  {
    kind: 'stack-trace:dotnet',
    text: '.NET stack trace',
    markers: ['at System.', 'at Microsoft.', ':line '],
    re: new RegExp(String.raw`${PRE}at\s+(?:System|Microsoft)\.[\w.\x60<>\[\],]+\([^()\r\n]{0,300}\)|\)\s+in\s+[^\r\n"]{1,260}\.(?:cs|vb):line\s+\d+`, 'g'),
    frames: true,
  },
  {
    kind: 'stack-trace:python',
    text: 'Python traceback',
    markers: ['Traceback (most recent call last)'],
    re: /File \\?"[^"\r\n]{1,260}?\\?", line \d+/g,
    frames: true,
  },
  {
    kind: 'stack-trace:node',
    text: 'Node.js stack trace',
    markers: ['.js:', '.mjs:', '.cjs:', '.ts:', 'node:internal'],
    re: new RegExp(String.raw`${PRE}at\s+(?:[^\s()"]+(?:\s\[as\s[^\]]+\])?\s+\()?(?:(?:\/|[A-Za-z]:\\{1,2}|file:\/\/)[^()\s"]*\.(?:js|mjs|cjs|ts)|node:[^()\s"]+):\d+:\d+\)?`, 'g'),
    frames: true,
  },
  {
    kind: 'stack-trace:php',
    text: 'PHP stack trace',
    markers: ['.php(', '.php\\",', '.php",'],
    re: /#\d+ [^\s()"]{1,260}\.php\(\d+\): |"file":\s*\\?"[^"]{1,260}\.php\\?",\s*"line":\s*\d+/g,
    frames: true,
  },
  {
    kind: 'stack-trace:go',
    text: 'Go panic trace',
    markers: ['goroutine '],
    re: /\.go:\d+/g,
    frames: true,
    also: /goroutine \d+ \[[^\]\r\n]{1,40}\]:/,
  },
];

const PHP_ERROR: Family = {
  kind: 'php-error',
  text: 'PHP error with script path and line',
  markers: [' on line ', '.php:'],
  re: /(?:Fatal error|Parse error|Warning|Notice|Deprecated|Uncaught [\w\\]+)(?:<\/b>)?:\s[^\r\n]{0,500}?\sin\s(?:<b>)?[^\s<"]{1,260}\.php(?:<\/b>)?(?:\s+on\s+line\s+|:)(?:<b>)?\d+/,
};

/** Database errors by engine; the first engine that matches names it, `generic` otherwise. */
const SQL_ERRORS: readonly Family[] = [
  { kind: 'sql-error:oracle', text: 'Oracle database error', markers: ['ORA-', 'oracle.jdbc'], re: /\bORA-\d{5}:|oracle\.jdbc\.\w/ },
  {
    kind: 'sql-error:mysql',
    text: 'MySQL database error',
    markers: ['SQL syntax', 'mysql', 'MySQL', 'Unknown column'],
    re: /You have an error in your SQL syntax|com\.mysql\.(?:cj\.)?jdbc|MySQL\w*Exception|Unknown column '[^'\r\n]{1,100}' in '[^'\r\n]{1,40}'|\bmysqli?_(?:fetch_\w+|query|num_rows|connect)\(|Warning: mysql_/,
  },
  {
    kind: 'sql-error:postgresql',
    text: 'PostgreSQL database error',
    markers: ['PSQL', 'postgresql', 'psycopg2', 'at or near', 'does not exist', 'pg_'],
    re: /PSQLException|org\.postgresql\.|psycopg2\.|ERROR:\s+syntax error at or near|ERROR:\s+(?:relation|column) \\?"[^"\\]{1,80}\\?" does not exist|\bpg_(?:query|exec)\(\)/,
  },
  {
    kind: 'sql-error:sqlserver',
    text: 'SQL Server database error',
    markers: ['Unclosed quotation', 'Incorrect syntax near', 'SqlClient', 'sqlserver', 'SQL Server'],
    re: /Unclosed quotation mark after the character string|Incorrect syntax near\b|(?:System|Microsoft)\.Data\.SqlClient\.SqlException|com\.microsoft\.sqlserver\.jdbc|\[(?:Microsoft\]\[ODBC )?SQL Server(?: Driver)?\]/,
  },
  { kind: 'sql-error:db2', text: 'DB2 database error', markers: ['DB2', 'db2'], re: /DB2 SQL [Ee]rror: SQLCODE=-?\d+|com\.ibm\.db2\.jcc/ },
  { kind: 'sql-error:dameng', text: 'DM (达梦) database error', markers: ['dm.jdbc'], re: /dm\.jdbc\.driver\.DMException/ },
  { kind: 'sql-error:kingbase', text: 'KingbaseES database error', markers: ['kingbase'], re: /com\.kingbase8?\.\w/ },
  { kind: 'sql-error:gaussdb', text: 'openGauss/GaussDB database error', markers: ['gauss'], re: /org\.opengauss\.|com\.huawei\.gauss(?:db)?\./ },
  { kind: 'sql-error:sqlite', text: 'SQLite database error', markers: ['SQLite', 'sqlite', 'SQLITE'], re: /sqlite3\.(?:Operational|Integrity|Programming)Error|SQLITE_ERROR|SQLiteException|SQLite3::/ },
  {
    kind: 'sql-error:generic',
    text: 'database error',
    markers: ['SQL', 'Error querying database', 'Error updating database', 'hibernate'],
    re: /java\.sql\.SQL\w*Exception|SQLSyntaxErrorException|BadSqlGrammarException|org\.hibernate\.exception\.\w+|### Error (?:querying|updating) database|### SQL: |SQLSTATE\[\w+\]|SQLSTATE=\w+|SQL state \[\w+\]/,
  },
];

/** Debug pages: the page itself says so. `needsTrace`: only with a stack trace on it (Whitelabel and Tomcat pages are plain without one). */
const PAGES: readonly (Family & { needsTrace?: boolean })[] = [
  { kind: 'debug-page:django', text: 'Django debug page (DEBUG = True)', markers: ['DEBUG = True'], re: /seeing this error because you have <code>DEBUG = True<\/code>/ },
  { kind: 'debug-page:werkzeug', text: 'Werkzeug/Flask debugger page', markers: ['Werkzeug', '__debugger__', 'WSGI application'], re: /Werkzeug Debugger|The debugger caught an exception in your WSGI application|\?__debugger__=yes/ },
  { kind: 'debug-page:laravel', text: 'Laravel debug page (Whoops/Ignition)', markers: ['Whoops', 'whoops', 'ignition', 'Ignition', 'Illuminate'], re: /Whoops, looks like something went wrong|class="whoops-container"|Illuminate\\{1,2}(?:\w+\\{1,2})+\w*Exception|window\.ignite\(|laravel-ignition/ },
  { kind: 'debug-page:aspnet', text: 'ASP.NET error page (yellow screen)', markers: ["Server Error in '"], re: /Server Error in '[^'\r\n]{0,200}' Application/, also: /Stack Trace:|Exception Details:|Source Error:/ },
  { kind: 'debug-page:rails', text: 'Rails debug page', markers: ['Action Controller: Exception caught'], re: /Action Controller: Exception caught/ },
  { kind: 'debug-page:struts', text: 'Struts problem report', markers: ['Struts Problem Report'], re: /Struts Problem Report/ },
  { kind: 'debug-page:thinkphp', text: 'ThinkPHP debug page', markers: ['ThinkPHP', 'think\\'], re: /think\\{1,2}(?:\w+\\{1,2})*\w*Exception|ThinkPHP V?\d/, also: /Call Stack|错误位置|\.php/ },
  { kind: 'debug-page:spring-whitelabel', text: 'Spring Whitelabel error page with stack trace', markers: ['Whitelabel Error Page'], re: /Whitelabel Error Page/, needsTrace: true },
  { kind: 'debug-page:tomcat', text: 'Tomcat error report with stack trace', markers: ['Apache Tomcat'], re: /Apache Tomcat\/?[\d.]*/, also: /Exception Report|Root Cause|root cause/, needsTrace: true },
];

const EXCEPTION_NAMES: readonly Family[] = [
  { kind: 'exception-name:java', text: 'Java exception class name', markers: ['Exception', 'Error'], re: /\b(?:java|javax|jakarta|org|com|cn|net|io)\.(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b/ },
  { kind: 'exception-name:dotnet', text: '.NET exception class name', markers: ['System.'], re: /\bSystem\.(?:[A-Z]\w*\.)*[A-Z]\w*Exception\b/ },
];

function marked(s: string, fam: Family): boolean {
  for (const m of fam.markers) if (s.indexOf(m) >= 0) return true;
  return false;
}

function frames(s: string, re: RegExp, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null && n < cap) n++;
  re.lastIndex = 0;
  return n;
}

export interface LeakOptions {
  minFrames: number;
  exceptionNames: boolean;
}

/** The leaks in `s` (already cut to the scan budget), most specific first; one per kind. */
export function errorLeaks(s: string, o: LeakOptions): ErrorLeak[] {
  const out: ErrorLeak[] = [];
  let traced = false;
  for (const fam of TRACES) {
    if (!marked(s, fam)) continue;
    if (fam.also && !fam.also.test(s)) continue;
    const n = frames(s, fam.re, 10000);
    if (n >= o.minFrames) {
      out.push({ kind: fam.kind, text: fam.text, frames: n });
      traced = true;
    }
  }
  if (!traced && marked(s, PHP_ERROR) && PHP_ERROR.re.test(s)) out.push({ kind: PHP_ERROR.kind, text: PHP_ERROR.text });
  for (const fam of SQL_ERRORS) {
    if (marked(s, fam) && fam.re.test(s)) {
      out.push({ kind: fam.kind, text: fam.text });
      break;
    }
  }
  let paged = false;
  for (const fam of PAGES) {
    if ((fam.needsTrace && !traced) || !marked(s, fam) || !fam.re.test(s) || (fam.also && !fam.also.test(s))) continue;
    paged = true;
    const trace = out.find((l) => l.kind.startsWith('stack-trace:'));
    out.unshift({ kind: fam.kind, text: fam.text, ...(trace?.frames ? { frames: trace.frames } : {}) });
  }
  // the page names the leak; its trace is part of it
  if (paged) return out.filter((l) => !l.kind.startsWith('stack-trace:'));
  if (!traced && o.exceptionNames && out.length === 0) {
    for (const fam of EXCEPTION_NAMES) {
      if (marked(s, fam) && fam.re.test(s)) {
        out.push({ kind: fam.kind, text: fam.text });
        break;
      }
    }
  }
  return out;
}
