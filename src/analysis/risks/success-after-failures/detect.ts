/**
 * success-after-failures: per account (as the login request names it), the times of its recent
 * failed logins from any client; when the account then logs in successfully with at least
 * `minFailures` failures within `windowSeconds` before, the password was most likely guessed:
 * an event on the account and the client that got in. The account's failures are then
 * forgotten, so the owner's later logins do not repeat it.
 *
 * Why per account and not per client: the guesses are often spread over several addresses
 * (each below brute-force thresholds per client), and the success comes from yet another one.
 * When the failures and the success all come from one address, it is more often the customer
 * who forgot the password (lockout, reset, login), so more failures are needed
 * (`minFailuresSameClient`); a guesser that stays on one address is brute-force's too.
 * State: only accounts with failures, capped (least recently failed out first), each with a
 * bounded list of failure times and up to a few distinct client addresses for the detail.
 */
import { defineRisk } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { descriptor } from './descriptor.js';

/** distinct failing clients remembered per account, for the detail line only */
const MAX_CLIENTS = 8;
const newRun = (): Failures => ({ times: [], clients: [] });

interface Failures {
  /** event times (ms), oldest first */
  times: number[];
  /** distinct client addresses of the failures (at most MAX_CLIENTS) */
  clients: string[];
}

export const successAfterFailuresRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const byAccount = new KeyedStore<string, Failures>({ maxKeys: p.maxAccounts, ttlMs: windowMs });
    const trim = (r: Failures, now: number): void => {
      let k = 0;
      while (k < r.times.length && r.times[k]! <= now - windowMs) k++;
      if (k) r.times.splice(0, k);
    };
    return {
      onExchange(f, emit) {
        const outcome = f.login();
        if (outcome !== 'failure' && outcome !== 'success') return;
        const account = f.identity.account;
        if (!account) return;
        const ts = f.tsMs;
        const ip = f.identity.client;
        if (outcome === 'failure') {
          const r = byAccount.upsert(account, ts, newRun);
          trim(r, ts);
          // out of order by a little: keep the list sorted
          let i = r.times.length;
          while (i > 0 && r.times[i - 1]! > ts) i--;
          r.times.splice(i, 0, ts);
          if (r.times.length > p.maxFailuresKept) r.times.shift();
          if (r.clients.length < MAX_CLIENTS && !r.clients.includes(ip)) r.clients.push(ip);
          return;
        }
        const r = byAccount.peek(account);
        if (!r) return;
        byAccount.delete(account);
        let n = 0;
        let first = ts;
        for (const t of r.times) {
          if (t > ts - windowMs && t <= ts) {
            n++;
            if (t < first) first = t;
          }
        }
        const sameClient = r.clients.length === 1 && r.clients[0] === ip;
        const threshold = sameClient ? p.minFailuresSameClient : p.minFailures;
        if (n < threshold) return;
        const others = r.clients.filter((c) => c !== ip).length;
        const from = r.clients.length >= MAX_CLIENTS ? `${MAX_CLIENTS}+ addresses` : `${r.clients.length} address${r.clients.length === 1 ? '' : 'es'}`;
        emit({
          at: f,
          subject: { account, ip, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: n,
          baseline: null,
          threshold,
          windowStartMs: first,
          detail: `login succeeded from ${ip} after ${n} failed logins on the account in ${Math.round((ts - first) / 1000)} s from ${from}${others === r.clients.length ? ', none of them this one' : ''}`,
        });
      },
    };
  },
});
