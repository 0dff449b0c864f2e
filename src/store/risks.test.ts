/**
 * Risk rows on both engines: events and incidents upserted by stable id, an analyst's incident
 * state kept when traffic updates the incident, its history, and the detectors' learnt state
 * written with the commit and read back at the next start.
 */
import { describe, expect, it } from 'vitest';
import type { Incident, RiskEvent } from '../core/risk.js';
import { GuanlanError } from '../core/errors.js';
import { forEachEngine } from '../../test/helpers/engines.js';
import { openStore, readDetectorState, readIncidentHistory, readIncidents, readRiskEvents, setIncidentState, type RiskWrite, type Store } from './index.js';

const event = (o: Partial<RiskEvent> = {}): RiskEvent => ({
  id: 'e0a1b2c3d4e5f601', ruleId: 'GL-R-0001', slug: 'brute-force', title: 'Brute force', dimension: 'account', severity: 'high', subject: { ip: '192.0.2.140', account: '*******5678' },
  start: '2024-06-03T01:00:00.000Z', end: '2024-06-03T01:05:00.000Z', value: 12, baseline: null, threshold: 10, detail: '12 failed logins', evidence: [], incidentId: 'a1b2c3d4e5f60718', ...o,
});
const incident = (o: Partial<Incident> = {}): Incident => ({
  id: 'a1b2c3d4e5f60718', subject: { ip: '192.0.2.140', account: '*******5678' }, start: '2024-06-03T01:00:00.000Z', end: '2024-06-03T01:05:00.000Z', severity: 'high', score: 70, state: 'open',
  rules: ['brute-force'], events: ['e0a1b2c3d4e5f601'], title: 'brute-force from account *******5678', ...o,
});

async function commit(store: Store, name: string, w: RiskWrite): Promise<void> {
  const { inputId } = await store.beginInput({ name, kind: 'jsonl', sizeBytes: 1, sha256: name });
  await store.finishInput(inputId, { exchanges: 1, packets: 0, bytes: 1, counters: {}, issues: 0, status: 'done' }, Object.assign(store.createBatch(), { risks: w }));
}

await forEachEngine((name, fresh) =>
  describe(`risk rows on ${name}`, () => {
    it('upserts events and incidents by id; an analyst state survives traffic; history is kept', async () => {
      const store = await openStore(await fresh());
      try {
        await commit(store, 'a', { events: [event()], incidents: [incident()] });
        const r = await setIncidentState(store.db, 'a1b2c3', 'acknowledged', { note: 'on it', actor: 'analyst1', now: new Date('2024-06-03T02:00:00Z') });
        expect(r).toEqual({ id: 'a1b2c3d4e5f60718', from: 'open', to: 'acknowledged' });
        // the attack goes on in the next input: same ids, later end, higher value
        // (an update never moves a start: the first sighting fixed it)
        await commit(store, 'b', { events: [event({ end: '2024-06-03T01:20:00.000Z', value: 40, start: '2024-06-03T00:59:00.000Z' })], incidents: [incident({ end: '2024-06-03T01:20:00.000Z', score: 75, start: '2024-06-03T00:59:00.000Z' })] });
        expect((await readRiskEvents(store.db)).map((e) => [e.id, e.value, e.start, e.end])).toEqual([['e0a1b2c3d4e5f601', 40, '2024-06-03T01:00:00.000Z', '2024-06-03T01:20:00.000Z']]);
        const [inc] = await readIncidents(store.db);
        expect([inc!.state, inc!.score, inc!.start, inc!.end]).toEqual(['acknowledged', 75, '2024-06-03T01:00:00.000Z', '2024-06-03T01:20:00.000Z']);
        await setIncidentState(store.db, 'a1b2c3d4', 'closed', { actor: 'analyst2', now: new Date('2024-06-03T03:00:00Z') });
        expect(await readIncidentHistory(store.db, 'a1b2c3d4e5f60718')).toEqual([
          { ts: '2024-06-03T02:00:00.000Z', actor: 'analyst1', from: 'open', to: 'acknowledged', note: 'on it' },
          { ts: '2024-06-03T03:00:00.000Z', actor: 'analyst2', from: 'acknowledged', to: 'closed', note: '' },
        ]);
        expect((await readIncidents(store.db, { state: 'closed' })).length).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('refuses unknown states, bad, unknown and repeated ids with a usage error', async () => {
      const store = await openStore(await fresh());
      try {
        await commit(store, 'a', { events: [event()], incidents: [incident()] });
        const now = new Date();
        await expect(setIncidentState(store.db, 'a1b2c3', 'resolved', { actor: 'x', now })).rejects.toThrow(/unknown state "resolved"; expected one of open, acknowledged, closed/);
        await expect(setIncidentState(store.db, 'zz', 'closed', { actor: 'x', now })).rejects.toThrow(GuanlanError);
        await expect(setIncidentState(store.db, 'ffff', 'closed', { actor: 'x', now })).rejects.toThrow(/no incident ffff/);
        await expect(setIncidentState(store.db, 'a1b2', 'open', { actor: 'x', now })).rejects.toThrow(/already open/);
      } finally {
        await store.close();
      }
    });

    it('keeps the learnt detector state, the newest per detector, and skips a damaged row', async () => {
      const store = await openStore(await fresh());
      try {
        expect(await readDetectorState(store.db)).toEqual({});
        await commit(store, 'a', { events: [], incidents: [], state: { 'abnormal-volume': { kind: 'keyed-baselines', v: 1, n: 1 }, 'unusual-hours': [1, 2] }, stateAt: '2024-06-03T01:00:00.000Z' });
        await store.writeRisks({ events: [], incidents: [], state: { 'abnormal-volume': { kind: 'keyed-baselines', v: 1, n: 2 } }, stateAt: '2024-06-03T02:00:00.000Z' });
        expect(await readDetectorState(store.db)).toEqual({ 'abnormal-volume': { kind: 'keyed-baselines', v: 1, n: 2 }, 'unusual-hours': [1, 2] });
        await store.db.updateTable('detector_state').set({ state: '{not json' }).where('slug', '=', 'unusual-hours').execute();
        expect(Object.keys(await readDetectorState(store.db))).toEqual(['abnormal-volume']);
      } finally {
        await store.close();
      }
    });
  }),
);
