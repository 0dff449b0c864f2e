/**
 * Benign traffic: customers arriving at the app and at internet banking as a Poisson process
 * whose rate follows a bank's day (busy late mornings and evenings, quiet nights, Beijing time),
 * plus the partners' steady server-to-server calls.
 */
import { ebankSession } from './apps/ebank.js';
import { mobileSession } from './apps/mobile.js';
import { PARTNERS, partnerTraffic } from './apps/openapi.js';
import type { Actor, SimContext, Spawn, Step } from './model.js';
import { customer } from './people.js';
import { type Rng, rngFor } from './rng.js';

/** Relative activity per hour of the day, Beijing time (peak 1). */
const HOURLY = [0.1, 0.06, 0.04, 0.03, 0.04, 0.08, 0.2, 0.45, 0.75, 0.95, 1, 0.95, 0.85, 0.8, 0.9, 0.95, 0.9, 0.85, 0.8, 0.9, 1, 0.95, 0.7, 0.35];
const MEAN = HOURLY.reduce((a, b) => a + b, 0) / 24;
const BEIJING_US = 8 * 3600e6;

/** Local (Beijing) hour of day with fraction, 0 ≤ h < 24. */
export function localHour(us: number): number {
  return (((us + BEIJING_US) % 86_400e6) + 86_400e6) % 86_400e6 / 3600e6;
}

/** The day's rhythm at this moment, 0–1 (linear between hours). */
export function rhythm(us: number): number {
  const h = localHour(us);
  const i = Math.floor(h);
  const f = h - i;
  return HOURLY[i] * (1 - f) + HOURLY[(i + 1) % 24] * f;
}

/** Per-day session and call counts per customer (before --exchanges scaling). */
export const PER_USER_PER_DAY = { mobile: 1.1, ebank: 0.3, partner: 0.12 };

/** Sessions arriving over the window, `perDay` on average, shaped by the day's rhythm. */
function* arrivals(ctx: SimContext, key: string, perDay: number, start: (i: number, t: number, r: Rng) => Actor | undefined): Generator<Spawn> {
  if (perDay <= 0) return;
  const r = rngFor(ctx.seed, `arrivals:${key}`);
  const peakGap = (86_400e6 * MEAN) / perDay;
  let t = ctx.startUs;
  let i = 0;
  while (true) {
    t += r.exp(peakGap);
    if (t >= ctx.endUs) return;
    if (r.next() >= rhythm(t)) continue;
    const at = Math.round(t);
    const actor = start(i++, at, rngFor(ctx.seed, `${key}:${i}`));
    if (actor) yield { kind: 'spawn', t: at, actor };
  }
}

/** A customer who uses this channel, chosen in proportion to how often they use it. */
function pickCustomer(ctx: SimContext, r: Rng, channel: 'mobilePerDay' | 'webPerDay'): ReturnType<typeof customer> | undefined {
  for (let k = 0; k < 40; k++) {
    const c = customer(ctx.seed, r.int(0, ctx.users - 1));
    if (r.next() < c[channel] / 3) return c;
  }
  return undefined;
}

/** Every benign actor of the run; `scale` multiplies all rates (for --exchanges). */
export function benignActors(ctx: SimContext, scale: number): Actor[] {
  const days = ctx.users * scale;
  const out: Actor[] = [
    arrivals(ctx, 'mobile', days * PER_USER_PER_DAY.mobile, (_i, t, r) => {
      const c = pickCustomer(ctx, r, 'mobilePerDay');
      return c && (mobileSession(ctx, c, t, r) as Generator<Step>);
    }),
    arrivals(ctx, 'ebank', days * PER_USER_PER_DAY.ebank, (_i, t, r) => {
      const c = pickCustomer(ctx, r, 'webPerDay');
      return c && ebankSession(ctx, c, t, r);
    }),
  ];
  for (const p of PARTNERS) out.push(partnerTraffic(ctx, p, (days * PER_USER_PER_DAY.partner * (p.kind === 'verify' ? 1.5 : 1)) / PARTNERS.length, rhythm));
  return out;
}
