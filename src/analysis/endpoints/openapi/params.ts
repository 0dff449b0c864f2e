/**
 * Operation parameters: path-item parameters merged with the operation's (the operation's win for
 * the same name and location, as the spec says), `$ref`s followed, and the schema facts that
 * decide what values look like pulled out of either dialect.
 */
import { schemaType } from './example.js';
import { type Obj, type RefResolver, isObj } from './refs.js';
import type { SpecParam, SpecSchema } from './types.js';

export interface OperationParams {
  path: Map<string, SpecParam>;
  query: Map<string, SpecParam>;
  header: Map<string, SpecParam>;
  /** Swagger 2.0 `in: body` parameter (its schema) */
  body?: unknown;
  /** Swagger 2.0 `in: formData` parameters */
  form: Obj[];
}

export function readParams(
  r: RefResolver,
  swagger: boolean,
  itemParams: unknown,
  opParams: unknown,
  at: string,
  warn: (where: string, message: string) => void,
): OperationParams {
  const byKey = new Map<string, Obj>();
  for (const [list, where] of [
    [itemParams, `${at.replace(/\.[^.]+$/, '')}.parameters`],
    [opParams, `${at}.parameters`],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      warn(where, '`parameters` is not a list: ignored');
      continue;
    }
    list.forEach((raw, i) => {
      const d = r.deref(raw);
      const p = d.node;
      if (!p || typeof p.name !== 'string' || typeof p.in !== 'string') {
        warn(`${where}[${i}]`, d.error ?? 'a parameter without `name` and `in`: ignored');
        return;
      }
      byKey.set(`${p.in}\n${p.name}`, p);
    });
  }

  const out: OperationParams = { path: new Map(), query: new Map(), header: new Map(), form: [] };
  for (const p of byKey.values()) {
    const name = p.name as string;
    if (p.in === 'body') out.body = p.schema;
    else if (p.in === 'formData') out.form.push(p);
    else if (p.in === 'path' || p.in === 'query' || p.in === 'header') {
      const param: SpecParam = { name, required: p.in === 'path' || p.required === true };
      const schema = paramSchema(r, swagger, p);
      if (schema) param.schema = schema;
      // Header names are case-insensitive; keep them the way the Exchange carries them.
      out[p.in].set(p.in === 'header' ? name.toLowerCase() : name, p.in === 'header' ? { ...param, name: name.toLowerCase() } : param);
    }
  }
  return out;
}

/** The schema facts of a parameter: Swagger 2.0 keeps them on the parameter, 3.x in `schema` or `content`. */
export function paramSchema(r: RefResolver, swagger: boolean, p: Obj): SpecSchema | undefined {
  let s: Obj | undefined;
  if (swagger) s = p;
  else if (p.schema !== undefined) s = r.deref(p.schema).node;
  else if (isObj(p.content)) {
    const media = Object.values(p.content)[0];
    if (isObj(media)) s = r.deref(media.schema).node;
  }
  const out: SpecSchema = s ? schemaFacts(r, s) : {};
  // An example on the parameter describes the value better than one on a shared schema.
  const example = paramExample(r, p);
  if (example !== undefined) out.example = example;
  return Object.keys(out).length > 0 ? out : undefined;
}

function paramExample(r: RefResolver, p: Obj): unknown {
  if (p.example !== undefined) return p.example;
  if (p['x-example'] !== undefined) return p['x-example'];
  if (isObj(p.examples)) {
    const first = r.deref(Object.values(p.examples)[0]).node;
    if (first && first.value !== undefined) return first.value;
  }
  return undefined;
}

export function schemaFacts(r: RefResolver, raw: Obj): SpecSchema {
  // allOf of one $ref plus a description is the common way to document a reused id: look through it.
  let s = raw;
  if (Array.isArray(s.allOf) && s.allOf.length > 0 && s.type === undefined) s = r.deref(s.allOf[0]).node ?? s;
  const out: SpecSchema = {};
  const type = schemaType(s);
  if (type) out.type = type;
  if (typeof s.format === 'string') out.format = s.format;
  if (typeof s.pattern === 'string') out.pattern = s.pattern;
  if (Array.isArray(s.enum)) out.enum = s.enum.filter((v) => v !== null);
  if (s.example !== undefined) out.example = s.example;
  else if (Array.isArray(s.examples) && s.examples.length > 0) out.example = s.examples[0];
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) if (typeof s[k] === 'number') out[k] = s[k];
  // Swagger 2.0 arrays in query strings: the item schema says what each value looks like.
  if (type === 'array' && isObj(s.items) && out.enum === undefined) {
    const item = r.deref(s.items).node;
    if (item && Array.isArray(item.enum)) out.enum = item.enum;
  }
  return out;
}
