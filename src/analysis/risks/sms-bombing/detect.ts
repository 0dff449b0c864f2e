/**
 * sms-bombing: verification-code sends (the endpoint's functions say `verification-send`) that
 * name their recipient in the request, counted per recipient and per client over a sliding
 * window of event time. Many sends to one number (whoever asks: a bomb from rotating addresses
 * is still one victim) make an event on that number and the latest client; many sends from one
 * client (to one number or to many: SMS cost abuse) make an event on the client. Refusals
 * (429, 发送过于频繁) are counted too: the attempt is the behaviour, and the detail says how many
 * the server refused.
 *
 * Recipients are kept only as a keyed digest (HMAC under a per-instance random key): there are
 * too few mobile numbers for a plain hash to hide them. Sends to a signed-in customer's own
 * number (no number, or a masked one, in the request) are left out: a third party cannot aim
 * them. All key spaces are capped.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { maskDigits } from '../../../core/mask.js';
import { outcome } from '../../weaknesses/sms-no-rate-limit/send.js';
import { defineRisk } from '../types.js';
import { SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { sendTarget, shownTarget } from './target.js';

const BUCKETS = 20;

export const smsBombingRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const key = randomBytes(32);
    const digest = (v: string): string => createHmac('sha256', key).update(v).digest('base64url').slice(0, 16);
    const perTarget = new SlidingCounter({ windowMs, buckets: BUCKETS, maxKeys: p.maxTargets });
    const refusedPerTarget = new SlidingCounter({ windowMs, buckets: BUCKETS, maxKeys: p.maxTargets });
    const perClient = new SlidingCounter({ windowMs, buckets: BUCKETS, maxKeys: p.maxClients });
    return {
      onExchange(f, emit) {
        const fn = f.functions();
        if (!fn.has('verification-send') || fn.has('login') || fn.has('verification-check')) return;
        const target = sendTarget(f);
        if (!target) return;
        const ts = f.tsMs;
        const ip = f.identity.client;
        const t = digest(`${target.kind}:${target.value}`);
        perTarget.add(t, ts);
        if (outcome(f) === 'refused') refusedPerTarget.add(t, ts);
        perClient.add(ip, ts);
        const endpoint = { app: f.app, method: f.method, pathTemplate: f.template() };
        const n = perTarget.count(t, ts);
        if (n >= p.perTargetPerWindow) {
          const shown = shownTarget(target);
          emit({
            at: f,
            subject: { ip, account: shown, endpoint },
            value: n,
            baseline: null,
            threshold: p.perTargetPerWindow,
            windowStartMs: ts - windowMs,
            detail: `${n} code send requests for ${target.kind === 'mobile' ? 'mobile' : 'e-mail'} ${maskDigits(shown)} in ${p.windowSeconds} s, ${refusedPerTarget.count(t, ts)} refused as too frequent (latest from ${ip})`,
          });
        }
        const c = perClient.count(ip, ts);
        if (c >= p.perClientPerWindow) {
          emit({
            at: f,
            subject: { ip, endpoint },
            value: c,
            baseline: null,
            threshold: p.perClientPerWindow,
            windowStartMs: ts - windowMs,
            detail: `${c} code send requests naming a recipient from this client in ${p.windowSeconds} s`,
          });
        }
      },
    };
  },
});
