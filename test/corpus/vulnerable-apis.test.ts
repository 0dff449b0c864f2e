/**
 * Acceptance (weaknesses): on the known-vulnerable APIs of corpus/openapi, OWASP crAPI and VAmPI,
 * traffic of benign users plus the documented flaws exercised (test/helpers/vulnerable-traffic.ts)
 * yields the corresponding weakness findings, and none on the well-behaved operations.
 *
 * Three tables say what is meant:
 *   EXPECTED     a flaw a §4.2 weakness covers: the rule and the operation (spec template) it must
 *                be found on. `knownMiss` rows are what a detector misses today, with why: they
 *                run as `it.fails`, so they turn red once the detector finds them (drop the flag).
 *                Rows whose detector is still a stub (detect.ts says STUB) are `it.todo`.
 *   NOT_COVERED  documented flaws that are no weakness of §4.2: behaviour (brute force, injection
 *                attempts, BOLA attempts on unguessable ids) is risk detection's (§4.3), the rest is
 *                out of scope, each with its reason.
 *   WELL_BEHAVED operations on which nothing at all may be found (a few findings about something
 *                else that merely passes through them are named in PASSING_THROUGH).
 *
 * Detection runs twice per API: without specs, and with the API's spec given to the detectors
 * (DetectorContext.specs, as `analyze --spec` does) for zombie-api and shadow-api. A found/missed
 * report per API goes to test-results/vulnerable-apis.txt (git-ignored); the console gets a line per API.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpecMatcher } from '../../src/analysis/endpoints/openapi/match.js';
import { analyzeWeaknesses, type FoundWeakness } from '../../src/analysis/weaknesses/run.js';
import { haveCorpus, REPO_ROOT } from '../helpers/corpus.js';
import { crapiTraffic, vampiTraffic, type VulnerableTraffic } from '../helpers/vulnerable-traffic.js';
import { shownFinding } from '../helpers/weakness-cases.js';

type Api = 'crAPI' | 'VAmPI';
type Run = 'no-spec' | 'spec';

interface Expected {
  api: Api;
  flaw: string;
  rule: string;
  /** `METHOD /spec/template`: the documented operation the finding must be on */
  endpoint: string;
  /** the finding's location starts with this */
  location?: string;
  /** the runs it must be found in (default both) */
  runs?: Run[];
  /** the detector misses it today, and why (runs as it.fails) */
  knownMiss?: string;
}

