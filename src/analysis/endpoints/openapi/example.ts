/**
 * A plausible JSON value for a schema: the spec's own examples where it gives them, else a value
 * of the right shape. Used for synthetic request/response bodies, so it is bounded (depth,
 * properties per object, total nodes) rather than complete: payment-platform schemas nest deep
 * and reference themselves, and a body of the right shape is all callers need.
 */
import { type Obj, type RefResolver, isObj } from './refs.js';

export interface ExampleOptions {
  /** request bodies leave out readOnly properties, responses writeOnly ones */
  mode: 'request' | 'response';
  maxDepth?: number;
  maxProperties?: number;
  maxNodes?: number;
}

interface Walk {
  r: RefResolver;
  mode: 'request' | 'response';
  maxDepth: number;
  maxProperties: number;
  nodesLeft: number;
}

export function exampleFromSchema(r: RefResolver, schema: unknown, opts: ExampleOptions): unknown {
  const w: Walk = { r, mode: opts.mode, maxDepth: opts.maxDepth ?? 6, maxProperties: opts.maxProperties ?? 12, nodesLeft: opts.maxNodes ?? 400 };
  return build(w, schema, 0, []);
}

const STRING_BY_FORMAT: Record<string, string> = {
  'date-time': '2024-05-01T08:00:00Z',
  date: '2024-05-01',
  time: '08:00:00',
  uuid: '3f2b8c1e-7d4a-4e5b-9c6f-1a2b3c4d5e6f',
  email: 'user@example.com',
  uri: 'https://example.com/resource',
  url: 'https://example.com/resource',
  hostname: 'example.com',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  byte: 'ZXhhbXBsZQ==',
  password: 'secret',
};

/** `undefined` means "leave this out" (a cycle, the budget ran out, or nothing could be built). */
function build(w: Walk, node: unknown, depth: number, stack: readonly string[]): unknown {
  if (w.nodesLeft-- <= 0) return undefined;
  const d = w.r.deref(node, stack);
  const s = d.node;
  if (!s) return undefined;
  const refs = d.refs.length > 0 ? [...stack, ...d.refs] : stack;

  if ('example' in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('const' in s) return s.const;
  if ('default' in s && s.default !== null) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum.find((v) => v !== null) ?? s.enum[0];

  if (Array.isArray(s.allOf)) return allOf(w, s, depth, refs);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = s[key];
    if (!Array.isArray(alts)) continue;
    for (const alt of alts) {
      const v = build(w, alt, depth, refs);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  switch (schemaType(s)) {
    case 'object':
      return depth >= w.maxDepth ? undefined : object(w, s, depth, refs);
    case 'array': {
      if (depth >= w.maxDepth) return undefined;
      const item = build(w, s.items, depth + 1, refs);
      return item === undefined ? [] : [item];
    }
    case 'string':
      return typeof s.format === 'string' && STRING_BY_FORMAT[s.format] ? STRING_BY_FORMAT[s.format] : 'string';
    case 'integer':
      return typeof s.minimum === 'number' ? Math.ceil(s.minimum) : 1;
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** The schema's type; 3.1 allows a list (`['string', 'null']`): the first non-null one. */
export function schemaType(s: Obj): string | undefined {
  const t = s.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === 'string' && x !== 'null') ?? (t.includes('null') ? 'null' : undefined);
  if (isObj(s.properties) || s.additionalProperties !== undefined) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

function object(w: Walk, s: Obj, depth: number, refs: readonly string[]): Obj {
  const out: Obj = {};
  const props = isObj(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : []);
  // Required properties first: a body that leaves them out would not be a valid request.
  const names = Object.keys(props).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  let n = 0;
  for (const name of names) {
    if (n >= w.maxProperties && !required.has(name)) continue;
    const p = w.r.deref(props[name], refs).node;
    if (p && ((w.mode === 'request' && p.readOnly === true) || (w.mode === 'response' && p.writeOnly === true))) continue;
    const v = build(w, props[name], depth + 1, refs);
    if (v === undefined) continue;
    out[name] = v;
    n++;
  }
  return out;
}

function allOf(w: Walk, s: Obj, depth: number, refs: readonly string[]): unknown {
  let merged: Obj | undefined;
  let other: unknown;
  const { allOf: parts, ...own } = s;
  for (const part of [...(parts as unknown[]), ...(Object.keys(own).length > 0 ? [own] : [])]) {
    const v = build(w, part, depth, refs);
    if (isObj(v)) merged = { ...merged, ...v };
    else if (v !== undefined && other === undefined) other = v;
  }
  return merged ?? other;
}
