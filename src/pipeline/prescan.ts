/**
 * Sensitive-data scanning in the decode threads. Scanning every body is the costliest analysis
 * (recognisers over all of it, JSON parsed once per body) while the decode threads sit half idle
 * waiting for the main thread, so when the sensitive stage runs, each worker scans the Exchanges
 * it makes and ships the hits with them; the stage on the main thread only aggregates (and
 * digests values for the trace index). Clear values cross the thread boundary in memory only.
 * In-thread decoding (tests, no built workers) leaves the scan to the stage itself.
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
  /**
   * Fraction of the Exchanges this thread scans (the rest is left to the stage): with one decode
   * thread beside the main thread, scanning everything there makes it the bottleneck while the
   * main thread idles, so the runner splits the work (default 1).
   */
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

/** Take the web-attack hits a decode thread attached (and drop them from the Exchange); undefined when it did not scan. */
export function takeAttackHits(ex: Exchange): AttackHit[] | undefined {
  const p = ex as Prescanned;
  const hits = p.attackHits;
  if (hits) delete p.attackHits;
  return hits;
}

/** Take the identity digests a decode thread attached (and drop them from the Exchange). */
export function takeIdentityDigests(ex: Exchange): RequestDigests | undefined {
  const p = ex as Prescanned;
  const d = p.identityDigests;
  if (d) delete p.identityDigests;
  return d;
}

/** Take the hits a decode thread attached (and drop them from the Exchange). */
export function takePrescanned(ex: Exchange): ExchangeHits | undefined {
  const p = ex as Prescanned;
  const hits = p.sensitiveHits;
  if (hits) delete p.sensitiveHits;
  return hits;
}
