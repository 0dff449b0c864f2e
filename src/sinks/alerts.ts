/**
 * What an input's risk results send to the SOC: one alert per incident and per event opened or
 * updated, keyed by id and the end of its window (a retry of the same state has the same key; a
 * later update of the same event is a new alert the SIEM can correlate by id).
 */
import type { Alert } from '../core/risk.js';
import type { RiskWrite } from '../store/index.js';

export function alertsOf(w: RiskWrite): Alert[] {
  const out: Alert[] = [];
  for (const i of w.incidents) out.push({ key: `incident:${i.id}:${i.end}`, kind: 'incident', severity: i.severity, ts: i.end, summary: `[${i.severity}] score ${i.score}: ${i.title}`, payload: i });
  for (const e of w.events) out.push({ key: `event:${e.id}:${e.end}`, kind: 'event', severity: e.severity, ts: e.end, summary: `[${e.severity}] ${e.slug}: ${e.detail}`, payload: e });
  return out;
}
