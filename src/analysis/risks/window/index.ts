export { KeyedStore, type KeyedStoreOptions, type EvictReason } from './keyed-store.js';
export { SlidingCounter, WindowRing, type SlidingCounterOptions } from './sliding-counter.js';
export { DistinctCounter, type DistinctCounterOptions } from './distinct-counter.js';
