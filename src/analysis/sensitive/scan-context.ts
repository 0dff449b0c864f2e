/** Options → the scan context shared by the scanners. */
import type { ScanCtx } from './tokens.js';
import type { ScanOptions } from './types.js';

/** 2100-01-01: birth dates up to here are plausible when no event time is given. */
const LATEST = Date.UTC(2100, 0, 1);

export function scanContext(opts: ScanOptions): ScanCtx {
  const refTime = opts.refTime ?? LATEST;
  return {
    refTime,
    // timestamps are judged against event time; without one, against the wall clock
    now: opts.refTime ?? Date.now(),
    disabled: opts.disabled,
    hinted: { hinted: true, refTime },
  };
}
