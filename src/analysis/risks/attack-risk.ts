/**
 * The web-attack risk detectors share one shape: the request carries an attack of their class
 * (attacks/ decodes evasions and tokenises; it is not a keyword list), and the event counts the
 * attempts of that class from the client in a sliding window. The subject is the client (and the
 * account, when known); the endpoint attacked is in the detail. One folder per class keeps its
 * own descriptor (ids, severity, mappings, remediation) and its table tests.
 */
import { z } from 'zod';
import type { AttackClass } from './attacks/index.js';
import type { RiskInstance } from './types.js';
import { SlidingCounter } from './window/index.js';

export const attackParams = z
  .object({
    /** attempts of the class from one client in the window before an event is raised */
    minAttempts: z.number().int().min(1).default(1),
    windowSeconds: z.number().int().min(10).default(600),
    /** clients tracked (least recently seen forgotten first) */
    maxClients: z.number().int().min(100).default(100_000),
  })
  .strict();

export function attackInstance(cls: AttackClass, p: z.infer<typeof attackParams>): RiskInstance {
  const counts = new SlidingCounter({ windowMs: p.windowSeconds * 1000, buckets: 10, maxKeys: p.maxClients });
  return {
    onExchange(f, emit) {
      const hits = f.attacks();
      if (hits.length === 0) return;
      const hit = hits.find((h) => h.class === cls);
      if (!hit) return;
      const ip = f.identity.client;
      counts.add(ip, f.tsMs);
      const n = counts.count(ip, f.tsMs);
      if (n < p.minAttempts) return;
      emit({
        at: f,
        // the client is the subject (the endpoints it attacks vary; each is in the detail); an account
        // only when the request was authenticated as one, not the name a login form was fed
        subject: { ip, ...(f.identity.account && f.identity.accountFrom !== 'login' ? { account: f.identity.account } : {}) },
        value: n,
        baseline: null,
        threshold: p.minAttempts,
        windowStartMs: f.tsMs - p.windowSeconds * 1000,
        detail: `${cls} in ${hit.location} (${hit.reason}) on ${f.method} ${f.template()}, answered ${f.status < 0 ? 'nothing' : f.status}; ${n} attempt(s) from this client in ${p.windowSeconds} s`,
      });
    },
  };
}
