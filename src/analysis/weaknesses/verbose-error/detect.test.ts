import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { verboseError } from './detect.js';

const JAVA_TRACE =
  'java.lang.NullPointerException: null\n\tat com.bank.acct.service.AcctQueryService.query(AcctQueryService.java:88)\n\tat com.bank.acct.web.AcctController.detail(AcctController.java:41)\n\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)';
const html = (body: string): { headers: [string, string][]; body: string } => ({ headers: [['content-type', 'text/html; charset=utf-8']], body });
const text = (body: string): { headers: [string, string][]; body: string } => ({ headers: [['content-type', 'text/plain']], body });
const answer = (status: number, response: object, url = '/api/v1/acct/detail') => ex({ method: 'POST', url, request: { body: { acctNo: '6222020200112233445' } }, status, response });

describe('verbose-error', () => {
  const valid: [string, Exchange, string, RegExp?][] = [
    ['Spring Boot 500 with trace', answer(500, { body: { timestamp: '2024-05-01T08:00:00Z', status: 500, error: 'Internal Server Error', trace: JAVA_TRACE, path: '/api/v1/acct/detail' } }), 'stack-trace:java', /Java stack trace \(3 frames\) in a 500/],
    ['bank gateway 200 with the trace in msg', answer(200, { body: { code: '999999', msg: JAVA_TRACE } }), 'stack-trace:java'],
    ['Oracle error', answer(500, { body: { code: '9999', msg: 'ORA-00942: table or view does not exist' } }), 'sql-error:oracle'],
    ['MyBatis error in a 200', answer(200, { body: { retCode: 'E9999', retMsg: '\n### Error querying database.  Cause: java.sql.SQLSyntaxErrorException: ORA-00904: "ACCT_NOO": 标识符无效\n### SQL: select * from t_acct where acct_no = ?' } }), 'sql-error:oracle'],
    ['MySQL syntax error', answer(500, { body: { message: "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '' at line 1" } }), 'sql-error:mysql'],
    ['PostgreSQL PSQLException', answer(500, { body: { error: 'org.postgresql.util.PSQLException: ERROR: relation "t_card" does not exist' } }), 'sql-error:postgresql'],
    ['SQL Server unclosed quotation', answer(500, html("<h2>Unclosed quotation mark after the character string 'abc'.</h2>")), 'sql-error:sqlserver'],
    ['Django debug page', answer(500, html("<title>OperationalError at /api/v1/acct/detail</title><p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>")), 'debug-page:django'],
    ['Python traceback', answer(500, text('Traceback (most recent call last):\n  File "/srv/app/views.py", line 42, in detail\n    acct = Acct.objects.get(no=no)\nKeyError: \'no\'')), 'stack-trace:python', /Python traceback \(1 frame\)/],
    ['ASP.NET yellow screen', answer(500, html("<title>Runtime Error</title><h1>Server Error in '/' Application.</h1><b> Exception Details: </b>System.NullReferenceException: Object reference not set.<br><b>Stack Trace:</b><pre>   at Bank.Web.AcctController.Detail(String no) in D:\\build\\Bank.Web\\AcctController.cs:line 42\n   at System.Web.Mvc.ActionMethodDispatcher.Execute(ControllerBase controller, Object[] parameters)</pre>")), 'debug-page:aspnet'],
    ['Node stack trace', answer(500, text("TypeError: Cannot read properties of undefined (reading 'no')\n    at detail (/app/src/routes/acct.js:31:18)\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)")), 'stack-trace:node', /3 frames/],
    ['PHP warning in a 200 page', answer(200, html('<br />\n<b>Warning</b>:  mysqli_fetch_array() expects parameter 1 to be mysqli_result in <b>/var/www/html/acct.php</b> on line <b>27</b><br />')), 'php-error'],
    ['Go panic', answer(500, text('panic: runtime error: invalid memory address or nil pointer dereference\n\ngoroutine 42 [running]:\nmain.detail(...)\n\t/src/acct/main.go:88 +0x1d\n')), 'stack-trace:go'],
    ['Laravel debug JSON', answer(500, { body: { message: 'SQLSTATE[42S22]: Column not found', exception: 'Illuminate\\Database\\QueryException', file: '/var/www/vendor/laravel/framework/src/Illuminate/Database/Connection.php', line: 712, trace: [{ file: '/var/www/app/Http/Controllers/AcctController.php', line: 30 }] } }), 'debug-page:laravel'],
    ['Werkzeug debugger', answer(500, html('<title>KeyError // Werkzeug Debugger</title><div class="debugger">')), 'debug-page:werkzeug'],
    ['Spring Whitelabel page with trace', answer(500, html(`<h1>Whitelabel Error Page</h1><div>There was an unexpected error (type=Internal Server Error, status=500).</div><div>${JAVA_TRACE}</div>`)), 'debug-page:spring-whitelabel'],
    ['exception class in a 400', answer(400, { body: { status: 400, error: 'Bad Request', exception: 'org.springframework.http.converter.HttpMessageNotReadableException', message: 'JSON parse error' } }), 'exception-name:java'],
  ];
  for (const [name, exchange, kind, detail] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(verboseError, [exchange]);
      expect(where(f)).toContain(`POST /api/v1/acct/detail ${kind}`);
      // a trace under a debug page is the page's; one kind of trace per response
      expect(where(f).filter((w) => w.includes('stack-trace:')).length).toBeLessThanOrEqual(1);
      const mine = f.find((x) => x.location === kind)!;
      expect(mine.ruleId).toBe('GL-W-0012');
      if (detail) expect(mine.detail).toMatch(detail);
      // never the body: no class, table, file or account text in any detail
      for (const x of f) expect(x.detail).not.toMatch(/AcctQueryService|NullPointer|t_acct|t_card|ACCT_NOO|views\.py|acct\.php|6222/);
    });
  }

  const invalid: [string, Exchange][] = [
    ['generic 500 message', answer(500, { body: { code: '999999', msg: '系统繁忙，请稍后再试' } })],
    ['401 refusal', answer(401, { body: { code: 'E0401', msg: '登录已过期，请重新登录' } })],
    ['404 HTML page', answer(404, html('<html><body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>'))],
    ['Spring Whitelabel without trace', answer(500, html('<h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error.</p><div>There was an unexpected error (type=Internal Server Error, status=500).</div>'))],
    ['Tomcat page without trace', answer(500, html('<h1>HTTP Status 500 – Internal Server Error</h1><h3>Apache Tomcat/9.0.83</h3>'))],
    ['business data that mentions exceptions', answer(200, { body: { code: '000000', data: { exceptionFlag: 'N', memo: 'Exception handling fee waived', orderNo: 'ORA-20240501' } } })],
    ['Java package name that is not an exception', answer(400, { body: { code: 'E1001', msg: 'client com.bank.mobile.app version too old' } })],
    ['JavaScript asset with a stack-trace sample', ex({ url: '/static/js/app.8f3a.js', response: { headers: [['content-type', 'application/javascript']], body: 'console.log("Exception at Object.<anonymous> (/app/x.js:1:2) at com.x.Y.z(Y.java:1)")' } })],
    ['log file downloaded as an attachment', ex({ url: '/api/ops/log/download', response: { headers: [['content-type', 'text/plain'], ['content-disposition', 'attachment; filename="app.log"']], body: JAVA_TRACE } })],
    ['large success body is data, not an error page', ex({ url: '/api/v1/list', response: { body: { code: '0', data: 'x'.repeat(300 * 1024) + JAVA_TRACE } } })],
    ['no response', ex({ url: '/api/v1/acct/detail', response: null })],
  ];
  for (const [name, exchange] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(verboseError, [exchange])).toEqual([]);
    });
  }

  it('one finding per endpoint and kind, counting every leaking response', () => {
    const f = findings(verboseError, [1, 2, 3, 4].map(() => answer(500, { body: { trace: JAVA_TRACE } })));
    expect(where(f)).toEqual(['POST /api/v1/acct/detail stack-trace:java']);
    expect(f[0]!.count).toBe(4);
    expect(f[0]!.evidence).toHaveLength(3);
    expect(f[0]!.data).toMatchObject({ kind: 'stack-trace:java', status: 500, frames: 3 });
  });
  it('minFrames raises the bar for a trace; exceptionNames: false drops class names', () => {
    expect(where(findings(verboseError, [answer(500, { body: { trace: JAVA_TRACE } })], { minFrames: 5, exceptionNames: false }))).toEqual([]);
    expect(where(findings(verboseError, [answer(500, { body: { trace: JAVA_TRACE } })], { minFrames: 5 }))).toEqual(['POST /api/v1/acct/detail exception-name:java']);
  });
});
