/**
 * jwt-weakness: JWTs issued (response body, Set-Cookie) or carried (Authorization or a token
 * header, cookies, parameters, body fields) that are unsigned (`alg: none`), never expire (no
 * `exp`), live longer than a bound, or carry personal data in readable claims. Tokens are decoded
 * without verifying, once per token string (jwt.ts). A symmetric `alg` is not a weakness.
 *
 * Finding location: where the token is and the problem, `header.authorization#no-exp`,
 * `response.data.accessToken#long-lifetime`, `cookie.SESSION#sensitive-claims`.
 *
 * Cost: the request side is looked at only when discovery says the request carries a JWT (or a
 * cookie header holds `eyJ`), the response side only when the sensitive scan found a credential
 * that starts like a JWT, or a Set-Cookie does. Tokens sent to a refused request (4xx/5xx) say
 * nothing about what the server accepts, so they are not reported. A bearer token reaches every
 * endpoint of an app: one problem of one issuer is reported on at most `maxEndpointsPerProblem`
 * endpoints; where a token is issued it is always reported.
 */
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { defineDetector, type ExchangeFacts, type Reporter } from '../types.js';
import { jsonAt, leafName, normKey, requestValue } from '../values.js';
import { descriptor } from './descriptor.js';
import { JwtCache, type JwtFacts } from './jwt.js';

type Problem = 'alg-none' | 'no-exp' | 'long-lifetime' | 'sensitive-claims';

const MAX_FAMILIES = 1024;

/** The JWT in a header value: bare, or after a scheme (`Bearer`, `JWT`, `Token`); no regex, this runs per request. */
function tokenOf(v: string): string | undefined {
  if (v.startsWith('eyJ')) return v.trim();
  const sp = v.indexOf(' ');
  if (sp < 3 || sp > 6) return undefined;
  const t = v.slice(sp + 1).trim();
  return t.startsWith('eyJ') ? t : undefined;
}

function cookieTokens(header: string, into: [string, string][], prefix: string): void {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const v = part.slice(eq + 1).trim().replace(/^"|"$/g, '');
    if (v.startsWith('eyJ')) into.push([`${prefix}.${part.slice(0, eq).trim()}`, v]);
  }
}

function duration(s: number): string {
  if (s >= 86_400) return `${Math.round((s / 86_400) * 10) / 10} days`;
  if (s >= 3600) return `${Math.round((s / 3600) * 10) / 10} hours`;
  return `${s} s`;
}

