/** Options → the scan context shared by the scanners. */
import type { ScanCtx } from './tokens.js';
import type { ScanOptions } from './types.js';

/** 2100-01-01: birth dates up to here are plausible when no event time is given. */
const LATEST = Date.UTC(2100, 0, 1);

/** The last context made for an event time: the scans of one exchange (query, headers, body…) share it. */
let last: ScanCtx | undefined;

export function scanContext(opts: ScanOptions): ScanCtx {
  if (opts.refTime !== undefined && last !== undefined && last.refTime === opts.refTime && last.disabled === opts.disabled) return last;
  const refTime = opts.refTime ?? LATEST;
  const ctx: ScanCtx = {
    refTime,
    // timestamps are judged against event time; without one, against the wall clock
    now: opts.refTime ?? Date.now(),
    disabled: opts.disabled,
    hinted: { hinted: true, refTime },
  };
  // never changed once made (shared by every scan of the exchange), so the next scan may take it
  if (opts.refTime !== undefined) last = ctx;
  return ctx;
}
