export { EwmaBaseline, type EwmaBaselineOptions, type EwmaBaselineConfig, type EwmaBaselineJson, type EwmaExpectation, type Seasonality } from './ewma.js';
export { MedianMadBaseline, type MedianMadBaselineOptions, type MedianMadBaselineConfig, type MedianMadBaselineJson } from './median-mad.js';
export { KeyedBaselines, type KeyedBaselinesOptions, type KeyedBaselinesJson } from './keyed.js';
export { PeriodSum } from './period.js';
export type { Expectation, JudgeOptions, Judgement } from './judge.js';
