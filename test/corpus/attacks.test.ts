/**
 * Acceptance of the web-attack detection library (src/analysis/risks/attacks) against the shared
 * attack corpus (../shared/corpus/attacks, see its SOURCES.md): OWASP CRS regression cases,
 * libinjection's SQLi tests and data, GoTestWAF test cases and the mgm WAF payload collection.
 * Detection rate per class and false-positive rate per benign set go to test-results/attacks.txt
 * (one summary line per set on the console). Goals: on CRS cases whose expected rule is a
 * paranoia-level-1 rule of the LFI/RCE/XSS/SQLi groups (930/932/941/942), detection ≥ 90% (the
 * floors asserted are just below the measured values, see the report); false positives ≤ 1% on the
 * benign sets. The cost per benign request is printed too.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { detectAttacks, type AttackClass, type AttackRequest } from '../../src/analysis/risks/attacks/index.js';
import { corpusPath, haveCorpus, REPO_ROOT } from '../helpers/corpus.js';

const A = (...p: string[]): string => corpusPath('attacks', ...p);
const report: string[] = [];
const say = (line: string): void => {
  report.push(line);
};
const summary = (line: string): void => {
  report.push(line);
  console.log(line);
};
const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');

function req(method: string, url: string, headers: [string, string][] = [], body?: string): AttackRequest {
  return { method, url, headers, body };
}
const classes = (r: AttackRequest): Set<AttackClass> => new Set(detectAttacks(r).map((h) => h.class));

// ---------- CRS ----------
interface CrsRow {
  file: string;
  category: string;
  rule_id: number;
  test_id: number;
  desc: string | null;
  method: string | null;
  uri: string | null;
  headers: Record<string, string> | null;
  data: string | null;
  encoded_request: string | null;
  expect_ids: number[] | null;
  no_expect_ids: number[] | null;
}
const CRS_CLASS: Record<string, AttackClass> = {
  '913': 'scanner', '930': 'path-traversal', '931': 'ssrf', '932': 'command-injection', '933': 'command-injection',
  '934': 'ssrf', '941': 'xss', '942': 'sqli', '944': 'expression-injection',
};
const CORE = new Set(['930', '932', '941', '942']);

/**
 * CRS stages that have only `no_expect_ids` and a "negative" description but send a real attack:
 * they test that one rule stays quiet because a sibling rule (or another paranoia level) owns the
 * payload. They are not benign traffic, so they are left out of the benign false-positive rate and
 * listed in the report instead.
 */
/**
 * The reverse: stages that expect a rule to fire but that the CRS authors themselves describe as a
 * false positive CRS accepts (a signature or token that happens to contain `onabcd=`, prose with
 * `import (`). They are not attacks; they are left out of the detection rate, and whether Guanlan
 * flags them is reported (staying quiet is the better answer).
 */
const CRS_ACCEPTED_FALSE_POSITIVES: Record<string, string> = {
  '941120-10': 'Stripe-Signature header whose hex happens to contain `onabcd=`',
  '941120-12': 'JWT in Authorization whose base64 happens to contain `onload=`',
  '941120-13': 'X-Square-Signature whose hex happens to contain `onabcde=`',
  '941390-10': 'prose: "if you’re willing to import (and perhaps wait around…"',
};

const CRS_NEGATIVE_ATTACKS: Record<string, string> = {
  '932207-3': 'Referer carrying `;/bin/ca? /et*/passwd` (the rule skips Referer by design)',
  '932230-18': 'SSI `<!--#exec cmd="/bin/cat /etc/shadow"-->` (html-entity concatenation test)',
  '932230-19': 'SSI `<!--#exec cmd="/bin/cat /etc/shadow"-->` (html-entity concatenation test)',
  '932230-20': '`\\ncat /etc/passwd;` (html-entity concatenation test)',
  '932230-21': '`\\ncat /etc/passwd;` (html-entity concatenation test)',
  '932230-23': 'Shellshock `() { :;}; /bin/bash -c "ftp http://…"`',
  '932236-9': '`;vi -c:\\!pwd`, caught by CRS at another paranoia level',
  '932250-1': '`tar -xzf /var/www/exfiltrate.tar.gz /etc` (tar excluded from that rule only)',
  '941310-8': '`мscriptмalert(¢XSS¢)` with `alert(`: CRS 941390 (PL1) fires on it too',
  '941310-9': '`мscriptмalert(¢XSS¢)` with `alert(`: CRS 941390 (PL1) fires on it too',
  '942160-12': '`BENCHMARK(2999/**/999,MD5(` in the path (malformed, still a time-based probe)',
  '942360-30': "`'||(select(pg_sleep(15))where(true))||'`, sqlmap payload (GH 1816)",
  '942360-31': "`UNION ALL SELECT NULL,NULL,CONCAT(…)-- sqCV`, sqlmap payload (GH 1816)",
};

