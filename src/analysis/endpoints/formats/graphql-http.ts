/**
 * GraphQL as carried over HTTP (the GraphQL-over-HTTP conventions in the wild): a JSON body
 * `{query, operationName, variables, extensions}` or a batch array of them, `GET ?query=…`, a raw
 * `application/graphql` body, automatic persisted queries (a hash instead of the text), and the
 * multipart upload convention (an `operations` form field holding the JSON request).
 *
 * Naming follows what a server would execute: the client's operationName when given, else the
 * document's operation name, else its first root field (anonymous `{ account { … } }` → `account`).
 */
import type { ApiOperation, FormatInfo } from '../../../core/endpoint.js';
import type { DocumentSummary, GraphqlDocuments, OperationSummary } from './graphql-document.js';
import { documentHead, looksLikeGraphql } from './graphql-lexical.js';
import { mediaParam } from './media-type.js';

/** One GraphQL request inside an HTTP message. */
interface GraphqlCall {
  /** absent for a persisted query sent by hash only */
  query?: string;
  operationName?: string;
}

// A query string worth parsing: a `query` or `extensions` parameter.
const GRAPHQL_PARAMS = /[?&](?:query|extensions)=/;
// Elements of a batch that are looked at; the rest only count as "batched".
const MAX_BATCH_INSPECTED = 32;

/** GraphQL request(s) in a parsed JSON body, or undefined when the value is not shaped like one. */
export function graphqlFromJson(value: unknown, docs: GraphqlDocuments, reason = 'GraphQL JSON body'): FormatInfo | undefined {
  if (Array.isArray(value)) {
    const first = callFromObject(value[0]);
    if (!first) return undefined;
    const calls = [first];
    for (let k = 1; k < value.length && k < MAX_BATCH_INSPECTED; k++) {
      const c = callFromObject(value[k]);
      if (c) calls.push(c);
    }
    const info = describeCalls(calls, docs, `batched ${reason}`);
    addNote(info, 'graphql.batched');
    return info;
  }
  const call = callFromObject(value);
  return call ? describeCalls([call], docs, reason) : undefined;
}

/** `GET /graphql?query=…&operationName=…`, or a persisted query `?extensions={"persistedQuery":…}`. */
export function graphqlFromUrl(url: string, docs: GraphqlDocuments): FormatInfo | undefined {
  const q = url.indexOf('?');
  if (q < 0 || !GRAPHQL_PARAMS.test(url)) return undefined;
  const params = new URLSearchParams(url.slice(q + 1).split('#', 1)[0]);
  const operationName = params.get('operationName') || undefined;
  const query = params.get('query');
  if (query !== null && looksLikeGraphql(query)) return describeCalls([{ query, operationName }], docs, 'GraphQL query parameter');
  const ext = params.get('extensions');
  if (ext !== null && ext.includes('persistedQuery')) return describeCalls([{ operationName }], docs, 'GraphQL persisted query parameter');
  return undefined;
}

/** A raw `application/graphql` body: the document itself; operationName may ride in the URL. */
export function graphqlFromRawBody(text: string, url: string, docs: GraphqlDocuments): FormatInfo {
  const q = url.indexOf('?');
  const operationName = q >= 0 ? new URLSearchParams(url.slice(q + 1)).get('operationName') || undefined : undefined;
  return describeCalls([{ query: text, operationName }], docs, 'content-type application/graphql');
}

/**
 * A JSON body too large, cut short or invalid to parse: recognise GraphQL from its first bytes
 * (`"query": "<graphql>"`, or a persisted-query hash) and name it without parsing the document.
 */
