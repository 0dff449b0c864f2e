// Memory of the risk stage with many distinct clients (issue 5: "memory stays bounded with 1M
// distinct client IPs"): N exchanges, each from a new client address (logins that fail and that
// succeed, account and object reads, SMS sends, page fetches), through the catalog, identity
// (every successful login issues a new token: its sessions fill up) and every risk detector with
// the default geo settings (the offline database, its cache of addresses), in this process.
// Prints heap and RSS as it goes; the figure that matters is that they level off once the key
// caps are reached instead of growing with N, and the rate stays.
//
//   node bench/risk-memory.mjs [N=1000000]
import { Catalog } from '../dist/analysis/endpoints/catalog/catalog.js';
import { GeoConfigSchema, geoLocatorFrom } from '../dist/analysis/geo/config.js';
import { IdentityResolver } from '../dist/analysis/identity/identity.js';
import { RiskEngine } from '../dist/analysis/risks/engine.js';
import { RISK_DETECTORS } from '../dist/analysis/risks/registry.js';

const n = Number(process.argv[2] ?? 1_000_000);
const t0 = Date.UTC(2024, 5, 3, 0, 0, 0);
const ipOf = (i) => `${10 + ((i >>> 16) & 0x7f)}.${(i >>> 8) & 0xff}.${i & 0xff}.${1 + (i % 250)}`.replace(/^10\./, '11.');
const kinds = [
  (i) => ({ method: 'POST', url: '/api/v1/auth/login', body: JSON.stringify({ loginName: `138${String(i).padStart(8, '0')}`, password: 'x' }), res: JSON.stringify({ code: 'E1001', msg: '用户名或密码错误' }), status: 200 }),
  (i) => ({ method: 'POST', url: '/api/v1/auth/login', body: JSON.stringify({ loginName: `137${String(i).padStart(8, '0')}`, password: 'x' }), res: JSON.stringify({ code: '0000', msg: '登录成功', data: { token: `tok-${i.toString(36)}-${((i * 2654435761) >>> 0).toString(36)}` } }), status: 200 }),
  (i) => ({ method: 'GET', url: `/api/v1/users/${100000 + i}`, res: JSON.stringify({ code: '0000', data: { userId: 100000 + i, nickname: 'n' } }), status: 200 }),
  (i) => ({ method: 'POST', url: '/api/v1/sms/send', body: JSON.stringify({ mobile: `139${String(i).padStart(8, '0')}`, bizType: 'LOGIN' }), res: JSON.stringify({ code: '0000' }), status: 200 }),
  (i) => ({ method: 'GET', url: `/api/v1/accounts/622202${String(i).padStart(10, '0')}/transactions?pageNo=${1 + (i % 50)}&pageSize=20`, res: JSON.stringify({ code: '0000', data: { list: [] } }), status: 200 }),
  (i) => ({ method: 'GET', url: `/ebank/products/p${i % 40}.html`, res: '<html><body>product</body></html>', status: 200, html: true }),
];

function exchange(i) {
  const k = kinds[i % kinds.length](i);
  const json = { 'content-type': 'application/json' };
  return {
    v: 1,
    id: `m${i}`,
    ts: new Date(t0 + i * 20).toISOString(),
    client: { ip: ipOf(i), port: 40000 + (i % 20000) },
    server: { ip: '10.20.1.11', port: 80 },
    request: { method: k.method, url: k.url, httpVersion: '1.1', headers: [['host', 'mapi.bank.example.cn'], ['user-agent', `okhttp/4.${i % 10}`], ...(k.body ? [['content-type', 'application/json']] : [])], ...(k.body ? { body: k.body, bodyEncoding: 'utf8' } : {}) },
    response: { status: k.status, httpVersion: '1.1', headers: [['content-type', k.html ? 'text/html' : json['content-type']]], body: k.res, bodyEncoding: 'utf8' },
    source: 'bench:risk-memory',
  };
}

const catalog = new Catalog();
const engine = new RiskEngine(RISK_DETECTORS, new IdentityResolver(), { geo: geoLocatorFrom(GeoConfigSchema.parse({})) });
const mb = (b) => (b / 1048576).toFixed(0);
let peakRss = 0;
const started = process.hrtime.bigint();
console.log(`risk stage memory: ${n.toLocaleString('en')} exchanges, each from a new client address, ${RISK_DETECTORS.length} detectors`);
for (let i = 0; i < n; i++) {
  const ex = exchange(i);
  engine.observe(ex, catalog.observe(ex), undefined);
  if ((i + 1) % 50_000 === 0) engine.drain();
  if ((i + 1) % 200_000 === 0 || i + 1 === n) {
    globalThis.gc?.();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    console.log(`  ${(i + 1).toLocaleString("en").padStart(9)} clients: heap ${mb(m.heapUsed)} MB, array buffers ${mb(m.arrayBuffers)} MB, rss ${mb(m.rss)} MB`);
  }
}
const secs = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`  ${(n / secs).toFixed(0)} exchanges/s; peak RSS ${mb(peakRss)} MB (run with --expose-gc for heap after collection)`);
