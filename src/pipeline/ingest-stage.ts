/**
 * The ingest bookkeeping stage: per host/method/raw-path counts and a bounded, masked sample of
 * Exchanges (gathered in the store's InputBatch, written in one transaction at the end of the
 * input), plus the summary figures: anomaly (note) counts, status and method mix, time range.
 * Its counts depend only on the Exchanges, so `guanlan exchanges X.pcap | guanlan analyze -`
 * counts exactly what `guanlan analyze X.pcap` does.
 */
import type { Exchange } from '../core/exchange.js';
import { InputBatch, type SampleLimits } from '../store/batch.js';
import { maskDigits } from '../core/mask.js';
import { maskExchange } from './sample-mask.js';
import type { InputContext, Stage } from './stage.js';

export interface IngestResult {
  exchanges: number;
  withoutResponse: number;
  /** counts of Exchange notes (named anomalies) */
  notes: Record<string, number>;
  /** '2xx' … '5xx', 'none' */
  statusClasses: Record<string, number>;
  methods: Record<string, number>;
  firstTs?: string;
  lastTs?: string;
  /** path counts and masked samples for the store */
  batch: InputBatch;
}

const inc = (o: Record<string, number>, k: string): void => {
  o[k] = (o[k] ?? 0) + 1;
};
const toSampleJson = (ex: Exchange): string => JSON.stringify(maskExchange(ex));

/** Samples one input may keep in memory until its commit (the store keeps its own overall cap). */
export const INPUT_SAMPLE_LIMITS: SampleLimits = { perKey: 3, total: 1000 };

export class IngestStage implements Stage<IngestResult> {
  readonly name = 'ingest';
  private r: IngestResult;

  constructor(private readonly limits: SampleLimits = INPUT_SAMPLE_LIMITS) {
    this.r = this.fresh();
  }

  private fresh(): IngestResult {
    return { exchanges: 0, withoutResponse: 0, notes: {}, statusClasses: {}, methods: {}, batch: new InputBatch(this.limits) };
  }

  onExchange(ex: Exchange): void {
    const r = this.r;
    r.exchanges++;
    if (ex.notes) for (const n of ex.notes) inc(r.notes, n);
    const status = ex.response?.status;
    if (status === undefined) r.withoutResponse++;
    inc(r.statusClasses, status === undefined ? 'none' : `${Math.floor(status / 100)}xx`);
    inc(r.methods, ex.request.method);
    if (r.firstTs === undefined || ex.ts < r.firstTs) r.firstTs = ex.ts;
    if (r.lastTs === undefined || ex.ts > r.lastTs) r.lastTs = ex.ts;
    r.batch.addExchange(ex, toSampleJson, maskDigits);
  }

  /** Exchanges seen since the input (or segment) began. */
  get exchanges(): number {
    return this.r.exchanges;
  }

  endInput(_input: InputContext): IngestResult {
    const out = this.r;
    this.r = this.fresh();
    return out;
  }
}
