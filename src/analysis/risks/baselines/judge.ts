/** What a baseline expects and how a measured value compares; shared by every baseline. */

export interface Expectation {
  /** expected value (EWMA mean, or median) */
  mean: number;
  /** σ-like spread, with its floors applied (never 0) */
  spread: number;
  /** false during warm-up: do not judge */
  ready: boolean;
  /** observations behind this expectation */
  samples: number;
}

export interface JudgeOptions {
  /** spreads above the mean that are still normal */
  k?: number;
  /** the threshold is never below this (a floor for quiet subjects: 3 logins at night are not an attack) */
  minAbsolute?: number;
}

export interface Judgement extends Expectation {
  value: number;
  /** (value - mean) / spread; 0 when not ready */
  score: number;
  /** max(mean + k·spread, minAbsolute) */
  threshold: number;
  /** ready and value > threshold */
  anomalous: boolean;
}

export function judge<E extends Expectation>(e: E, value: number, k: number, minAbsolute: number): E & Judgement {
  const threshold = Math.max(e.mean + k * e.spread, minAbsolute);
  return {
    ...e,
    value,
    score: e.ready ? (value - e.mean) / e.spread : 0,
    threshold,
    anomalous: e.ready && value > threshold,
  };
}
