/**
 * bulk-export: exports per caller (account, else credential, else address) over a sliding
 * window. An export is a 2xx answer of an endpoint classed export or download, or one served as
 * an attachment, CSV or Excel. Fires when the records exported pass `minRecords` over at least
 * `minExports` exports, or when one caller makes `manyExports` exports.
 *
 * Why this way: the endpoint's function classes and two response headers decide first; records
 * are counted only for exports (CSV lines, else sensitive rows, else the longest JSON array).
 */
import { defineRisk, type RiskFacts } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { Halves, callerKey, callerSubject, recordsOf, type HalfState } from '../dumping/leakage.js';
import { descriptor } from './descriptor.js';

interface Agg {
  exports: number;
  records: number;
}

const SHEET_TYPE = /^\s*(?:text\/(?:csv|comma-separated-values|tab-separated-values)|application\/(?:csv|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml|x-xls))/i;

/** An answer that hands over a file of records. */
export function isExport(f: RiskFacts): boolean {
  const fn = f.functions();
  if (fn.has('export') || fn.has('download')) return true;
  const cd = f.responseHeader('content-disposition');
  if (cd !== undefined && /^\s*attachment/i.test(cd)) return true;
  const type = f.responseHeader('content-type');
  return type !== undefined && SHEET_TYPE.test(type);
}

export const bulkExportRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const halves = new Halves<Agg>(windowMs, () => ({ exports: 0, records: 0 }));
    const callers = new KeyedStore<string, HalfState<Agg>>({ maxKeys: p.maxCallers, ttlMs: windowMs });
    const fresh = (_k: string, ts: number): HalfState<Agg> => halves.create(ts);
    return {
      onExchange(f, emit) {
        if (f.status < 200 || f.status >= 300 || f.method === 'HEAD' || f.method === 'OPTIONS') return;
        if (!isExport(f)) return;
        const records = recordsOf(f);
        const s = callers.upsert(callerKey(f), f.tsMs, fresh);
        const a = halves.at(s, f.tsMs);
        a.exports++;
        a.records += records;
        const exports = a.exports + (s.prev?.exports ?? 0);
        const total = a.records + (s.prev?.records ?? 0);
        const large = total >= p.minRecords && exports >= p.minExports;
        if (!large && exports < p.manyExports) return;
        emit({
          at: f,
          subject: { ...callerSubject(f), endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: large ? total : exports,
          baseline: null,
          threshold: large ? p.minRecords : p.manyExports,
          windowStartMs: halves.startMs(s),
          detail: `${exports} exports with ${total} records to one caller in ${p.windowSeconds} s (latest ${f.method} ${f.template()}, ${records} records)`,
        });
      },
    };
  },
});
