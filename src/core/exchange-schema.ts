/**
 * The Exchange as a zod schema: the contract at the JSONL boundary (DESIGN §3.1) and the source of
 * the published JSON Schema (schema/exchange.v1.schema.json, see write-exchange-schema.ts).
 *
 * Objects are strict: an unknown key is an error, so a producer's typo (`bodyEncodnig`) is caught
 * instead of silently dropped; new fields come with a new `v`.
 *
 *   validateExchange(JSON.parse(line))
 *   // { ok: true, value: … }  or  { ok: false, error: 'request.method: expected string, got number' }
 */
import { z } from 'zod';
import type { Exchange } from './exchange.js';

const PeerSchema = z.strictObject({
  ip: z.string().min(1).describe('IPv4 or IPv6 address (0.0.0.0 when unknown)'),
  port: z.number().int().min(0).max(65535).describe('TCP port (0 when unknown)'),
});

const HeaderSchema = z.tuple([z.string(), z.string()]).describe('[lower-case name, value]; order and duplicates kept');

const httpMessageShape = {
  httpVersion: z.string().min(1).describe('e.g. "1.1", "2"'),
  headers: z.array(HeaderSchema),
  body: z.string().optional().describe('decoded body (chunked/gzip/deflate/br removed); absent means zero bytes'),
  bodyEncoding: z.enum(['utf8', 'base64']).optional().describe('utf8 when the decoded bytes are valid UTF-8, else base64'),
  bodyTruncated: z.boolean().optional().describe('the body was cut at the configured cap, or bytes were missing'),
  bodyWireLength: z.number().int().min(0).optional().describe('body size on the wire (after de-chunking, before content decoding)'),
};

const RequestSchema = z.strictObject({
  method: z.string().describe('request method as sent; empty when no request was seen for the response (http.unsolicited_response)'),
  url: z.string().describe('request target as sent: origin form (path?query), absolute form, or authority form for CONNECT; empty when no request was seen'),
  ...httpMessageShape,
});

const ResponseSchema = z.strictObject({
  status: z.number().int().min(0).max(999).describe('0 when the response had no parseable status line (HTTP/0.9 or junk)'),
  reason: z.string().optional(),
  ...httpMessageShape,
});

export const ExchangeSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().min(1),
  ts: z.iso.datetime({ precision: 3 }).describe('event time: capture time of the request\'s first byte, ISO-8601 UTC with milliseconds'),
  durationMs: z.number().min(0).optional(),
  client: PeerSchema,
  server: PeerSchema,
  request: RequestSchema,
  response: ResponseSchema.optional().describe('absent when no response was seen'),
  source: z.string().min(1).describe('<kind>:<input as named on the command line>, e.g. pcap:captures/a.pcap'),
  notes: z.array(z.string()).optional().describe('named anomalies, e.g. tcp.gap'),
});

// The schema and the interface must not drift. Mutual assignability alone would let an extra
// optional field through, so this asks the compiler whether the two types are identical.
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesInterface: Identical<z.infer<typeof ExchangeSchema>, Exchange> = true;
void schemaMatchesInterface;

export type ValidationResult = { ok: true; value: Exchange } | { ok: false; error: string };

/**
 * Validate one decoded JSON value as an Exchange. A hand-written structural check (isExchange,
 * equivalent to the schema and several times faster) answers the common case; zod runs only to
 * explain a rejection. The value returned is the input object itself.
 */
export function validateExchange(x: unknown): ValidationResult {
  if (isExchange(x)) return { ok: true, value: x };
  return explain(x);
}

/** The zod-only path: what validateExchange would say without the fast check (tests compare the two). */
export function validateExchangeWithZod(x: unknown): ValidationResult {
  const r = ExchangeSchema.safeParse(x);
  return r.success ? { ok: true, value: r.data } : explain(x, r.error);
}

function explain(x: unknown, err?: z.ZodError): ValidationResult {
  const error = err ?? ExchangeSchema.safeParse(x).error;
  // The fast check and the schema agree (exchange-schema.test.ts); should they ever not, trust zod.
  if (!error) return { ok: true, value: x as Exchange };
  return { ok: false, error: describeIssue(error.issues[0], x) };
}

// ---- The fast path: the schema above, by hand. Keep the two in step (the tests compare them). ----

