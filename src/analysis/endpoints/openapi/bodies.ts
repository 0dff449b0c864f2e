/**
 * Request and success-response bodies of an operation: which media type, and an example value
 * (the spec's own example when it has one, else one built from the schema).
 */
import { exampleFromSchema } from './example.js';
import { type Obj, type RefResolver, isObj } from './refs.js';
import type { SpecOperation } from './types.js';

type Bodies = Pick<SpecOperation, 'requestContentType' | 'requestBodyExample' | 'responseStatus' | 'responseContentType' | 'responseExample' | 'contentTypes'>;

export function operationBodies(
  r: RefResolver,
  root: Obj,
  swagger: boolean,
  op: Obj,
  swaggerBody: unknown,
  swaggerForm: Obj[],
  at: string,
  warn: (where: string, message: string) => void,
): Bodies {
  const out: Bodies = { contentTypes: [] };
  const success = successResponse(r, op.responses, `${at}.responses`, warn);
  if (success) out.responseStatus = success.status;

  if (swagger) {
    const consumes = mediaList(op.consumes) ?? mediaList(root.consumes) ?? ['application/json'];
    const produces = mediaList(op.produces) ?? mediaList(root.produces) ?? ['application/json'];
    if (swaggerBody !== undefined) {
      out.requestContentType = preferJson(consumes);
      out.requestBodyExample = exampleFromSchema(r, swaggerBody, { mode: 'request' });
    } else if (swaggerForm.length > 0) {
      out.requestContentType = consumes.find((c) => c.includes('form')) ?? 'application/x-www-form-urlencoded';
      const form: Obj = {};
      for (const p of swaggerForm) form[p.name as string] = p['x-example'] ?? p.default ?? exampleFromSchema(r, p, { mode: 'request' }) ?? '';
      out.requestBodyExample = form;
    }
    if (success?.response) {
      out.responseContentType = preferJson(produces);
      const ex = isObj(success.response.examples) ? success.response.examples[out.responseContentType] : undefined;
      out.responseExample = ex ?? exampleFromSchema(r, success.response.schema, { mode: 'response' });
    }
    out.contentTypes = [...new Set([...(out.requestContentType ? [out.requestContentType] : []), ...(success ? produces : [])])];
    return out;
  }

  const body = r.deref(op.requestBody);
  if (op.requestBody !== undefined && !body.node) warn(`${at}.requestBody`, body.error ?? 'not an object: ignored');
  const reqContent = body.node && isObj(body.node.content) ? body.node.content : undefined;
  if (reqContent) {
    const media = pickMedia(reqContent);
    if (media) {
      out.requestContentType = media.type;
      out.requestBodyExample = mediaExample(r, media.node, 'request');
    }
  }
  const resContent = success?.response && isObj(success.response.content) ? success.response.content : undefined;
  if (resContent) {
    const media = pickMedia(resContent);
    if (media) {
      out.responseContentType = media.type;
      out.responseExample = mediaExample(r, media.node, 'response');
    }
  }
  out.contentTypes = [...new Set([...Object.keys(reqContent ?? {}), ...Object.keys(resContent ?? {})])];
  return out;
}

/** The lowest documented 2xx (`2XX` counts as 200), with its response object resolved. */
function successResponse(r: RefResolver, responses: unknown, at: string, warn: (where: string, message: string) => void): { status: number; response?: Obj } | undefined {
  if (!isObj(responses)) return undefined;
  const codes = Object.keys(responses)
    .filter((k) => /^2(\d\d|XX)$/i.test(k))
    .sort();
  const code = codes[0];
  if (code === undefined) return undefined;
  const d = r.deref(responses[code]);
  if (!d.node) warn(`${at}[${JSON.stringify(code)}]`, d.error ?? 'not an object: ignored');
  return { status: /^2XX$/i.test(code) ? 200 : Number(code), response: d.node };
}

function mediaList(x: unknown): string[] | undefined {
  return Array.isArray(x) && x.length > 0 ? x.filter((m): m is string => typeof m === 'string') : undefined;
}

/** JSON when offered (`application/json`, then any `+json`), else the first listed. */
function preferJson(types: string[]): string {
  return types.find((t) => /^application\/json\b/i.test(t)) ?? types.find((t) => /[/+]json\b/i.test(t)) ?? types[0];
}

function pickMedia(content: Obj): { type: string; node: Obj } | undefined {
  const types = Object.keys(content);
  if (types.length === 0) return undefined;
  const type = preferJson(types);
  const node = content[type];
  return isObj(node) ? { type, node } : undefined;
}

function mediaExample(r: RefResolver, media: Obj, mode: 'request' | 'response'): unknown {
  if (media.example !== undefined) return media.example;
  if (isObj(media.examples)) {
    for (const ex of Object.values(media.examples)) {
      const d = r.deref(ex).node;
      if (d && d.value !== undefined) return d.value;
    }
  }
  return exampleFromSchema(r, media.schema, { mode });
}
