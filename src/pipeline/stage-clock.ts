/**
 * Main-thread time per analysis stage, for benchmarks: `GUANLAN_STAGE_TIMES=1 guanlan analyze …`
 * prints one line on stderr at exit, `GUANLAN_STAGE_TIMES {"discovery":ms,…}`, which
 * `npm run bench` reads. The difference between two runs (GUANLAN_STAGES) says what a stage adds
 * to the whole, including what it does to the others (memory, caches, GC); this says where the
 * main thread's time goes inside one run, without a profiler's own cost and distortion.
 *
 * Parts: `discovery` (the catalog), `sensitive` (the scan, and taking what the decode threads
 * attached), `facts` (building the detectors' shared facts), `weaknesses`, `risks` (identity and
 * the detectors), `trace` (the leak-trace index), `total`, the whole batch handler (ingest's
 * own counting and the parts above), and `commit`, the end of each input: the stages' results
 * made into rows and written (wall time, waits for the digest worker included).
 *
 * Off (the default) every `lap` returns 0 at once and nothing is read from the clock.
 *
 *   let t = clock.start();
 *   catalog.observe(ex);
 *   t = clock.lap('discovery', t);
 */
import { performance } from 'node:perf_hooks';

export const STAGE_PARTS = ['discovery', 'sensitive', 'facts', 'weaknesses', 'risks', 'trace', 'total', 'commit'] as const;
export type StagePart = (typeof STAGE_PARTS)[number];

export class StageClock {
  private readonly ms = new Float64Array(STAGE_PARTS.length);
  private readonly index = new Map<StagePart, number>(STAGE_PARTS.map((p, i) => [p, i]));

  constructor(readonly enabled: boolean) {}

  /** The time to measure the first part from (0 when off). */
  start(): number {
    return this.enabled ? performance.now() : 0;
  }

  /** Adds the time since `since` to `part`; returns now, the start of the next part. */
  lap(part: StagePart, since: number): number {
    if (!this.enabled) return 0;
    const now = performance.now();
    this.ms[this.index.get(part)!] += now - since;
    return now;
  }

  /** Milliseconds per part, rounded. */
  toJSON(): Record<StagePart, number> {
    const out = {} as Record<StagePart, number>;
    STAGE_PARTS.forEach((p, i) => (out[p] = Math.round(this.ms[i]!)));
    return out;
  }
}

let shared: StageClock | undefined;

/** The process's clock, on when GUANLAN_STAGE_TIMES=1 (it then reports at exit). */
export function stageClock(): StageClock {
  if (!shared) {
    shared = new StageClock(process.env.GUANLAN_STAGE_TIMES === '1');
    const c = shared;
    if (c.enabled) process.on('exit', () => process.stderr.write(`GUANLAN_STAGE_TIMES ${JSON.stringify(c.toJSON())}\n`));
  }
  return shared;
}
