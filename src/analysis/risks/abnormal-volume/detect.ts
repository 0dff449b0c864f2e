/**
 * abnormal-volume: responses far larger than the endpoint usually answers, received repeatedly by
 * one client. Each endpoint keeps a population baseline of response sizes (median and MAD over its
 * recent successful responses, whoever asked), so it is ready after `minSamples` responses, not
 * after days, and one client cannot teach it much: outsized responses are judged before they are
 * learnt and are not learnt. A response is outsized above max(median + k·σ, minRatio × median,
 * minBytes); a client (its account, else its address) with `minResponses` outsized responses from
 * one endpoint within the window makes an event on (endpoint, client, account).
 *
 * Hot path: responses below `minBytes` only feed the ring (O(1)); the median is recomputed only
 * when a large response asks for a judgement.
 */
import { bodyByteLength } from '../../../core/exchange.js';
import { KeyedBaselines, MedianMadBaseline } from '../baselines/index.js';
import { endpointId, endpointKey } from '../dumping/leakage.js';
import { defineRisk } from '../types.js';
import { SlidingCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';

const DAY = 86_400_000;

/** 1536 → "1.5 KB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const abnormalVolumeRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const baselineOptions = MedianMadBaseline.options({ size: p.sampleSize, minSamples: p.minSamples });
    const perEndpoint = new KeyedBaselines<MedianMadBaseline>({
      maxKeys: p.maxEndpoints,
      ttlMs: p.endpointTtlDays * DAY,
      create: () => new MedianMadBaseline(baselineOptions),
      revive: MedianMadBaseline.fromJSON,
    });
    const outsized = new SlidingCounter({ windowMs, buckets: 12, maxKeys: p.maxClients });
    const outsizedBytes = new SlidingCounter({ windowMs, buckets: 12, maxKeys: p.maxClients });
    return {
      onExchange(f, emit) {
        const res = f.ex.response;
        if (res === undefined || f.status < 200 || f.status >= 300 || !res.body) return;
        const bytes = bodyByteLength(res);
        const template = f.template();
        const where = endpointKey(f);
        const baseline = perEndpoint.get(where, f.tsMs);
        if (bytes < p.minBytes) {
          baseline.observe(bytes);
          return;
        }
        const median = baseline.expected().mean;
        const j = baseline.judge(bytes, { k: p.k, minAbsolute: Math.max(p.minBytes, p.minRatio * median) });
        if (!j.anomalous) {
          baseline.observe(bytes);
          return;
        }
        const who = f.identity.account ?? f.identity.client;
        const key = `${endpointId(f)}\n${who}`;
        outsized.add(key, f.tsMs);
        outsizedBytes.add(key, f.tsMs, bytes);
        const n = outsized.count(key, f.tsMs);
        if (n < p.minResponses) return;
        let rows = 0;
        for (const h of f.responseHits) if (h.count > rows) rows = h.count;
        const total = outsizedBytes.count(key, f.tsMs);
        const endpoint = { app: f.app, method: f.method, pathTemplate: template };
        emit({
          at: f,
          subject: f.identity.account === undefined ? { ip: f.identity.client, endpoint } : { ip: f.identity.client, account: f.identity.account, endpoint },
          value: bytes,
          baseline: j.mean,
          threshold: j.threshold,
          windowStartMs: f.tsMs - windowMs,
          detail:
            `${n} responses above ${formatBytes(j.threshold)} in ${p.windowSeconds} s (endpoint median ${formatBytes(j.mean)}), ` +
            `${formatBytes(total)} in all; latest ${formatBytes(bytes)}${rows > 1 ? `, ${rows} labelled rows` : ''}`,
        });
      },
      save: () => perEndpoint.toJSON(),
      load(state) {
        perEndpoint.load(state);
      },
    };
  },
});