// zod's own pattern for z.iso.datetime({ precision: 3 }), so both accept exactly the same strings.
const TS_PATTERN = z.regexes.datetime({ precision: 3 });

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isNonEmptyString(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0;
}

function isIntIn(x: unknown, min: number, max: number): boolean {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
}

function isPeer(x: unknown): boolean {
  if (!isObj(x)) return false;
  for (const k in x) if (k !== 'ip' && k !== 'port') return false;
  return isNonEmptyString(x.ip) && isIntIn(x.port, 0, 65535);
}

function isHeaders(x: unknown): boolean {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const h: unknown = x[i];
    if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string') return false;
  }
  return true;
}

/** The HttpMessage fields of a request or response (the caller checks the keys). */
function hasMessageFields(m: Obj): boolean {
  return (
    isNonEmptyString(m.httpVersion) &&
    isHeaders(m.headers) &&
    (m.body === undefined || typeof m.body === 'string') &&
    (m.bodyEncoding === undefined || m.bodyEncoding === 'utf8' || m.bodyEncoding === 'base64') &&
    (m.bodyTruncated === undefined || typeof m.bodyTruncated === 'boolean') &&
    (m.bodyWireLength === undefined || isIntIn(m.bodyWireLength, 0, Number.MAX_SAFE_INTEGER))
  );
}

function isMessageKey(k: string): boolean {
  return k === 'httpVersion' || k === 'headers' || k === 'body' || k === 'bodyEncoding' || k === 'bodyTruncated' || k === 'bodyWireLength';
}

function isRequest(x: unknown): boolean {
  if (!isObj(x)) return false;
  for (const k in x) if (k !== 'method' && k !== 'url' && !isMessageKey(k)) return false;
  return typeof x.method === 'string' && typeof x.url === 'string' && hasMessageFields(x);
}

function isResponse(x: unknown): boolean {
  if (!isObj(x)) return false;
  for (const k in x) if (k !== 'status' && k !== 'reason' && !isMessageKey(k)) return false;
  return isIntIn(x.status, 0, 999) && (x.reason === undefined || typeof x.reason === 'string') && hasMessageFields(x);
}

function isNotes(x: unknown): boolean {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== 'string') return false;
  return true;
}

const EXCHANGE_KEYS = new Set(['v', 'id', 'ts', 'durationMs', 'client', 'server', 'request', 'response', 'source', 'notes']);

/** True when `x` satisfies ExchangeSchema. No allocation on the success path. */
export function isExchange(x: unknown): x is Exchange {
  if (!isObj(x)) return false;
  for (const k in x) if (!EXCHANGE_KEYS.has(k)) return false;
  const d = x.durationMs;
  return (
    x.v === 1 &&
    isNonEmptyString(x.id) &&
    typeof x.ts === 'string' &&
    TS_PATTERN.test(x.ts) &&
    (d === undefined || (typeof d === 'number' && Number.isFinite(d) && d >= 0)) &&
    isPeer(x.client) &&
    isPeer(x.server) &&
    isRequest(x.request) &&
    (x.response === undefined || isResponse(x.response)) &&
    isNonEmptyString(x.source) &&
    (x.notes === undefined || isNotes(x.notes))
  );
}

// ---- Error messages ----

/** `request.headers[2][0]` */
function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(root)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** One line naming the JSON path of the problem: `request.method: expected string, got number`. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const v = valueAt(root, issue.path);
      if (v === undefined) return `${where}: required`;
      const expected = issue.expected === 'int' ? 'integer' : issue.expected === 'tuple' ? 'array' : issue.expected;
      return `${where}: expected ${expected}, got ${kindOf(v)}`;
    }
    case 'invalid_value':
      return `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${JSON.stringify(valueAt(root, issue.path)) ?? 'nothing'}`;
    case 'unrecognized_keys':
      return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return `${where}: must not be empty`;
      if (issue.origin === 'array') return `${where}: expected ${issue.minimum} items`;
      return `${where}: must be >= ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `${where}: expected ${issue.maximum} items`;
      return `${where}: must be <= ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? `${where}: expected ISO-8601 UTC time with milliseconds (e.g. 2024-05-01T08:00:00.123Z)`
        : `${where}: invalid ${issue.format}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