export const EXPECTED: Expected[] = [
  // ------------------------------------------------------------------ crAPI (challenges 1–15)
  { api: 'crAPI', flaw: 'C14 unauthenticated access: order details answer without a token (owner email, card expiry)', rule: 'unauthenticated-sensitive-access', endpoint: 'GET /workshop/api/shop/orders/{order_id}' },
  { api: 'crAPI', flaw: 'C14 / BOLA: sequential order ids read without a token', rule: 'enumerable-id', endpoint: 'GET /workshop/api/shop/orders/{order_id}' },
  {
    api: 'crAPI', flaw: 'C2 BOLA: mechanic reports of other users by sequential report_id', rule: 'enumerable-id', endpoint: 'GET /workshop/api/mechanic/mechanic_report',
  },
  {
    api: 'crAPI', flaw: 'C4 excessive data exposure: posts/recent names every author\'s email and vehicle id', rule: 'unmasked-sensitive-data', endpoint: 'GET /community/api/v2/community/posts/recent',
  },
  { api: 'crAPI', flaw: 'C3 zombie API: check-otp v2 (no attempt limit) still answered beside v3', rule: 'zombie-api', endpoint: 'POST /identity/api/auth/v2/check-otp' },
  { api: 'crAPI', flaw: 'zombie API: login-with-token v2.7 answers a token for any email while v4.0 refuses', rule: 'zombie-api', endpoint: 'POST /identity/api/auth/v2.7/user/login-with-token', runs: ['spec'] },
  { api: 'crAPI', flaw: 'C11 SSRF: contact_mechanic fetches the `mechanic_api` URL server-side', rule: 'ssrf-prone-parameter', endpoint: 'POST /workshop/api/merchant/contact_mechanic' },
  { api: 'crAPI', flaw: 'C15 JWT: tokens live 7 days (jwtExpiration 604800000)', rule: 'jwt-weakness', endpoint: 'POST /identity/api/auth/login', location: 'response.token#long-lifetime' },
  { api: 'crAPI', flaw: 'broken authentication: password login without second factor, captcha or lockout', rule: 'single-factor-login', endpoint: 'POST /identity/api/auth/login' },
  { api: 'crAPI', flaw: 'passwords sent in clear JSON (login)', rule: 'plaintext-credentials', endpoint: 'POST /identity/api/auth/login' },
  { api: 'crAPI', flaw: 'passwords sent in clear JSON (signup)', rule: 'plaintext-credentials', endpoint: 'POST /identity/api/auth/signup' },
  { api: 'crAPI', flaw: 'passwords sent in clear JSON (OTP password reset, v2 and v3)', rule: 'plaintext-credentials', endpoint: 'POST /identity/api/auth/v3/check-otp' },
  { api: 'crAPI', flaw: 'passwords sent in clear JSON (OTP password reset, v2 and v3)', rule: 'plaintext-credentials', endpoint: 'POST /identity/api/auth/v2/check-otp' },
  { api: 'crAPI', flaw: 'passwords sent in clear JSON (reset password)', rule: 'plaintext-credentials', endpoint: 'POST /identity/api/v2/user/reset-password' },
  // ------------------------------------------------------------------ VAmPI (README's list)
  { api: 'VAmPI', flaw: 'excessive data exposure: /users/v1/_debug lists every user with their password', rule: 'unmasked-sensitive-data', endpoint: 'GET /users/v1/_debug', location: 'users[].password' },
  { api: 'VAmPI', flaw: 'excessive data exposure: /users/v1/_debug needs no token', rule: 'unauthenticated-sensitive-access', endpoint: 'GET /users/v1/_debug' },
  { api: 'VAmPI', flaw: 'SQL injection in /users/v1/{username}: debug mode answers the SQLAlchemy traceback', rule: 'verbose-error', endpoint: 'GET /users/v1/{username}' },
  { api: 'VAmPI', flaw: 'weak passwords (populate_db: pass1, pass2) accepted at login', rule: 'weak-password-accepted', endpoint: 'POST /users/v1/login' },
  { api: 'VAmPI', flaw: 'lack of rate limiting / broken authentication: password-only login', rule: 'single-factor-login', endpoint: 'POST /users/v1/login' },
  { api: 'VAmPI', flaw: 'passwords sent in clear JSON (login)', rule: 'plaintext-credentials', endpoint: 'POST /users/v1/login' },
  { api: 'VAmPI', flaw: 'passwords sent in clear JSON (register)', rule: 'plaintext-credentials', endpoint: 'POST /users/v1/register' },
  { api: 'VAmPI', flaw: 'passwords sent in clear JSON (password change)', rule: 'plaintext-credentials', endpoint: 'PUT /users/v1/{username}/password' },
];

