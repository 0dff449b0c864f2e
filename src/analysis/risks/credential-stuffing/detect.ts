/**
 * credential-stuffing: per client, the distinct accounts it tried and its failed attempts in a
 * sliding window of event time; many accounts and many failures make an event on the client.
 */
import { defineRisk } from '../types.js';
import { DistinctCounter, SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';

export const credentialStuffingRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const accounts = new DistinctCounter({ windowMs, maxKeys: p.maxClients });
    const fails = new SlidingCounter({ windowMs, buckets: 10, maxKeys: p.maxClients });
    return {
      onExchange(f, emit) {
        const outcome = f.login();
        if (outcome === undefined || !f.identity.account) return;
        const ip = f.identity.client;
        accounts.add(ip, f.tsMs, f.identity.account);
        // judged on failures only: a success neither starts nor proves stuffing, and counting the
        // distinct accounts of a busy address on every login would cost a sketch union each time
        if (outcome !== 'failure') return;
        fails.add(ip, f.tsMs);
        const failed = fails.count(ip, f.tsMs);
        if (failed < p.minFailures) return;
        const n = accounts.count(ip, f.tsMs);
        if (n < p.minAccounts) return;
        emit({
          at: f,
          subject: { ip, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: n,
          baseline: null,
          threshold: p.minAccounts,
          windowStartMs: f.tsMs - windowMs,
          detail: `${n} distinct accounts tried from this client in ${p.windowSeconds} s, ${failed} failed`,
        });
      },
    };
  },
});
