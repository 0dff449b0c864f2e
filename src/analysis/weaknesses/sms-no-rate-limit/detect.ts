/**
 * sms-no-rate-limit: a verification-code send endpoint that kept sending. Per endpoint, in event
 * time, it counts successful sends per recipient (more than `maxSendsPerNumber` within
 * `windowSeconds`) and distinct recipients per client (more than `maxNumbersPerClient`). A
 * refusal anywhere on the endpoint (429, or a failure naming frequency: 发送过于频繁, too many
 * requests) shows that some limit exists, and then nothing is reported. Because the refusal may
 * come after the threshold was crossed, the finding is held back and reported at the end of the
 * input, on the exchange that crossed it.
 *
 * Recipients are kept only as a keyed hash (HMAC-SHA-256 under a per-process random key,
 * truncated): mobile numbers are too few to survive an unkeyed hash. State is bounded: endpoints,
 * recipients and clients per endpoint are capped, least recently seen out first.
 * Cost: exchanges without a clear mobile or e-mail in the request stop at a loop over their hits.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { defineDetector, type EndpointView, type ExchangeFacts, type Reporter } from '../types.js';
import { descriptor } from './descriptor.js';
import { isSendEndpoint, outcome, recipient, recipientHit } from './send.js';

interface EndpointState {
  /** recipient key → times (ms) of its sends within the window, oldest first, at most max+1 */
  byRecipient: Map<string, number[]>;
  /** client → (recipient key → last send time), in time order */
  byClient: Map<string, Map<string, number>>;
  refusals: number;
  sends: number;
  maxToOne: number;
  maxFromOne: number;
  /** the exchange that crossed a threshold this input, reported at the end unless a refusal shows up */
  pending: ExchangeFacts | undefined;
}

/** Re-inserts a key so that Map order is least recently seen first; evicts the oldest above cap. */
function touch<K, V>(m: Map<K, V>, k: K, v: V, cap: number): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > cap) m.delete(m.keys().next().value!);
}

function clientOf(f: ExchangeFacts, forwarded: boolean): string {
  if (forwarded) {
    const xff = f.requestHeader('x-forwarded-for');
    if (xff) {
      const comma = xff.indexOf(',');
      return (comma < 0 ? xff : xff.slice(0, comma)).trim();
    }
    const real = f.requestHeader('x-real-ip');
    if (real) return real.trim();
  }
  return f.ex.client.ip;
}

/** `/api/{id}/send` as a matcher of concrete paths. */
function templateMatcher(template: string): RegExp {
  const src = template
    .split(/\{[^}/]*\}/)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${src}$`);
}

export const smsNoRateLimit = defineDetector({
  descriptor,
  create: (p) => {
    const key = randomBytes(32);
    const hashOf = (v: string): string => createHmac('sha256', key).update(v).digest('base64url').slice(0, 16);
    const windowMs = p.windowSeconds * 1000;
    const states = new Map<EndpointStats, EndpointState>();

    const stateOf = (f: ExchangeFacts): EndpointState => {
      let st = states.get(f.endpoint);
      if (!st) {
        st = { byRecipient: new Map(), byClient: new Map(), refusals: 0, sends: 0, maxToOne: 0, maxFromOne: 0, pending: undefined };
        touch(states, f.endpoint, st, p.maxEndpoints);
      }
      return st;
    };

    const reportOn = (st: EndpointState, at: ExchangeFacts | EndpointView, report: Reporter): void => {
      const parts: string[] = [];
      if (st.maxToOne > p.maxSendsPerNumber) parts.push(`at least ${st.maxToOne} codes sent to one recipient within ${p.windowSeconds} s (limit ${p.maxSendsPerNumber})`);
      if (st.maxFromOne > p.maxNumbersPerClient) parts.push(`one client sent codes to at least ${st.maxFromOne} recipients within ${p.windowSeconds} s (limit ${p.maxNumbersPerClient})`);
      report({
        at,
        location: '',
        detail: `verification codes sent without rate limiting: ${parts.join('; ')}; ${st.sends} sends seen, no 429 or "too frequent" refusal`,
        data: {
          // counts stop one above their limit (state is bounded): read them as "at least"
          maxSendsToOneRecipient: st.maxToOne,
          maxRecipientsFromOneClient: st.maxFromOne,
          windowSeconds: p.windowSeconds,
          maxSendsPerNumber: p.maxSendsPerNumber,
          maxNumbersPerClient: p.maxNumbersPerClient,
          sends: st.sends,
          refusals: st.refusals,
        },
      });
    };

    return {
      onExchange(f) {
        if (f.status === 429) {
          if (states.has(f.endpoint) || isSendEndpoint(f)) stateOf(f).refusals++;
          return;
        }
        const h = recipientHit(f);
        if (!h || f.status < 0 || !isSendEndpoint(f)) return;
        const result = outcome(f);
        if (result === 'refused') {
          stateOf(f).refusals++;
          return;
        }
        if (result !== 'sent') return;
        const who = recipient(f, h);
        if (!who) return;
        const st = stateOf(f);
        const now = Date.parse(f.ex.ts);
        if (!Number.isFinite(now)) return;
        st.sends++;
        const rk = hashOf(who);
        // per recipient: send times within the window
        const times = st.byRecipient.get(rk) ?? [];
        times.push(now);
        while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
        if (times.length > p.maxSendsPerNumber + 1) times.shift();
        touch(st.byRecipient, rk, times, p.maxTrackedKeys);
        // per client: distinct recipients within the window
        const client = clientOf(f, p.trustForwardedFor);
        const seen = st.byClient.get(client) ?? new Map<string, number>();
        touch(seen, rk, now, p.maxNumbersPerClient + 1);
        for (const [k, t] of seen) {
          if (t > now - windowMs) break;
          seen.delete(k);
        }
        touch(st.byClient, client, seen, p.maxTrackedKeys);
        const toOne = times.length;
        const fromOne = seen.size;
        if (toOne > st.maxToOne) st.maxToOne = toOne;
        if (fromOne > st.maxFromOne) st.maxFromOne = fromOne;
        if (!st.pending && (toOne > p.maxSendsPerNumber || fromOne > p.maxNumbersPerClient)) st.pending = f;
      },

      onFinish(endpoints, report) {
        let live: Set<EndpointStats> | undefined;
        for (const st of states.values()) {
          const f = st.pending;
          if (!f) continue;
          st.pending = undefined;
          if (st.refusals > 0) continue;
          live ??= new Set(endpoints.map((e) => e.stats));
          if (live.has(f.endpoint)) {
            reportOn(st, f, report);
            continue;
          }
          // the path was folded into a learned template at the end of the input: report on the template's endpoint
          const view = endpoints.find((e) => e.app === f.app && e.method === f.method && templateMatcher(e.pathTemplate).test(f.path));
          reportOn(st, view ?? f, report);
        }
      },
    };
  },
});
