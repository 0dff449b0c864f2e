/**
 * scanner: a tool's fingerprint in the request (attacks/scanner.ts: User-Agents, out-of-band
 * domains, probe paths), or a storm of 404s to one client in a sliding window.
 */
import type { AttackHit } from '../attacks/index.js';
import { defineRisk } from '../types.js';
import { SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';

export const scannerRisk = defineRisk({
  descriptor,
  dimension: 'attack',
  create: (p) => {
    const notFound = new SlidingCounter({ windowMs: p.windowSeconds * 1000, buckets: 10, maxKeys: p.maxClients });
    return {
      onExchange(f, emit) {
        const ip = f.identity.client;
        // no allocation on the common path: a loop, not find() with a closure; the subject made only to emit
        let tool: AttackHit | undefined;
        for (const h of f.attacks()) {
          if (h.class !== 'scanner') continue;
          tool = h;
          break;
        }
        if (tool) {
          emit({ at: f, subject: { ip }, value: 1, baseline: null, threshold: 1, windowStartMs: f.tsMs, detail: `scanner fingerprint in ${tool.location} (${tool.reason}) on ${f.method} ${f.template()}` });
          return;
        }
        if (f.status !== 404) return;
        notFound.add(ip, f.tsMs);
        const n = notFound.count(ip, f.tsMs);
        if (n >= p.minNotFound) {
          emit({ at: f, subject: { ip }, value: n, baseline: null, threshold: p.minNotFound, windowStartMs: f.tsMs - p.windowSeconds * 1000, detail: `${n} answers 404 to this client in ${p.windowSeconds} s (directory or API guessing)` });
        }
      },
    };
  },
});