function crsRequest(r: CrsRow): AttackRequest {
  if (r.encoded_request) {
    const raw = Buffer.from(r.encoded_request, 'base64').toString('latin1');
    const cut = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
    const head = (cut < 0 ? raw : raw.slice(0, cut)).split(/\r?\n/);
    const body = cut < 0 ? undefined : raw.slice(cut + (raw[cut] === '\r' ? 4 : 2));
    const [method, url] = head[0].split(' ');
    const headers = head.slice(1).map((l): [string, string] => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
    return req(method ?? 'GET', url ?? '/', headers, body || undefined);
  }
  const headers = Object.entries(r.headers ?? {}).map(([k, v]): [string, string] => [k.toLowerCase(), String(v)]);
  // go-ftw sends data as a form unless the test names another type
  if (r.data && !headers.some((h) => h[0] === 'content-type')) headers.push(['content-type', 'application/x-www-form-urlencoded']);
  return req(r.method ?? 'GET', r.uri ?? '/', headers, r.data ?? undefined);
}

// ---------- GoTestWAF ----------
interface GtwCase {
  payload: string[];
  encoder: string[];
  placeholder: (string | Record<string, Record<string, unknown>>)[];
  type: string;
}
const GTW_CLASS: Record<string, AttackClass | undefined> = {
  'sql-injection': 'sqli', 'xss-scripting': 'xss', 'path-traversal': 'path-traversal', 'rce-urlparam': 'command-injection',
  'rce-urlpath': 'command-injection', rce: 'command-injection', 'shell-injection': 'command-injection',
  'sst-injection': 'expression-injection', 'xml-injection': 'xxe', 'community-sqli': 'sqli', 'community-xss': 'xss',
  'community-lfi': 'path-traversal', 'community-lfi-multipart': 'path-traversal', 'community-rce': 'command-injection',
  'community-rce-rawrequests': 'command-injection', 'community-xxe': 'xxe', 'community-user-agent': 'scanner',
};
const GTW_OUT_OF_SCOPE = new Set(['crlf', 'ldap-injection', 'mail-injection', 'nosql-injection', 'ss-include', 'graphql', 'graphql-post']);

function encode(enc: string, p: string): string {
  if (enc === 'URL') return encodeURIComponent(p);
  if (enc === 'Base64Flat' || enc === 'Base64') return Buffer.from(p).toString('base64').replace(/=+$/, enc === 'Base64Flat' ? '' : '$&');
  return p;
}
const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function gtwRequests(c: GtwCase, payload: string): AttackRequest[] {
  const out: AttackRequest[] = [];
  for (const enc of c.encoder ?? ['Plain']) {
    const v = encode(enc, payload);
    const inUrl = enc === 'URL' ? v : encodeURIComponent(v);
    for (const ph of c.placeholder) {
      const name = typeof ph === 'string' ? ph : Object.keys(ph)[0];
      const conf = typeof ph === 'string' ? {} : (ph[name] ?? {});
      switch (name) {
        case 'URLParam': out.push(req('GET', `/search?p=${inUrl}`)); break;
        case 'URLPath': out.push(req('GET', `/api/${inUrl}`)); break;
        case 'Header': out.push(req('GET', '/', [['x-custom', v.replace(/[\r\n]/g, ' ')]])); break;
        case 'UserAgent': out.push(req('GET', '/', [['user-agent', v.replace(/[\r\n]/g, ' ')]])); break;
        case 'HTMLForm': out.push(req('POST', '/', [['content-type', 'application/x-www-form-urlencoded']], `p=${encodeURIComponent(v)}`)); break;
        case 'HTMLMultipartForm':
          out.push(req('POST', '/', [['content-type', 'multipart/form-data; boundary=XyZ']], `--XyZ\r\nContent-Disposition: form-data; name="p"\r\n\r\n${v}\r\n--XyZ--\r\n`));
          break;
        case 'JSONRequest': case 'JSONBody': case 'gRPC':
          out.push(req('POST', '/', [['content-type', 'application/json']], JSON.stringify({ p: v }))); break;
        case 'SOAPBody':
          out.push(req('POST', '/', [['content-type', 'text/xml']], `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns:p xmlns:ns="urn:x">${xmlEsc(v)}</ns:p></soap:Body></soap:Envelope>`));
          break;
        case 'XMLBody': out.push(req('POST', '/', [['content-type', 'application/xml']], v)); break;
        case 'GraphQL': {
          const m = String((conf as Record<string, unknown>).method ?? 'GET');
          if (m === 'GET') out.push(req('GET', `/graphql?query=${inUrl}`));
          else out.push(req('POST', '/graphql', [['content-type', 'application/json']], v));
          break;
        }
        case 'RawRequest': {
          const rc = conf as { method?: string; path?: string; headers?: Record<string, string>; body?: string };
          const fill = (s: string): string => s.split('{{payload}}').join(v);
          const headers = Object.entries(rc.headers ?? {}).map(([k, x]): [string, string] => [k.toLowerCase(), fill(String(x))]);
          let body = rc.body !== undefined ? fill(rc.body) : undefined;
          if (body && /multipart/i.test(headers.find((h) => h[0] === 'content-type')?.[1] ?? '')) body = body.replace(/\r?\n/g, '\r\n');
          out.push(req(rc.method ?? 'GET', fill(rc.path ?? '/'), headers, body));
          break;
        }
        default: out.push(req('GET', `/search?p=${inUrl}`));
      }
    }
  }
  return out;
}

/** Benign requests of all sets, replayed at the end to measure the cost per request. */
const benignReqs: AttackRequest[] = [];

const lines = (file: string): string[] =>
  readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() && !l.startsWith('#'));