export const jwtWeakness = defineDetector({
  descriptor,
  create: (p) => {
    const cache = new JwtCache(p.cacheSize);
    const labels = new Set(p.sensitiveClaimLabels);
    /** (problem, issuer, alg, where) → endpoints it was reported on from requests */
    const families = new Map<string, Set<EndpointStats>>();

    const spread = (f: ExchangeFacts, family: string): boolean => {
      let eps = families.get(family);
      if (!eps) {
        if (families.size >= MAX_FAMILIES) families.delete(families.keys().next().value!);
        families.set(family, (eps = new Set()));
      }
      if (eps.has(f.endpoint)) return true;
      if (eps.size >= p.maxEndpointsPerProblem) return false;
      eps.add(f.endpoint);
      return true;
    };

    /** signed, expiring within the stricter bound from its own iat, no personal claims: nothing to say wherever it is */
    const clean = (t: JwtFacts): boolean =>
      t.alg.toLowerCase() !== 'none' && t.exp !== undefined && t.iat !== undefined && t.iat <= t.exp && t.exp - t.iat <= p.maxLifetimeSeconds && !t.claims.some((c) => labels.has(c.label));

    const check = (f: ExchangeFacts, where: string, token: string, issued: boolean, report: Reporter): void => {
      const t = cache.get(token, f.ex.ts, clean);
      if (!t || t.clean) return;
      const refTime = Date.parse(f.ex.ts);
      const verb = issued ? 'issued in' : 'sent in';
      const found: [Problem, string, Record<string, unknown>][] = [];
      if (t.alg.toLowerCase() === 'none') found.push(['alg-none', `unsigned JWT (alg "none") ${verb} ${where}: anyone can forge one`, {}]);
      if (t.exp === undefined) found.push(['no-exp', `JWT ${verb} ${where} has no "exp" claim: it never expires`, {}]);
      else {
        const refresh = t.refresh || normKey(leafName(where)).includes('refresh');
        const max = refresh ? p.maxRefreshLifetimeSeconds : p.maxLifetimeSeconds;
        const fromIat = t.iat !== undefined && t.iat <= t.exp;
        const life = fromIat ? t.exp - t.iat! : Math.floor(t.exp - refTime / 1000);
        if (life > max) {
          found.push([
            'long-lifetime',
            `${refresh ? 'refresh ' : ''}JWT ${verb} ${where} lives ${duration(life)} (${fromIat ? 'exp − iat' : 'exp − time seen'} = ${life} s, above ${max} s)`,
            { lifetimeSeconds: life, maxSeconds: max, measuredFrom: fromIat ? 'iat' : 'seen', refresh },
          ]);
        }
      }
      const personal = t.claims.filter((c) => labels.has(c.label));
      if (personal.length) {
        const shown = personal.slice(0, 5).map((c) => `${c.label} in "${c.claim}"`).join(', ');
        found.push(['sensitive-claims', `JWT ${verb} ${where} carries personal data in readable claims: ${shown}${personal.length > 5 ? ` and ${personal.length - 5} more` : ''}`, { claims: personal.map((c) => ({ label: c.label, claim: c.claim })) }]);
      }
      for (const [problem, detail, data] of found) {
        if (!issued && !spread(f, `${problem}\n${t.iss}\n${t.alg}\n${where}`)) continue;
        report({ at: f, location: `${where}#${problem}`, detail, data: { problem, alg: t.alg, issued, ...data } });
      }
    };

    return {
      onExchange(f, report) {
        const tokens: [string, string][] = [];
        const accepted = f.status > 0 && f.status < 400;
        // request: where discovery saw a JWT (Authorization or a token header), cookies, parameters and body fields
        if (accepted) {
          if (f.auth === 'jwt') {
            for (const [name, value] of f.ex.request.headers) {
              if (name === 'cookie' || value.length < 20) continue;
              const t = tokenOf(value);
              if (t) tokens.push([`header.${name}`, t]);
            }
          }
          if (f.auth !== 'none') {
            const c = f.requestHeader('cookie');
            if (c && c.includes('eyJ')) cookieTokens(c, tokens, 'cookie');
          }
          for (const h of f.requestHits) {
            if (h.label !== 'credential' || h.masked || !h.sample.startsWith('eyJ') || h.location.startsWith('header.')) continue;
            const v = requestValue(f, h.location);
            if (v && v.startsWith('eyJ')) tokens.push([h.location, v]);
          }
        }
        const nRequest = tokens.length;
        // response: tokens issued in the body or in a Set-Cookie
        if (f.status >= 200 && f.status < 400) {
          for (const h of f.responseHits) {
            if (h.label !== 'credential' || h.masked || !h.sample.startsWith('eyJ')) continue;
            const v = jsonAt(f.responseJson(), h.location);
            if (typeof v === 'string' && v.startsWith('eyJ')) tokens.push([`response.${h.location}`, v]);
          }
          for (const [name, value] of f.ex.response!.headers) if (name === 'set-cookie' && value.includes('eyJ')) cookieTokens(value.split(';', 1)[0]!, tokens, 'set-cookie');
        }
        if (tokens.length === 0) return;
        if (tokens.length === 1) {
          check(f, tokens[0]![0], tokens[0]![1], nRequest === 0, report);
          return;
        }
        const seen = new Set<string>();
        for (let i = 0; i < tokens.length; i++) {
          const [where, token] = tokens[i]!;
          if (seen.has(where)) continue;
          seen.add(where);
          check(f, where, token, i >= nRequest, report);
        }
      },
    };
  },
});