export const NOT_COVERED: { api: Api; flaw: string; endpoint: string; why: string }[] = [
  { api: 'crAPI', flaw: 'C1 BOLA: another user\'s vehicle location by vehicle id', endpoint: 'GET /identity/api/v2/vehicle/{vehicleId}/location', why: 'the ids are UUIDs (not guessable: enumerable-id judges the id, by design); they leak through posts/recent (C4). One token reading many owners\' vehicles is the id-traversal risk (§4.3)' },
  { api: 'crAPI', flaw: 'C3 OTP brute force on check-otp v2', endpoint: 'POST /identity/api/auth/v2/check-otp', why: 'attempts are behaviour (brute-force risk); sms-no-rate-limit is about code sends (forget-password sent once), not checks. The old version itself is zombie-api (EXPECTED)' },
  { api: 'crAPI', flaw: 'C5 internal video property (conversion_params) in responses', endpoint: 'GET /identity/api/v2/user/videos/{video_id}', why: 'an internal field, not sensitive data: no §4.2 weakness (no data label)' },
  { api: 'crAPI', flaw: 'C6 layer-7 DoS through contact_mechanic repeats', endpoint: 'POST /workshop/api/merchant/contact_mechanic', why: 'resource consumption is no §4.2 weakness; abnormal volume is a risk (§4.3)' },
  { api: 'crAPI', flaw: 'C7 BFLA: admin video delete with a user token', endpoint: 'DELETE /identity/api/v2/admin/videos/{video_id}', why: 'function-level authorization needs roles: no §4.2 weakness' },
  { api: 'crAPI', flaw: 'C8/C9/C10 mass assignment (order status, negative quantity, conversion_params)', endpoint: 'PUT /workshop/api/shop/orders/{order_id}', why: 'mass assignment is no §4.2 weakness' },
  { api: 'crAPI', flaw: 'C12 NoSQL injection ({"$ne":1}) in validate-coupon', endpoint: 'POST /community/api/v2/coupon/validate-coupon', why: 'an injection attempt (risk: sqli/expression-injection); the front end sends plain codes, so sql-in-parameter rightly stays silent' },
  { api: 'crAPI', flaw: 'C13 SQL injection in apply_coupon', endpoint: 'POST /workshop/api/shop/apply_coupon', why: 'an injection attempt (risk: sqli); the 400 echoes the query result, not an error trace' },
  { api: 'crAPI', flaw: 'C15 JWT forgery (kid path traversal, HS256 with an empty key) accepted', endpoint: 'GET /identity/api/v2/user/dashboard', why: 'signature validation flaws do not show in a token (jwt-weakness: alg none, no/long exp, sensitive claims); the email in `sub` is not a default sensitiveClaimLabel' },
  { api: 'crAPI', flaw: 'video conversion command injection', endpoint: 'GET /identity/api/v2/user/videos/convert_video', why: 'an attack (risk: command-injection)' },
  { api: 'VAmPI', flaw: 'SQL injection in /users/v1/{username}', endpoint: 'GET /users/v1/{username}', why: 'injection attempts are risk detection\'s (sqli); the weakness it shows is the verbose error (EXPECTED)' },
  { api: 'VAmPI', flaw: 'unauthorized password change (another user\'s password)', endpoint: 'PUT /users/v1/{username}/password', why: 'object ids are usernames (not enumerable); a write to another user\'s object is the id-traversal risk' },
  { api: 'VAmPI', flaw: 'BOLA: any token reads any book\'s secret', endpoint: 'GET /books/v1/{book_title}', why: 'keys are titles listed publicly by GET /books/v1, not enumerable ids; one token reading many owners\' books is the id-traversal risk' },
  { api: 'VAmPI', flaw: 'mass assignment: register with admin=true', endpoint: 'POST /users/v1/register', why: 'mass assignment is no §4.2 weakness' },
  { api: 'VAmPI', flaw: 'user and password enumeration (different login messages)', endpoint: 'POST /users/v1/login', why: 'no §4.2 weakness; the walk itself is a risk (credential stuffing, brute force)' },
  { api: 'VAmPI', flaw: 'ReDoS on the email update', endpoint: 'PUT /users/v1/{username}/email', why: 'an attack on a regular expression: no §4.2 weakness' },
  { api: 'VAmPI', flaw: 'lack of rate limiting on login (password list against admin)', endpoint: 'POST /users/v1/login', why: 'behaviour (brute-force risk); the design side is single-factor-login (EXPECTED)' },
  { api: 'VAmPI', flaw: 'JWT signed with a weak key (\'random\'), forged offline', endpoint: 'GET /me', why: 'key strength does not show in traffic (tokens live 60 s, HS256 is not a weakness)' },
];

interface WellBehaved {
  api: Api;
  endpoint: string;
  /** in the spec (undocumented health and static paths may be shadow-api findings in the spec run) */
  documented: boolean;
}

export const WELL_BEHAVED: WellBehaved[] = [
  { api: 'crAPI', endpoint: 'GET /workshop/api/shop/products', documented: true },
  { api: 'crAPI', endpoint: 'POST /workshop/api/shop/orders', documented: true },
  { api: 'crAPI', endpoint: 'GET /workshop/api/shop/return_qr_code', documented: true },
  { api: 'crAPI', endpoint: 'GET /identity/api/v2/vehicle/vehicles', documented: true },
  { api: 'crAPI', endpoint: 'GET /workshop/api/mechanic/', documented: true },
  { api: 'crAPI', endpoint: 'GET /identity/health_check', documented: false },
  { api: 'crAPI', endpoint: 'GET /workshop/health_check', documented: false },
  { api: 'crAPI', endpoint: 'GET /', documented: false },
  { api: 'crAPI', endpoint: 'GET /static/js/main.6c9d1f4e.js', documented: false },
  { api: 'crAPI', endpoint: 'GET /favicon.ico', documented: false },
  { api: 'VAmPI', endpoint: 'GET /books/v1', documented: true },
  { api: 'VAmPI', endpoint: 'POST /books/v1', documented: true },
  { api: 'VAmPI', endpoint: 'GET /me', documented: true },
  { api: 'VAmPI', endpoint: 'GET /', documented: true },
];