describe.skipIf(!haveCorpus)('web attacks (../shared/corpus/attacks)', () => {
  const results: Record<string, number> = {};

  it('CRS regression cases', () => {
    const meta = JSON.parse(readFileSync(A('crs-regression', 'crs-rule-metadata.json'), 'utf8')).rules as Record<string, { paranoia_level: number | null }>;
    const rows = readFileSync(A('crs-regression', 'crs-tests.flat.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CrsRow);
    const pos: Record<string, { n: number; hit: number; any: number; pl1n: number; pl1hit: number; pl1any: number }> = {};
    const neg: Record<string, { n: number; fp: number }> = {};
    // no_expect_ids stages are negatives for one rule only; many are attacks meant for a sibling rule.
    // The benign subset: stages the CRS authors describe as negatives / false positives.
    const BENIGN_DESC = /negative|false[ -]?positive|\bFP\b|should not|shouldn't|must not|not (?:be )?(?:detected|match|trigger|block)|benign|legit|normal/i;
    const benign = { n: 0, fp: 0 };
    const misses: string[] = [];
    const fps: string[] = [];
    const acceptedFp: string[] = [];
    let coreN = 0;
    let coreHit = 0;
    for (const r of rows) {
      const group = String(r.rule_id).slice(0, 3);
      const cls = CRS_CLASS[group];
      if (!cls) continue;
      const expect = (r.expect_ids ?? []).filter((id) => String(id).slice(0, 3) === group);
      const rq = crsRequest(r);
      const got = classes(rq);
      if (expect.length && CRS_ACCEPTED_FALSE_POSITIVES[`${r.rule_id}-${r.test_id}`]) {
        acceptedFp.push(`  ${r.rule_id}-${r.test_id}: ${CRS_ACCEPTED_FALSE_POSITIVES[`${r.rule_id}-${r.test_id}`]}: ${got.size ? 'flagged ' + [...got].join(',') : 'not flagged'}`);
      } else if (expect.length) {
        const p = (pos[group] ??= { n: 0, hit: 0, any: 0, pl1n: 0, pl1hit: 0, pl1any: 0 });
        const pl1 = expect.some((id) => meta[String(id)]?.paranoia_level === 1);
        const hit = got.has(cls);
        p.n++;
        if (hit) p.hit++;
        if (got.size) p.any++;
        if (pl1) {
          p.pl1n++;
          if (hit) p.pl1hit++;
          if (got.size) p.pl1any++;
          if (CORE.has(group)) {
            coreN++;
            if (hit) coreHit++;
            else misses.push(`  miss ${r.rule_id}-${r.test_id}: ${(rq.url ?? '').slice(0, 120)} ${(rq.body ?? '').slice(0, 120).replace(/\n/g, '\\n')}`);
          }
        }
      } else if ((r.no_expect_ids ?? []).length && !(r.expect_ids ?? []).length) {
        const ng = (neg[group] ??= { n: 0, fp: 0 });
        ng.n++;
        const id = `${r.rule_id}-${r.test_id}`;
        const isBenign = CORE.has(group) && BENIGN_DESC.test(r.desc ?? '') && !CRS_NEGATIVE_ATTACKS[id];
        if (isBenign) benignReqs.push(rq);
        if (isBenign) benign.n++;
        if (got.has(cls)) {
          ng.fp++;
          if (isBenign) benign.fp++;
          if (CORE.has(group)) fps.push(`  fp${isBenign ? ' BENIGN' : ''} ${r.rule_id}-${r.test_id} [${[...got].join(',')}] ${(r.desc ?? '').slice(0, 60)}: ${(rq.url ?? '').slice(0, 100)} ${(rq.body ?? '').slice(0, 100)}`);
        }
      }
    }
    say('== CRS regression: positives (class match; any class; PL1 only) ==');
    for (const [g, p] of Object.entries(pos).sort())
      say(`  ${g} ${CRS_CLASS[g]}: all ${p.hit}/${p.n} ${pct(p.hit, p.n)} (any class ${pct(p.any, p.n)}); PL1 ${p.pl1hit}/${p.pl1n} ${pct(p.pl1hit, p.pl1n)} (any ${pct(p.pl1any, p.pl1n)})`);
    say('== CRS regression: no_expect_ids negatives (hit of the group class) ==');
    for (const [g, n] of Object.entries(neg).sort()) say(`  ${g} ${CRS_CLASS[g]}: ${n.fp}/${n.n} ${pct(n.fp, n.n)}`);
    const coreNeg = [...CORE].reduce((a, g) => ({ n: a.n + (neg[g]?.n ?? 0), fp: a.fp + (neg[g]?.fp ?? 0) }), { n: 0, fp: 0 });
    summary(`CRS PL1 930/932/941/942 detection: ${coreHit}/${coreN} = ${pct(coreHit, coreN)}; ` + [...CORE].map((g) => `${g} ${pct(pos[g]?.pl1hit ?? 0, pos[g]?.pl1n ?? 0)}`).join(', '));
    summary(`CRS no_expect negatives 930/932/941/942 (all, incl. attacks aimed at sibling rules) flagged: ${coreNeg.fp}/${coreNeg.n} = ${pct(coreNeg.fp, coreNeg.n)}`);
    summary(`CRS no_expect negatives 930/932/941/942 described as benign/negative (less ${Object.keys(CRS_NEGATIVE_ATTACKS).length} attacks owned by sibling rules): false positives ${benign.fp}/${benign.n} = ${pct(benign.fp, benign.n)}`);
    say('-- CRS negative stages that are attacks (excluded from the benign rate; flagged?) --');
    for (const [id, why] of Object.entries(CRS_NEGATIVE_ATTACKS)) say(`  ${id}: ${why}`);
    say(`-- CRS positive stages its authors call false positives (left out of the detection rate) --`);
    report.push(...acceptedFp);
    say('-- CRS PL1 core misses --');
    report.push(...misses);
    say('-- CRS core false positives --');
    report.push(...fps);
    results.crsCore = coreHit / coreN;
    for (const g of CORE) results[`crs${g}`] = (pos[g]?.pl1hit ?? 0) / (pos[g]?.pl1n || 1);
    results.crsNegFp = benign.fp / benign.n;
  });

  it('libinjection SQLi tests, data files and false positives', () => {
    const dir = A('libinjection', 'tests-sqli');
    let pn = 0, ph = 0, nn = 0, nf = 0;
    for (const f of readdirSync(dir)) {
      const t = readFileSync(path.join(dir, f), 'utf8');
      const input = /--INPUT--\n([\s\S]*?)\n--EXPECTED--/.exec(t)?.[1] ?? '';
      const expected = (/--EXPECTED--\n([\s\S]*)$/.exec(t)?.[1] ?? '').trim();
      const got = classes(req('GET', `/?q=${encodeURIComponent(input)}`)).has('sqli');
      if (expected) { pn++; if (got) ph++; } else { nn++; if (got) nf++; }
    }
    summary(`libinjection tests-sqli: fingerprint positives ${ph}/${pn} = ${pct(ph, pn)}; negatives flagged ${nf}/${nn}`);
    const files = readdirSync(A('libinjection', 'data'));
    for (const kind of ['sqli', 'xss'] as const) {
      let n = 0, h = 0;
      const perFile: string[] = [];
      for (const f of files.filter((x) => x.startsWith(kind + '-'))) {
        let fn = 0, fh = 0;
        for (const l of lines(A('libinjection', 'data', f))) {
          fn++;
          if (classes(req('GET', `/?q=${l.replace(/ /g, '%20').replace(/#/g, '%23')}`)).has(kind)) fh++;
        }
        n += fn; h += fh;
        perFile.push(`  ${f}: ${fh}/${fn} ${pct(fh, fn)}`);
      }
      summary(`libinjection data ${kind}: ${h}/${n} = ${pct(h, n)}`);
      report.push(...perFile);
    }
    let fn = 0, ff = 0;
    const fpl: string[] = [];
    for (const l of lines(A('libinjection', 'data', 'false_positives.txt'))) {
      fn++;
      benignReqs.push(req('GET', `/?q=${encodeURIComponent(l)}`));
      const hits = detectAttacks(req('GET', `/?q=${encodeURIComponent(l)}`));
      if (hits.length) { ff++; fpl.push(`  fp [${hits.map((x) => `${x.class}:${x.reason}`).join(', ')}] ${l}`); }
    }
    summary(`libinjection false_positives.txt: ${ff}/${fn} = ${pct(ff, fn)} false positives`);
    report.push(...fpl);
    results.liFp = ff / fn;
  });

  it('GoTestWAF test cases and false-pos set', () => {
    const dir = A('gotestwaf');
    const per: Record<string, { n: number; hit: number }> = {};
    const misses: string[] = [];
    let negN = 0, negF = 0;
    const fpl: string[] = [];
    for (const sub of readdirSync(dir)) {
      for (const f of readdirSync(path.join(dir, sub)).filter((x) => x.endsWith('.yml'))) {
        const name = f.replace(/\.yml$/, '');
        const c = parseYaml(readFileSync(path.join(dir, sub, f), 'utf8').replace(/\\'/g, "'")) as GtwCase;
        const cls = GTW_CLASS[name];
        for (const p of c.payload ?? []) {
          for (const r of gtwRequests(c, String(p))) {
            const hits = detectAttacks(r);
            if (sub === 'false-pos') {
              negN++;
              benignReqs.push(r);
              if (hits.length) { negF++; fpl.push(`  fp [${hits.map((x) => `${x.class}:${x.reason}@${x.location}`).join(', ')}] ${p}`); }
              continue;
            }
            const key = GTW_OUT_OF_SCOPE.has(name) ? `out-of-scope:${name}` : cls ?? `mixed:${name}`;
            const e = (per[key] ??= { n: 0, hit: 0 });
            e.n++;
            const ok = cls && !GTW_OUT_OF_SCOPE.has(name) ? hits.some((h) => h.class === cls) : hits.length > 0;
            if (ok) e.hit++;
            else if (misses.length < 400) misses.push(`  miss ${name}: ${r.method} ${r.url.slice(0, 100)} ${(r.headers.map((h) => h.join(': ')).join(' | ')).slice(0, 80)} ${(r.body ?? '').slice(0, 100).replace(/\n/g, '\\n')}`);
          }
        }
      }
    }
    say('== GoTestWAF true positives per class (payload × encoder × placement) ==');
    for (const [k, v] of Object.entries(per).sort()) summary(`GoTestWAF ${k}: ${v.hit}/${v.n} = ${pct(v.hit, v.n)}`);
    summary(`GoTestWAF false-pos: ${negF}/${negN} = ${pct(negF, negN)} false positives`);
    report.push(...fpl, '-- GoTestWAF misses --', ...misses);
    results.gtwFp = negF / negN;
  });

  it('mgm WAF payload collection', () => {
    const map: Record<string, AttackClass> = {
      sqli: 'sqli', xss: 'xss', traversal: 'path-traversal', cmdexe: 'command-injection', xxe: 'xxe', log4shell: 'expression-injection', shellshock: 'command-injection',
    };
    const fpl: string[] = [];
    let tn = 0, tf = 0;
    for (const [d, cls] of Object.entries(map)) {
      let n = 0, h = 0;
      for (const l of lines(A('mgm-waf-payload-collection', d, 'true-positives.txt'))) {
        n++;
        if (classes(req('GET', `/?tp_param=${encodeURIComponent(l)}`)).has(cls)) h++;
      }
      let fn = 0, ff = 0;
      for (const l of lines(A('mgm-waf-payload-collection', d, 'false-positives.txt'))) {
        fn++;
        benignReqs.push(req('GET', `/?tp_param=${encodeURIComponent(l)}`));
        const hits = detectAttacks(req('GET', `/?tp_param=${encodeURIComponent(l)}`));
        if (hits.length) { ff++; fpl.push(`  fp ${d} [${hits.map((x) => `${x.class}:${x.reason}`).join(', ')}] ${l}`); }
      }
      tn += fn; tf += ff;
      summary(`mgm ${d}: detection ${h}/${n} = ${pct(h, n)}; false positives ${ff}/${fn}`);
    }
    summary(`mgm false-positive sets (all classes): ${tf}/${tn} = ${pct(tf, tn)}`);
    report.push(...fpl);
    results.mgmFp = tf / tn;
  });

  it('costs a few microseconds per benign request', () => {
    const rounds = 20;
    for (const r of benignReqs) detectAttacks(r); // warm-up
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < rounds; k++) for (const r of benignReqs) detectAttacks(r);
    const us = Number(process.hrtime.bigint() - t0) / 1000 / (rounds * benignReqs.length);
    summary(`cost: ${us.toFixed(2)} µs per benign request (${benignReqs.length} requests × ${rounds})`);
  });

  it('writes the report and meets the goals', () => {
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, 'test-results', 'attacks.txt'), report.join('\n') + '\n');
    // Goal: CRS PL1's own detection on these classes; measured 99.0% (930 100%, 932 99.7%, 941 100%,
    // 942 97.5%) of the stages that are attacks (the 4 stages CRS's authors call false positives are
    // reported apart). The 9 misses left are in the report: `ls foo bar`, 942190's fragments (`"!"`,
    // `'select H`), `Xunionselectfrom` without word boundaries, `encode=(`, `div (23.23 , 2)`.
    expect(results.crsCore).toBeGreaterThanOrEqual(0.98);
    expect(results.crs930).toBeGreaterThanOrEqual(0.99);
    expect(results.crs932).toBeGreaterThanOrEqual(0.99);
    expect(results.crs941).toBeGreaterThanOrEqual(0.99);
    expect(results.crs942).toBeGreaterThanOrEqual(0.97);
    // Goal 1% on every benign set; measured 0 on each (CRS negatives less the attacks listed in
    // CRS_NEGATIVE_ATTACKS, libinjection false_positives.txt, GoTestWAF false-pos, mgm false-positives).
    expect(results.crsNegFp).toBeLessThanOrEqual(0.005);
    expect(results.liFp).toBeLessThanOrEqual(0.005);
    expect(results.gtwFp).toBeLessThanOrEqual(0.01);
    expect(results.mgmFp).toBeLessThanOrEqual(0.01);
  });
});
