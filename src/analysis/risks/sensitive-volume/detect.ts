/**
 * sensitive-volume: clear personal records received per client address and per account, against
 * policy limits and against the key's own history.
 *
 * A response counts as many records as the largest per-label count of personal labels in it
 * (a customer card with name, ID, mobile, card and address is one record; a list of 20 payees
 * with names and cards is 20), and as many identity documents as its clear ID/passport/permit
 * numbers. Masked occurrences count `maskedWeight` each (0 by default), whatever the mask keeps
 * (the scanner calls `110101********0037` partial; banks show IDs that way every day). Per key: identity documents over 24 h (`idDocsPerDay`), records
 * over 1 h (`recordsPerHour`) and 24 h (`recordsPerDay`), and, once the key has `baselineDays`
 * days of history, today's records against the median of its past days (MedianMadBaseline,
 * local days). The first limit passed makes the emission; the subject is the client address
 * with the account when there is one.
 *
 * Hot path: exchanges without response hits return at once; the rest loop over their hits once
 * into a reused array.
 */
import { KeyedBaselines, MedianMadBaseline } from '../baselines/index.js';
import { defineRisk, type RiskEmit, type RiskFacts } from '../types.js';
import { KeyedStore, WindowRing } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { accountKey } from '../account-profile/digest.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Windows {
  hour: WindowRing;
  day: WindowRing;
  idDocs: WindowRing;
}

interface Trip {
  value: number;
  baseline: number | null;
  threshold: number;
  windowMs: number;
  what: string;
}

export const sensitiveVolumeRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const index = new Map<string, number>(p.labels.map((l, i) => [l, i]));
    const isId = p.labels.map((l) => p.idLabels.includes(l));
    const perLabel = new Float64Array(p.labels.length);
    // the three windows of a key on one entry: one lookup per response, not three
    const windows = new KeyedStore<string, Windows>({ maxKeys: p.maxKeys, ttlMs: DAY });

    const perDayOptions = MedianMadBaseline.options({ size: 30, minSamples: p.baselineDays, counts: true, tzOffsetMinutes: p.tzOffsetMinutes });
    const perDay = new KeyedBaselines<MedianMadBaseline>({
      maxKeys: p.maxBaselineKeys,
      ttlMs: p.baselineTtlDays * DAY,
      create: () => new MedianMadBaseline(perDayOptions),
      revive: MedianMadBaseline.fromJSON,
    });

    /** Counts the response for `key` and returns the first limit it passes. */
    function tally(key: string, ts: number, records: number, ids: number): Trip | undefined {
      const b = perDay.get(key, ts);
      b.record(ts, records);
      let w = windows.get(key, ts);
      if (!w) windows.set(key, ts, (w = { hour: new WindowRing(HOUR / 12, 12, ts), day: new WindowRing(HOUR, 24, ts), idDocs: new WindowRing(HOUR, 24, ts) }));
      w.hour.add(ts, records);
      w.day.add(ts, records);
      if (ids > 0) {
        w.idDocs.add(ts, ids);
        const n = w.idDocs.count(ts);
        if (n > p.idDocsPerDay) return { value: n, baseline: null, threshold: p.idDocsPerDay, windowMs: DAY, what: 'clear identity-document numbers in 24 h' };
      }
      const h = w.hour.count(ts);
      if (h > p.recordsPerHour) return { value: h, baseline: null, threshold: p.recordsPerHour, windowMs: HOUR, what: 'personal records in 1 h' };
      const d = w.day.count(ts);
      const e = b.expected();
      if (d > p.recordsPerDay) return { value: d, baseline: e.ready ? e.mean : null, threshold: p.recordsPerDay, windowMs: DAY, what: 'personal records in 24 h' };
      const today = b.current(ts);
      if (today <= p.baselineMinRecords || !e.ready) return undefined;
      const j = b.judge(today, { k: p.k, minAbsolute: p.baselineMinRecords });
      if (!j.anomalous) return undefined;
      return { value: today, baseline: j.mean, threshold: j.threshold, windowMs: ts - startOfLocalDay(ts, p.tzOffsetMinutes), what: `personal records today (usual day ${Math.round(j.mean)})` };
    }

    return {
      onExchange(f, emit) {
        const hits = f.responseHits;
        if (hits.length === 0) return;
        perLabel.fill(0);
        let any = false;
        for (const h of hits) {
          const i = index.get(h.label);
          if (i === undefined) continue;
          const w = h.masked ? p.maskedWeight : 1;
          if (w === 0) continue;
          perLabel[i] += h.count * w;
          any = true;
        }
        if (!any) return;
        let records = 0;
        let ids = 0;
        for (let i = 0; i < perLabel.length; i++) {
          const n = perLabel[i]!;
          if (n > records) records = n;
          if (isId[i]) ids += n;
        }
        const ts = f.tsMs;
        const client = f.identity.client;
        const acct = f.identity.account;
        // The records go to whoever received them: the account when the request names one (many
        // customers share a carrier NAT or an office address: their records are theirs, not the
        // address's), else the client address (partners, scripts, unauthenticated APIs).
        const trip = acct === undefined ? tally(`ip:${client}`, ts, records, ids) : tally(`account:${accountKey(acct)}`, ts, records, ids);
        if (trip) emit(emission(f, trip, acct === undefined ? 'client' : 'account'));
      },
      save: () => perDay.toJSON(),
      load(state) {
        perDay.load(state);
      },
    };
  },
});

function emission(f: RiskFacts, t: Trip, by: 'client' | 'account'): RiskEmit {
  const acct = f.identity.account;
  return {
    at: f,
    subject: acct === undefined ? { ip: f.identity.client } : { ip: f.identity.client, account: acct },
    value: t.value,
    baseline: t.baseline,
    threshold: t.threshold,
    windowStartMs: f.tsMs - t.windowMs,
    detail: `${Math.round(t.value)} ${t.what} to one ${by} (limit ${Math.round(t.threshold)}), latest from ${f.identity.client}`,
  };
}

function startOfLocalDay(ts: number, tzOffsetMinutes: number): number {
  const off = tzOffsetMinutes * 60_000;
  return Math.floor((ts + off) / DAY) * DAY - off;
}
