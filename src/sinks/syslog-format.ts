/**
 * Alerts as syslog messages: RFC 5424 with Guanlan structured data, the MSG either the alert's
 * JSON or an ArcSight CEF line; octet-counting framing (RFC 6587 §3.4.1) for TCP and TLS.
 *
 *   <146>1 2024-05-01T08:00:03.000Z sensor-1 guanlan 4121 GL-R-0001 [guanlan@32473 key="…" kind="event" severity="high" …] {"key":…}
 *   <146>1 … GL-R-0001 [guanlan@32473 …] CEF:0|Guanlan|Guanlan|0.1.0|GL-R-0001|Brute force|8|externalId=… rt=… msg=…
 *
 * PRI = facility × 8 + severity (local4 = 20; critical → 2 crit … info → 6 info). 32473 is the
 * enterprise number RFC 5612 reserves for documentation; a registered number can replace it here.
 * MSG carries no BOM (RFC 5424 MSG-ANY): several SIEM parsers show a BOM as garbage.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Severity } from '../core/detector.js';
import type { Alert, Incident, RiskEvent } from '../core/risk.js';

export type SyslogFormat = 'json' | 'cef';

export const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };
/** CEF 0–10: 0–3 low, 4–6 medium, 7–8 high, 9–10 very high. */
export const CEF_SEVERITY: Record<Severity, number> = { critical: 10, high: 8, medium: 5, low: 3, info: 1 };

export const SD_ID = 'guanlan@32473';
export const APP_NAME = 'guanlan';

export interface SyslogMessageOptions {
  format: SyslogFormat;
  /** 0–23; default local4 */
  facility?: number;
  hostname: string;
  procId?: string;
  /** product version in the CEF header */
  productVersion: string;
  /** message generation time (the alert's own event time is in the structured data) */
  now?: () => Date;
}

function isEvent(p: RiskEvent | Incident): p is RiskEvent {
  return typeof (p as RiskEvent).ruleId === 'string';
}

/**
 * A header field (HOSTNAME, APP-NAME, PROCID, MSGID) as RFC 5424 allows: printable US-ASCII
 * without spaces, at most `max` characters, `-` when empty.
 */
export function headerField(value: string | undefined, max: number): string {
  const v = (value ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return v === '' ? '-' : v;
}

/** An SD-PARAM value: `"`, `\` and `]` take a backslash (RFC 5424 §6.3.3). */
export function escapeSdValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** The alert's facts as SD-PARAMs, in a stable order, only those present. */
function sdParams(a: Alert): [string, string][] {
  const p = a.payload;
  const out: [string, string][] = [
    ['key', a.key],
    ['kind', a.kind],
    ['severity', a.severity],
    ['ts', a.ts],
  ];
  if (isEvent(p)) {
    out.push(['ruleId', p.ruleId], ['slug', p.slug], ['dimension', p.dimension], ['value', String(p.value)], ['threshold', String(p.threshold)]);
    if (p.incidentId) out.push(['incidentId', p.incidentId]);
  } else {
    out.push(['score', String(p.score)], ['state', p.state], ['rules', p.rules.join(',')]);
  }
  out.push(['start', p.start], ['end', p.end]);
  const s = p.subject ?? {};
  if (s.ip) out.push(['ip', s.ip]);
  if (s.account) out.push(['account', s.account]);
  if (s.endpoint) out.push(['app', s.endpoint.app], ['method', s.endpoint.method], ['path', s.endpoint.pathTemplate]);
  return out.filter(([, v]) => v !== undefined && v !== null);
}

export function structuredData(a: Alert): string {
  return `[${SD_ID}${sdParams(a)
    .map(([k, v]) => ` ${k}="${escapeSdValue(String(v))}"`)
    .join('')}]`;
}

/** CEF header field: `\` and `|` escaped; line breaks are not allowed there, so they become spaces. */
export function escapeCefHeader(v: string): string {
  return v.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r\n|[\r\n]/g, ' ');
}

/** CEF extension value: `\`, `=` escaped, line breaks as `\n` / `\r`. */
export function escapeCefValue(v: string): string {
  return v.replace(/[\\=\r\n]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

function epochMs(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : String(t);
}

/** `CEF:0|Guanlan|Guanlan|<version>|<ruleId or incident>|<title>|<0–10>|ext…` */
export function formatCef(a: Alert, productVersion: string): string {
  const p = a.payload;
  const signature = isEvent(p) ? p.ruleId : 'incident';
  const header = ['CEF:0', 'Guanlan', 'Guanlan', productVersion, signature, p.title || a.summary, String(CEF_SEVERITY[a.severity] ?? 0)];
  const ext: [string, string | undefined][] = [
    ['externalId', a.key],
    ['rt', epochMs(a.ts)],
    ['start', epochMs(p.start)],
    ['end', epochMs(p.end)],
    ['cat', isEvent(p) ? p.dimension : 'incident'],
    ['msg', a.summary],
  ];
  const s = p.subject ?? {};
  if (s.ip && isIPv4(s.ip)) ext.push(['src', s.ip]);
  else if (s.ip && isIPv6(s.ip)) ext.push(['c6a2Label', 'Source IPv6 Address'], ['c6a2', s.ip]);
  if (s.account) ext.push(['suser', s.account]);
  if (s.endpoint) ext.push(['dhost', s.endpoint.app], ['requestMethod', s.endpoint.method], ['request', s.endpoint.pathTemplate]);
  if (isEvent(p)) {
    ext.push(['cs1Label', 'slug'], ['cs1', p.slug], ['cn1Label', 'value'], ['cn1', String(p.value)], ['cn2Label', 'threshold'], ['cn2', String(p.threshold)]);
    if (p.baseline !== null && p.baseline !== undefined) ext.push(['cn3Label', 'baseline'], ['cn3', String(p.baseline)]);
    if (p.incidentId) ext.push(['cs2Label', 'incidentId'], ['cs2', p.incidentId]);
  } else {
    ext.push(['cn1Label', 'score'], ['cn1', String(p.score)], ['cs1Label', 'rules'], ['cs1', p.rules.join(',')], ['cs2Label', 'state'], ['cs2', p.state]);
  }
  const extText = ext
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeCefValue(v)}`)
    .join(' ');
  return `${header.map((h, i) => (i === 0 ? h : escapeCefHeader(h))).join('|')}|${extText}`;
}

/** One RFC 5424 message (no framing, no trailing newline). */
export function formatSyslog(a: Alert, o: SyslogMessageOptions): string {
  const facility = o.facility ?? 20;
  const pri = facility * 8 + (SYSLOG_SEVERITY[a.severity] ?? 6);
  const ts = (o.now ?? (() => new Date()))().toISOString();
  const msgId = isEvent(a.payload) ? a.payload.ruleId : 'incident';
  const msg = o.format === 'cef' ? formatCef(a, o.productVersion) : JSON.stringify(a);
  return `<${pri}>1 ${ts} ${headerField(o.hostname, 255)} ${APP_NAME} ${headerField(o.procId ?? String(process.pid), 128)} ${headerField(msgId, 32)} ${structuredData(a)} ${msg}`;
}

/** RFC 6587 octet counting: `<byte length> <message>`. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
