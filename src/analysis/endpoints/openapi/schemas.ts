/**
 * JSON Schemas (OpenAPI 3.1 dialect) from what the inventory observed: response shapes
 * (`data.list[].id` → nested object/array schemas), JSON body paths, parameter types and the kind
 * of value a templated path segment held.
 */
import type { JsonShape, JsonType, SegmentKind } from '../../../core/endpoint.js';

export type Schema = Record<string, unknown>;

interface ShapeNode {
  types: Set<JsonType>;
  example?: string;
  props: Map<string, ShapeNode>;
  items?: ShapeNode;
}

const newNode = (): ShapeNode => ({ types: new Set(), props: new Map() });

/** `data.list[].id` → property `data`, property `list`, array items, property `id`; `[]` alone is a root array. */
function tokens(path: string): ({ prop: string } | { item: true })[] {
  const out: ({ prop: string } | { item: true })[] = [];
  for (const m of path.matchAll(/\[\]|[^.[\]]+/g)) out.push(m[0] === '[]' ? { item: true } : { prop: m[0] });
  return out;
}

/**
 * A schema for a set of `path → types` observations; `{}` (anything) when nothing was observed.
 * `examples` (path → masked value) are attached to string leaves only: a masked `12**` is no integer.
 */
export function shapeToSchema(shape: JsonShape, examples?: Readonly<Record<string, string>>): Schema {
  const root = newNode();
  for (const path of Object.keys(shape).sort()) {
    let node = root;
    for (const t of tokens(path)) {
      if ('item' in t) node = node.items ??= newNode();
      else {
        let next = node.props.get(t.prop);
        if (!next) node.props.set(t.prop, (next = newNode()));
        node = next;
      }
    }
    for (const type of shape[path]) node.types.add(type);
    const ex = examples?.[path];
    if (ex !== undefined) node.example = ex;
  }
  return nodeSchema(root, 0);
}

const MAX_DEPTH = 32;

function nodeSchema(n: ShapeNode, depth: number): Schema {
  const types = new Set(n.types);
  // Children say what the parent was even when the parent itself was not listed.
  if (n.props.size > 0) types.add('object');
  if (n.items) types.add('array');
  if (types.has('integer') && types.has('number')) types.delete('integer');
  const out = typesSchema([...types]);
  if (depth >= MAX_DEPTH) return out;
  if (n.props.size > 0) {
    const properties: Schema = {};
    for (const name of [...n.props.keys()].sort()) properties[name] = nodeSchema(n.props.get(name) as ShapeNode, depth + 1);
    out.properties = properties;
  }
  if (types.has('array')) out.items = n.items ? nodeSchema(n.items, depth + 1) : {};
  if (n.example !== undefined && out.type === 'string') out.examples = [n.example];
  return out;
}

const TYPE_ORDER: JsonType[] = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

/** `['string']` → `{type: 'string'}`, several → `{type: [...]}` (allowed in OpenAPI 3.1), none → `{}`. */
export function typesSchema(types: readonly JsonType[]): Schema {
  const sorted = [...new Set(types)].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
  if (sorted.length === 0) return {};
  return { type: sorted.length === 1 ? sorted[0] : sorted };
}

/** What a templated segment held, as a schema. Personal data in a path is marked: it is a finding in itself. */
export function segmentKindSchema(kind: SegmentKind): Schema {
  switch (kind) {
    case 'integer':
      return { type: 'integer' };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'hex':
      return { type: 'string', pattern: '^[0-9a-fA-F]+$' };
    case 'token':
      return { type: 'string', description: 'opaque token (base64 / JWT-like)' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'email':
      return { type: 'string', format: 'email', 'x-guanlan-pii': 'email' };
    case 'cn_id':
    case 'cn_mobile':
    case 'bank_card':
      return { type: 'string', 'x-guanlan-pii': kind };
    case 'id':
    case 'string':
    case 'pinned':
      return { type: 'string' };
  }
}
