/**
 * password-spraying: a few guesses at a time across many accounts, slow enough to pass under
 * per-account lockouts (brute-force) and per-minute rates (credential-stuffing). Two signals
 * over a long window of event time (default an hour):
 *
 * - the same password on many accounts: failed logins are grouped by a keyed digest of the
 *   request's password field (see password.ts), over all clients, so a spray spread over a few
 *   addresses adds up; the client at hand must have failed on a few accounts itself, because
 *   where passwords travel in the clear or as unsalted hashes, common passwords recur among
 *   customers' own mistypes. (Apps that encrypt with random padding never repeat a value.)
 * - the shape per client, when the password is not comparable: many distinct accounts with
 *   failed logins, few failures per account (on average), and most of the client's logins
 *   failing. The last condition is what separates an attacker from a carrier-grade NAT or an
 *   office proxy, where many real customers log in and a few mistype.
 *
 * State is created only by failed logins (successes are counted for clients that already have
 * failures), and every key space is capped.
 */
import { defineRisk } from '../types.js';
import { DistinctCounter, SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { passwordDigester } from './password.js';

/** sub-buckets of the per-client counters (3 min for the default hour) */
const BUCKETS = 20;

export const passwordSprayingRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const digest = passwordDigester();
    const fails = new SlidingCounter({ windowMs, buckets: BUCKETS, maxKeys: p.maxClients });
    const successes = new SlidingCounter({ windowMs, buckets: BUCKETS, maxKeys: p.maxClients });
    const failedAccounts = new DistinctCounter({ windowMs, maxKeys: p.maxClients });
    const accountsByPassword = new DistinctCounter({ windowMs, maxKeys: p.maxPasswords });
    return {
      onExchange(f, emit) {
        const outcome = f.login();
        if (outcome !== 'failure' && outcome !== 'success') return;
        const account = f.identity.account;
        if (!account) return;
        const ip = f.identity.client;
        const ts = f.tsMs;
        if (outcome === 'success') {
          if (fails.count(ip, ts) > 0) successes.add(ip, ts);
          return;
        }
        fails.add(ip, ts);
        failedAccounts.add(ip, ts, account);
        const endpoint = { app: f.app, method: f.method, pathTemplate: f.template() };
        const pw = digest(f);
        if (pw !== undefined) {
          accountsByPassword.add(pw, ts, account);
          const n = accountsByPassword.count(pw, ts);
          const own = n >= p.minAccountsSamePassword ? failedAccounts.count(ip, ts) : 0;
          if (own >= p.minClientAccountsSamePassword) {
            emit({
              at: f,
              subject: { ip, endpoint },
              value: n,
              baseline: null,
              threshold: p.minAccountsSamePassword,
              windowStartMs: ts - windowMs,
              detail: `one password failed on ${n} distinct accounts in ${p.windowSeconds} s (latest attempt from ${ip}, ${own} accounts failed from it)`,
            });
            return;
          }
        }
        const nFail = fails.count(ip, ts);
        if (nFail < p.minAccounts) return;
        const nAcc = failedAccounts.count(ip, ts);
        if (nAcc < p.minAccounts || nFail > p.maxAttemptsPerAccount * nAcc) return;
        const nOk = successes.count(ip, ts);
        if (nFail < p.minFailureShare * (nFail + nOk)) return;
        emit({
          at: f,
          subject: { ip, endpoint },
          value: nAcc,
          baseline: null,
          threshold: p.minAccounts,
          windowStartMs: ts - windowMs,
          detail: `${nAcc} distinct accounts failed from this client in ${p.windowSeconds} s, ${(nFail / nAcc).toFixed(1)} failures per account, ${nOk} successful logins`,
        });
      },
    };
  },
});