/**
 * Findings about something else that passes through an operation. jwt-weakness reports a weak
 * token where it is issued and on up to maxEndpointsPerProblem endpoints that receive it (by
 * design: the bearer token reaches every endpoint); that is the issuer's weakness (crAPI's login,
 * EXPECTED), not the operation's.
 */
const PASSING_THROUGH = (f: FoundWeakness): boolean => f.slug === 'jwt-weakness' && f.location.startsWith('header.authorization#');

const isStub = (slug: string): boolean => {
  const file = path.join(REPO_ROOT, 'src/analysis/weaknesses', slug, 'detect.ts');
  return !existsSync(file) || /^\/\/ STUB/m.test(readFileSync(file, 'utf8'));
};

interface ApiResult {
  traffic: VulnerableTraffic;
  runs: Record<Run, FoundWeakness[]>;
  /** `METHOD /spec/template` of a finding (its learned template when it is no documented operation) */
  opOf: (f: FoundWeakness) => string;
}

const results = new Map<Api, ApiResult>();
function result(api: Api): ApiResult {
  let r = results.get(api);
  if (!r) {
    const traffic = api === 'crAPI' ? crapiTraffic(1) : vampiTraffic(1);
    // The specs name their dev servers (localhost:8888/5000); the deployment is mirrored at its own host.
    const spec = { ...traffic.spec, hosts: [traffic.host] };
    const matcher = compileSpecMatcher(spec);
    r = {
      traffic,
      runs: { 'no-spec': analyzeWeaknesses(traffic.exchanges), spec: analyzeWeaknesses(traffic.exchanges, { context: { specs: [spec] } }) },
      opOf: (f) => {
        const m = matcher.match(f.method, f.pathTemplate);
        return `${f.method} ${m ? m.template : f.pathTemplate.replace(/\/$/, '') || '/'}`;
      },
    };
    results.set(api, r);
  }
  return r;
}

const matchesRow = (r: ApiResult, e: Expected, f: FoundWeakness): boolean =>
  f.slug === e.rule && r.opOf(f) === e.endpoint && (e.location === undefined || f.location.startsWith(e.location));

const rowFound = (e: Expected): { ok: boolean; missingIn: Run[]; hit?: FoundWeakness } => {
  const r = result(e.api);
  const runs = e.runs ?? ['no-spec', 'spec'];
  const missingIn = runs.filter((run) => !r.runs[run].some((f) => matchesRow(r, e, f)));
  const hit = r.runs.spec.find((f) => matchesRow(r, e, f)) ?? r.runs['no-spec'].find((f) => matchesRow(r, e, f));
  return { ok: missingIn.length === 0, missingIn, hit };
};

function wellBehavedFindings(w: WellBehaved): { run: Run; f: FoundWeakness }[] {
  const r = result(w.api);
  const out: { run: Run; f: FoundWeakness }[] = [];
  for (const run of ['no-spec', 'spec'] as const) {
    for (const f of r.runs[run]) {
      if (r.opOf(f) !== w.endpoint || PASSING_THROUGH(f)) continue;
      if (run === 'spec' && !w.documented && f.slug === 'shadow-api') continue;
      out.push({ run, f });
    }
  }
  return out;
}

