/**
 * Per-request work done in the decode threads: pure functions of an Exchange whose results ride
 * with it to the main thread (web-attack hits, identity's session and device digests, and the
 * sensitive-data hits of the `share` of bodies the runner gives the thread; runner.ts says why
 * that share is 0 with one decode thread). The stages on the main thread take the results and
 * compute themselves whatever was not attached. Clear values cross the thread boundary in memory
 * only. In-thread decoding (tests, no built workers) leaves everything to the stages.
 */
import type { Counters } from '../core/anomalies.js';
import type { Exchange } from '../core/exchange.js';
import { scanExchange, type ExchangeHits, type ScanCounters } from '../analysis/sensitive/exchange-scan.js';
import type { LabelId } from '../analysis/sensitive/labels.js';
import { detectAttacks, type AttackHit } from '../analysis/risks/attacks/index.js';
import { IdentityResolver, type RequestDigests } from '../analysis/identity/identity.js';

/** What a worker needs to scan as the stage would (structured-clone friendly). */
export interface PrescanSettings {
  disabled: LabelId[];
  allowKeys: string[];
  maxBodyBytes: number;
  /** keep clear values of response hits for the trace index */
  withValues: boolean;
  /** Fraction of the Exchanges whose bodies this thread scans, the rest left to the stage (default 1; the runner sets it, see runner.ts). */
  share?: number;
  /**
   * Also run the web-attack scan on every request (risk stage): a pure function of the request,
   * so the decode threads do it and the main thread only reads the hits.
   */
  attacks?: boolean;
  /**
   * With the risk stage: the key of identity's session and device digests, so each request's
   * digests (an HMAC of its credential and of its device headers) are computed here, not on the
   * main thread, which resolves identities in order (identity/identity.ts `requestDigests`).
   */
  identityKey?: Uint8Array;
}

/** An Exchange carrying the hits its decode thread found. */
export type Prescanned = Exchange & { sensitiveHits?: ExchangeHits; attackHits?: AttackHit[]; identityDigests?: RequestDigests };

/** The scanner a worker runs on each Exchange; its skip counters go to the worker's counters. */
export function prescanner(p: PrescanSettings | undefined, counters: Counters): ((ex: Exchange) => void) | undefined {
  if (!p) return undefined;
  const attacks = p.attacks === true;
  const identity = p.identityKey ? new IdentityResolver({ key: Buffer.from(p.identityKey) }) : undefined;
  const opts = { disabled: new Set(p.disabled), allowKeys: new Set(p.allowKeys), maxBodyBytes: p.maxBodyBytes, withValues: p.withValues };
  const c: ScanCounters = { skipped: 0, truncated: 0, failed: 0 };
  const share = Math.min(1, Math.max(0, p.share ?? 1));
  let credit = 0;
  if (share === 0 && !attacks && !identity) return undefined;
  return (ex) => {
    if (attacks) (ex as Prescanned).attackHits = detectAttacks(ex.request);
    if (identity) (ex as Prescanned).identityDigests = identity.requestDigests(ex);
    // scan `share` of the Exchanges, spread evenly (every other one at 0.5)
    credit += share;
    if (credit < 1) return;
    credit -= 1;
    const { skipped, truncated, failed } = c;
    (ex as Prescanned).sensitiveHits = scanExchange(ex, { ...opts, refTime: Date.parse(ex.ts) }, c);
    if (c.skipped !== skipped) counters.inc('sensitive.body_skipped', c.skipped - skipped);
    if (c.truncated !== truncated) counters.inc('sensitive.body_truncated', c.truncated - truncated);
    if (c.failed !== failed) counters.inc('sensitive.body_failed', c.failed - failed);
  };
}

/**
 * What a decode thread attached under `k`, cleared on the Exchange; undefined when it attached
 * nothing. Cleared, not deleted: `delete` of a property that is not the last one added turns the
 * object into a dictionary, and every later property read on the Exchange (all the stages after
 * this one) goes through a hash lookup.
 */
function take<K extends 'sensitiveHits' | 'attackHits' | 'identityDigests'>(ex: Exchange, k: K): Prescanned[K] {
  const p = ex as Prescanned;
  const v = p[k];
  if (v) p[k] = undefined;
  return v;
}

/** Take the web-attack hits a decode thread attached (cleared on the Exchange); undefined when it did not scan. */
export const takeAttackHits = (ex: Exchange): AttackHit[] | undefined => take(ex, 'attackHits');

/** Take the identity digests a decode thread attached (cleared on the Exchange). */
export const takeIdentityDigests = (ex: Exchange): RequestDigests | undefined => take(ex, 'identityDigests');

/** Take the hits a decode thread attached (cleared on the Exchange). */
export const takePrescanned = (ex: Exchange): ExchangeHits | undefined => take(ex, 'sensitiveHits');
