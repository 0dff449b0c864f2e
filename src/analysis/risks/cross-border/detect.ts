/**
 * cross-border: personal data (clear ID numbers, mobiles, card numbers, names, addresses…) sent to
 * a client abroad. Per foreign client over a sliding window it counts records (each answer adds
 * its largest per-label count: a customer record carries several labels, a list of 500 carries
 * 500) and estimates distinct people from the labels that name a person (ID documents, mobiles,
 * e-mails: the masked sample of each answer's most identifying one; a list answer adds up to
 * `maxPeoplePerAnswer`). Both over threshold make an event: a customer abroad reading their own
 * profile, or their transaction list with payees' cards and names, adds records but hardly any
 * people. Clients at home, internal, allow-listed or of unknown place cost one geo lookup
 * (cached) and keep no state.
 */
import { SourcePolicy } from '../../geo/policy.js';
import type { DataHit } from '../../sensitive/types.js';
import { defineRisk } from '../types.js';
import { DistinctCounter, SlidingCounter } from '../window/index.js';
import { descriptor, PERSONAL_LABELS } from './descriptor.js';

/** lower is more identifying; labels outside the default list come last */
const RANK = new Map<string, number>(PERSONAL_LABELS.map((l, i) => [l, i]));
const rank = (h: DataHit): number => RANK.get(h.label) ?? 99;
/** of two hits, the one that says more: more occurrences, then the more identifying label */
const better = (h: DataHit, than: DataHit | undefined): boolean => !than || h.count > than.count || (h.count === than.count && rank(h) < rank(than));

export const crossBorderRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const labels = new Set<string>(p.labels);
    const personLabels = new Set<string>(p.personLabels);
    const policy = new SourcePolicy({ allowCountries: p.allowCountries, allowNetworks: p.allowNetworks, allowAsns: p.allowAsns });
    const records = new SlidingCounter({ windowMs, buckets: 12, maxKeys: p.maxClients });
    const people = new DistinctCounter({ windowMs, maxKeys: p.maxClients });
    const counts = (h: DataHit): boolean => labels.has(h.label) && (!h.masked || p.countMasked || (p.countPartiallyMasked && h.partial === true));

    return {
      onExchange(f, emit) {
        const hits = f.responseHits;
        if (hits.length === 0) return;
        let top: DataHit | undefined;
        let person: DataHit | undefined;
        for (const h of hits) {
          if (!counts(h)) continue;
          if (better(h, top)) top = h;
          if (personLabels.has(h.label) && better(h, person)) person = h;
        }
        if (!top) return;
        const n = top.count;
        const ip = f.identity.client;
        const g = f.geo();
        const j = policy.judge(ip, g, f.homeCountries);
        if (j.verdict === 'allowed') return;

        records.add(ip, f.tsMs, n);
        if (person) {
          // the same answer again (same first sample) adds nobody new; another page or person does
          const k = Math.min(person.count, p.maxPeoplePerAnswer);
          for (let i = 0; i < k; i++) people.add(ip, f.tsMs, `${person.label}\u0000${person.sample}\u0000${i}`);
        }
        const total = records.count(ip, f.tsMs);
        if (total < p.minRecords) return;
        const persons = people.count(ip, f.tsMs);
        if (persons < p.minPeople) return;

        const account = f.identity.account;
        const kinds = [...new Set(hits.filter(counts).map((h) => h.label))].sort().join(', ');
        emit({
          at: f,
          subject: { ip, ...(account ? { account } : {}), endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: total,
          baseline: null,
          threshold: p.minRecords,
          windowStartMs: f.tsMs - windowMs,
          detail: `${total} personal-data records (~${persons} people; latest answer: ${kinds}) sent in ${p.windowSeconds} s to a client in ${SourcePolicy.where(g)}`,
        });
      },
    };
  },
});