export function graphqlFromJsonPrefix(head: string): FormatInfo | undefined {
  const opMatch = /"operationName"\s*:\s*"([_A-Za-z][_0-9A-Za-z]{0,200})"/.exec(head);
  const q = /"query"\s*:\s*"/.exec(head);
  let operation: ApiOperation | undefined;
  if (q) {
    const rest = head.slice(q.index + q[0].length);
    if (!looksLikeGraphql(rest, true)) return undefined;
    const h = documentHead(rest, true);
    const name = opMatch?.[1] ?? h.name;
    if (name) operation = h.type ? { type: h.type, name } : { name };
  } else if (/"persistedQuery"\s*:/.test(head)) {
    if (opMatch) operation = { name: opMatch[1] };
  } else return undefined;
  const info: FormatInfo = { format: 'graphql', reason: 'GraphQL JSON body (not parsed)', notes: ['graphql.unparsed'] };
  if (operation) info.operation = operation;
  if (/^\s*\[/.test(head)) addNote(info, 'graphql.batched');
  return info;
}

/**
 * The multipart upload convention: a form field `operations` holding the JSON request, files in
 * other parts. Looks only at the bounded head of the body.
 */
export function graphqlFromMultipart(head: string, contentType: string, docs: GraphqlDocuments): FormatInfo | undefined {
  const field = head.search(/name="?operations"?/i);
  if (field < 0) return undefined;
  const start = head.indexOf('\r\n\r\n', field);
  if (start < 0) return undefined;
  const boundary = mediaParam(contentType, 'boundary');
  const endMark = boundary ? `\r\n--${boundary}` : '\r\n--';
  const end = head.indexOf(endMark, start + 4);
  const json = head.slice(start + 4, end < 0 ? head.length : end);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return graphqlFromJsonPrefix(json);
  }
  const info = graphqlFromJson(value, docs, 'GraphQL multipart request');
  if (info) addNote(info, 'graphql.multipart');
  return info;
}

function callFromObject(v: unknown): GraphqlCall | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const operationName = typeof o.operationName === 'string' && o.operationName !== '' ? o.operationName : undefined;
  if (typeof o.query === 'string' && looksLikeGraphql(o.query)) return { query: o.query, operationName };
  const ext = o.extensions;
  if (typeof ext === 'object' && ext !== null && 'persistedQuery' in ext) return { operationName };
  return undefined;
}

function describeCalls(calls: GraphqlCall[], docs: GraphqlDocuments, reason: string): FormatInfo {
  const info: FormatInfo = { format: 'graphql', reason };
  for (let k = 0; k < calls.length; k++) {
    const op = describeCall(calls[k], docs, info);
    if (k === 0 && op) info.operation = op;
  }
  return info;
}

/** The operation one call names; notes go on `info`. */
function describeCall(call: GraphqlCall, docs: GraphqlDocuments, info: FormatInfo): ApiOperation | undefined {
  const { query, operationName } = call;
  if (query === undefined) {
    addNote(info, 'graphql.persisted');
    return operationName ? { name: operationName } : undefined;
  }
  const summary: DocumentSummary = docs.summarize(query);
  if (summary.kind === 'parsed') {
    const op = pickOperation(summary.operations, operationName);
    if (op.introspection) addNote(info, 'graphql.introspection');
    return { type: op.type, name: operationName ?? op.name ?? op.firstField ?? 'anonymous' };
  }
  // Not parsed: name it from the first tokens, which survive truncation and garbage further on.
  const head = summary.kind === 'unparsed' ? summary.head : documentHead(query);
  if (summary.kind === 'parse_error') addNote(info, 'graphql.parse_error');
  else {
    addNote(info, 'graphql.unparsed');
    if (summary.why.startsWith('nested')) addNote(info, 'graphql.deep');
    // the document may well execute; a plain text search still tells an introspection dump
    if (query.includes('__schema')) addNote(info, 'graphql.introspection');
    if (!info.reason.includes(summary.why)) info.reason += `; ${summary.why}`;
  }
  const name = operationName ?? head.name;
  if (!name) return undefined;
  return head.type ? { type: head.type, name } : { name };
}

/** The operation a server would run: the one named by operationName, else the first. */
function pickOperation(ops: OperationSummary[], operationName: string | undefined): OperationSummary {
  if (operationName !== undefined) for (const op of ops) if (op.name === operationName) return op;
  return ops[0];
}

export function addNote(info: FormatInfo, note: string): void {
  if (!info.notes) info.notes = [note];
  else if (!info.notes.includes(note)) info.notes.push(note);
}
