/**
 * brute-force: failed logins per account (as the login request names it) in a sliding window of
 * event time. The subject is the account, with the client of the latest attempt.
 */
import { defineRisk } from '../types.js';
import { SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';

export const bruteForceRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const fails = new SlidingCounter({ windowMs: p.windowSeconds * 1000, buckets: 10, maxKeys: p.maxAccounts });
    return {
      onExchange(f, emit) {
        if (f.login() !== 'failure') return;
        const account = f.identity.account;
        if (!account) return;
        fails.add(account, f.tsMs);
        const n = fails.count(account, f.tsMs);
        if (n < p.minFailures) return;
        emit({
          at: f,
          subject: { account, ip: f.identity.client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: n,
          baseline: null,
          threshold: p.minFailures,
          windowStartMs: f.tsMs - p.windowSeconds * 1000,
          detail: `${n} failed logins on one account in ${p.windowSeconds} s (latest from ${f.identity.client})`,
        });
      },
    };
  },
});
