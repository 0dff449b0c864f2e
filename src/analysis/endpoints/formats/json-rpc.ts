/**
 * JSON-RPC requests: 2.0 (`"jsonrpc":"2.0"` with a method), 1.1 (`"version":"1.1"`) and 1.0
 * (`{method, params, id}` and nothing else: a REST body that merely has a `method` field, such as
 * a payment method, must not qualify). A batch is an array of calls, named after the first.
 */
import type { FormatInfo } from '../../../core/endpoint.js';

const V1_KEYS = new Set(['method', 'params', 'id']);

function callMethod(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.method !== 'string' || o.method === '') return undefined;
  if (o.jsonrpc === '2.0' || o.version === '1.1') return o.method;
  if (!('id' in o) || !('params' in o)) return undefined;
  for (const k in o) if (!V1_KEYS.has(k)) return undefined;
  return o.method;
}

/** JSON-RPC call(s) in a parsed JSON body, or undefined. */
export function jsonRpcFromJson(value: unknown): FormatInfo | undefined {
  if (Array.isArray(value)) {
    const name = callMethod(value[0]);
    if (name === undefined) return undefined;
    return { format: 'json-rpc', operation: { name }, reason: 'JSON-RPC batch', notes: ['jsonrpc.batch'] };
  }
  const name = callMethod(value);
  return name === undefined ? undefined : { format: 'json-rpc', operation: { name }, reason: 'JSON-RPC body' };
}

/** A JSON-RPC 2.0 body that could not be parsed (too large, cut short): read from its first bytes. */
export function jsonRpcFromJsonPrefix(head: string): FormatInfo | undefined {
  if (!/"jsonrpc"\s*:\s*"2\.0"/.test(head)) return undefined;
  const m = /"method"\s*:\s*"([^"\\]{1,200})"/.exec(head);
  if (!m) return undefined;
  const info: FormatInfo = { format: 'json-rpc', operation: { name: m[1] }, reason: 'JSON-RPC body (not parsed)', notes: ['jsonrpc.unparsed'] };
  if (/^\s*\[/.test(head)) info.notes?.push('jsonrpc.batch');
  return info;
}