function report(): string {
  const lines: string[] = [];
  for (const api of ['crAPI', 'VAmPI'] as const) {
    const r = result(api);
    lines.push(`=== ${api}: ${r.traffic.exchanges.length} exchanges; findings ${r.runs['no-spec'].length} without spec, ${r.runs.spec.length} with spec`);
    lines.push('--- EXPECTED');
    const claimed = new Set<FoundWeakness>();
    for (const e of EXPECTED.filter((x) => x.api === api)) {
      const { ok, missingIn, hit } = rowFound(e);
      for (const run of ['no-spec', 'spec'] as const) for (const f of r.runs[run]) if (matchesRow(r, e, f)) claimed.add(f);
      const state = ok ? 'FOUND ' : isStub(e.rule) ? 'STUB  ' : e.knownMiss ? 'KNOWN-MISS' : 'MISSED';
      lines.push(`  [${state}] ${e.rule} ${e.endpoint}${e.location ? ` @${e.location}` : ''} — ${e.flaw}${ok ? '' : ` (missing in ${missingIn.join(', ')})`}`);
      if (hit) lines.push(`           ${shownFinding(hit)}`);
      if (!ok && e.knownMiss) lines.push(`           why: ${e.knownMiss}`);
    }
    lines.push('--- NOT_COVERED');
    for (const n of NOT_COVERED.filter((x) => x.api === api)) lines.push(`  ${n.endpoint} — ${n.flaw}: ${n.why}`);
    lines.push('--- WELL_BEHAVED');
    for (const w of WELL_BEHAVED.filter((x) => x.api === api)) {
      const fs = wellBehavedFindings(w);
      lines.push(`  [${fs.length === 0 ? 'clean' : 'FINDINGS'}] ${w.endpoint}`);
      for (const { run, f } of fs) lines.push(`           (${run}) ${shownFinding(f)}`);
    }
    lines.push('--- other findings (not in EXPECTED)');
    for (const run of ['no-spec', 'spec'] as const) {
      for (const f of r.runs[run]) {
        if (claimed.has(f) || (run === 'spec' && r.runs['no-spec'].some((g) => shownFinding(g) === shownFinding(f)))) continue;
        lines.push(`  (${run}) ${r.opOf(f)} ← ${shownFinding(f)}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe.skipIf(!haveCorpus)('known-vulnerable APIs (crAPI, VAmPI): weakness findings', () => {
  afterAll(() => {
    if (results.size < 2) return;
    const text = report();
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, 'test-results', 'vulnerable-apis.txt'), text);
    // the whole report is in the file; the console gets one line per API
    for (const l of text.split('\n')) if (l.startsWith('=== ')) console.log(`${l} (report: test-results/vulnerable-apis.txt)`);
  });

  it.each(['crAPI', 'VAmPI'] as const)('%s traffic: every request is a documented operation or a health/static path; deterministic', (api) => {
    const r = result(api);
    const matcher = compileSpecMatcher(r.traffic.spec);
    const undocumented = new Set(WELL_BEHAVED.filter((w) => w.api === api && !w.documented).map((w) => w.endpoint));
    const ops = new Set<string>();
    for (const ex of r.traffic.exchanges) {
      const m = matcher.match(ex.request.method, ex.request.url);
      if (m) ops.add(`${ex.request.method} ${m.template}`);
      else expect(undocumented, `${ex.request.method} ${ex.request.url}`).toContain(`${ex.request.method} ${ex.request.url.split('?')[0]!.replace(/\/$/, '') || '/'}`);
    }
    // every documented operation is exercised
    expect(ops.size).toBe(r.traffic.spec.operations.length);
    const again = api === 'crAPI' ? crapiTraffic(1) : vampiTraffic(1);
    expect(JSON.stringify(again.exchanges)).toBe(JSON.stringify(r.traffic.exchanges));
  });

  for (const e of EXPECTED) {
    const name = `${e.api}: ${e.rule} on ${e.endpoint} (${e.flaw})`;
    if (isStub(e.rule)) {
      it.todo(`${name} [detector ${e.rule} is a stub]`);
      continue;
    }
    const body = (): void => {
      const { ok, missingIn } = rowFound(e);
      expect(ok, `not found in run(s) ${missingIn.join(', ')}`).toBe(true);
    };
    if (e.knownMiss) it.fails(`${name} [known miss: ${e.knownMiss}]`, body);
    else it(name, body);
  }

  for (const w of WELL_BEHAVED) {
    it(`${w.api}: no finding on well-behaved ${w.endpoint}`, () => {
      expect(wellBehavedFindings(w).map(({ run, f }) => `(${run}) ${shownFinding(f)}`)).toEqual([]);
    });
  }
});
