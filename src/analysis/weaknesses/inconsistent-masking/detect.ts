/**
 * inconsistent-masking: the same kind of personal data masked in one place and clear (or more
 * lightly masked) in another, so that the weakest API defeats the masking of all the others.
 * An end-of-input detector over every endpoint's response labels (LabelStat: exchanges that
 * carried a label at a field, and how many of them masked it), with the mask patterns and a hint
 * of the clear values' variety collected per exchange (bounded, per endpoint and field). In order
 * of precedence, one finding per (endpoint, field), on the field that is the weak spot:
 *   1. mixed: one field masked in some responses and clear in others (99 % masked is still 1 % clear);
 *   2. clear here, masked elsewhere: a field always clear while another field or endpoint of the
 *      same app (or, with `acrossApps`, of another app) masks the label; a field that showed one
 *      and the same value in many responses is reference data (a hotline), not a customer's;
 *   3. a mask pattern that shows characters the strictest pattern of the same label hides
 *      (`keep 7+0` beside `keep 3+4`: together they give the whole number);
 *   4. partial: masked, but what stays visible still identifies (the recogniser's judgement).
 * Only the response direction. Patterns are counted per input run; counts come from the catalog.
 */
import { EndpointLabels, type LabelStat } from '../../sensitive/endpoint-labels.js';
import type { LabelId } from '../../sensitive/labels.js';
import { defineDetector, type EndpointView, type Reporter } from '../types.js';
import { descriptor } from './descriptor.js';

/** bounds on what is collected per exchange */
const MAX_ENDPOINTS = 20_000;
const MAX_FIELDS = 64;
const MAX_PATTERNS = 4;

/** What one field of one endpoint showed. */
interface FieldRecord {
  /** exchanges with a clear value */
  clear: number;
  /** distinct masked samples of the clear values (at most 2: one means "always the same value") */
  samples: string[];
  /** a clear hit held several values in one response */
  varied: boolean;
  /** mask pattern → exchanges */
  patterns: Map<string, number>;
}
type EndpointRecord = Map<string, FieldRecord>;

interface Entry {
  view: EndpointView;
  stat: LabelStat;
  clear: number;
  masked: number;
  patterns: [string, number][];
  constant: boolean;
}

const fieldKey = (label: string, location: string): string => `${label}\t${location}`;

function keep(pattern: string): [number, number] | undefined {
  const m = /^keep (\d+)\+(\d+)$/.exec(pattern);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function mergeRecord(into: EndpointRecord, from: EndpointRecord): void {
  for (const [k, r] of from) {
    const e = into.get(k);
    if (!e) {
      if (into.size < MAX_FIELDS) into.set(k, r);
      continue;
    }
    e.clear += r.clear;
    e.varied ||= r.varied;
    for (const s of r.samples) if (e.samples.length < 2 && !e.samples.includes(s)) e.samples.push(s);
    for (const [pt, n] of r.patterns) if (e.patterns.has(pt) || e.patterns.size < MAX_PATTERNS) e.patterns.set(pt, (e.patterns.get(pt) ?? 0) + n);
  }
}

const endpointName = (v: EndpointView, from: EndpointView): string => `${v.method} ${v.pathTemplate}${v.app !== from.app ? ` (${v.app})` : ''}`;
const patternsOf = (e: Entry): string => e.patterns.map(([pt]) => pt).join(', ') || 'masked';

export const inconsistentMasking = defineDetector({
  descriptor,
  create: (p) => {
    const field = new Set<LabelId>(p.labels);
    const cross = new Set<LabelId>(p.crossLabels);
    const patterned = new Set<LabelId>(p.patternLabels);
    const tracked = new Set<LabelId>([...p.labels, ...p.crossLabels, ...p.patternLabels]);
    /** keyed by the endpoint's label aggregate (it follows template merges through `live()`), else its statistics */
    let records = new Map<object, EndpointRecord>();

    const named = (refs: readonly Entry[], from: EndpointView, withPatterns: boolean): string => {
      const names = refs.slice(0, p.maxNamed).map((r) => `${endpointName(r.view, from)}${withPatterns ? ` [${patternsOf(r)}]` : ''}`);
      return names.join(', ') + (refs.length > p.maxNamed ? ` and ${refs.length - p.maxNamed} more` : '');
    };

    return {
      onExchange(f) {
        const hits = f.responseHits;
        if (hits.length === 0) return;
        let rec: EndpointRecord | undefined;
        for (const h of hits) {
          if (!tracked.has(h.label)) continue;
          if (!rec) {
            const key: object = f.endpoint.sensitive ?? f.endpoint;
            rec = records.get(key);
            if (!rec) {
              if (records.size >= MAX_ENDPOINTS) return;
              records.set(key, (rec = new Map()));
            }
          }
          const k = fieldKey(h.label, h.location);
          let r = rec.get(k);
          if (!r) {
            if (rec.size >= MAX_FIELDS) continue;
            rec.set(k, (r = { clear: 0, samples: [], varied: false, patterns: new Map() }));
          }
          if (h.masked) {
            const pt = h.maskPattern;
            if (pt && (r.patterns.has(pt) || r.patterns.size < MAX_PATTERNS)) r.patterns.set(pt, (r.patterns.get(pt) ?? 0) + 1);
          } else {
            r.clear++;
            if (h.count > 1) r.varied = true;
            if (r.samples.length < 2 && !r.samples.includes(h.sample)) r.samples.push(h.sample);
          }
        }
      },

      onFinish(views, report: Reporter) {
        // fold what was collected under raw paths into the templates they were merged into
        const live = new Map<object, EndpointRecord>();
        for (const [k, r] of records) {
          const lk = k instanceof EndpointLabels ? k.live() : k;
          const into = live.get(lk);
          if (into) mergeRecord(into, r);
          else live.set(lk, r);
        }
        records = live;

        const byLabel = new Map<LabelId, Entry[]>();
        for (const view of views) {
          const rec = records.get(view.stats.sensitive ?? view.stats);
          for (const stat of view.labels) {
            if (stat.direction !== 'response' || !tracked.has(stat.label)) continue;
            const r = rec?.get(fieldKey(stat.label, stat.location));
            const masked = stat.maskedCount;
            const clear = stat.count - masked;
            const constant = !!r && masked === 0 && !r.varied && r.samples.length === 1 && clear >= p.constantMinExchanges;
            const e: Entry = { view, stat, clear, masked, patterns: r ? [...r.patterns].sort((a, b) => b[1] - a[1]) : [], constant };
            let list = byLabel.get(stat.label);
            if (!list) byLabel.set(stat.label, (list = []));
            list.push(e);
          }
        }

        const done = new Set<Entry>();
        const put = (e: Entry, detail: string, data: Record<string, unknown>): void => {
          done.add(e);
          report({ at: e.view, location: e.stat.location, detail, data: { label: e.stat.label, clear: e.clear, masked: e.masked, ...data } });
        };

        for (const [label, entries] of byLabel) {
          // 1. one field, masked and clear
          if (field.has(label)) {
            for (const e of entries) {
              if (e.clear === 0 || e.masked === 0) continue;
              put(e, `${label} in "${e.stat.location}" masked in ${e.masked} of ${e.stat.count} responses (${patternsOf(e)}) but clear in ${e.clear}`, { rule: 'mixed', patterns: e.patterns.map(([pt]) => pt) });
            }
          }
          // 2. always clear here, masked elsewhere
          if (cross.has(label)) {
            // the most used masked places first: they state the bank's rule best
            const maskedAt = entries.filter((m) => m.masked > 0).sort((a, b) => b.masked - a.masked);
            if (maskedAt.length > 0) {
              for (const e of entries) {
                if (done.has(e) || e.masked > 0 || e.clear === 0 || e.constant) continue;
                let refs = maskedAt.filter((m) => m !== e && m.view.app === e.view.app);
                if (refs.length === 0 && p.acrossApps) refs = maskedAt.filter((m) => m.view.app !== e.view.app);
                if (refs.length === 0) continue;
                put(e, `${label} returned in clear in "${e.stat.location}" (${e.clear} ${e.clear === 1 ? 'response' : 'responses'}) but masked at ${named(refs, e.view, true)}`, {
                  rule: 'clear-vs-masked',
                  maskedAt: refs.slice(0, p.maxNamed).map((r) => `${r.view.app} ${r.view.method} ${r.view.pathTemplate} ${r.stat.location}`),
                });
              }
            }
          }
          // 3. a pattern that shows what the strictest one hides
          if (patterned.has(label)) {
            const scopes = new Map<string, Entry[]>();
            for (const e of entries) {
              if (e.patterns.length === 0) continue;
              const s = p.acrossApps ? '' : e.view.app;
              let l = scopes.get(s);
              if (!l) scopes.set(s, (l = []));
              l.push(e);
            }
            for (const scoped of scopes.values()) {
              const uses = new Map<string, number>();
              for (const e of scoped) for (const [pt, n] of e.patterns) uses.set(pt, (uses.get(pt) ?? 0) + n);
              if (uses.size < 2) continue;
              let strict: string | undefined;
              let sk: [number, number] | undefined;
              for (const [pt, n] of uses) {
                const k = keep(pt);
                if (!k) continue;
                if (!sk || k[0] + k[1] < sk[0] + sk[1] || (k[0] + k[1] === sk[0] + sk[1] && n > uses.get(strict!)!)) [strict, sk] = [pt, k];
              }
              if (!strict || !sk) continue;
              const strictAt = scoped.filter((e) => e.patterns.some(([pt]) => pt === strict));
              for (const e of scoped) {
                if (done.has(e)) continue;
                const weak = e.patterns.map(([pt]) => pt).filter((pt) => {
                  const k = keep(pt);
                  return !!k && (k[0] > sk[0] || k[1] > sk[1]);
                });
                if (weak.length === 0) continue;
                const refs = strictAt.filter((r) => r !== e);
                const where = refs.length ? ` at ${named(refs, e.view, false)}` : ' in other responses of this field';
                put(e, `${label} in "${e.stat.location}" masked as ${weak.join(', ')}, showing characters that ${strict}${where} hides`, { rule: 'pattern', patterns: weak, strictest: strict });
              }
            }
          }
          // 4. masked, but still identifying
          if (p.reportPartial && field.has(label)) {
            for (const e of entries) {
              if (done.has(e) || !e.stat.partial || e.masked === 0) continue;
              put(e, `${label} in "${e.stat.location}" masked (${patternsOf(e)}) but what stays visible still identifies`, { rule: 'partial', patterns: e.patterns.map(([pt]) => pt) });
            }
          }
        }
      },
    };
  },
});
