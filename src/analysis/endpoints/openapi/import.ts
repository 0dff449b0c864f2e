/**
 * Read an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML) into a `SpecResult`.
 *
 * A spec is untrusted input: `loadSpec` never throws. A document that cannot be read at all gives
 * `error` (file name, place, message); a part that cannot be read (a bad path item, a `$ref` that
 * points nowhere) is skipped with a warning and the rest is kept, because a diff against 470 of
 * 473 operations is more useful than none.
 */
import { readFileSync } from 'node:fs';
import { ErrorCodes, GuanlanError, type InputIssue } from '../../../core/errors.js';
import { parseSpecText } from './parse.js';
import { type Obj, RefResolver, isObj } from './refs.js';
import { operationBodies } from './bodies.js';
import { readParams } from './params.js';
import type { SpecDialect, SpecOperation, SpecResult } from './types.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function loadSpec(text: string, name: string): SpecResult {
  try {
    return load(text, name);
  } catch (e) {
    // A bug of ours on odd input must still come out as an issue with the file's name, not a stack.
    return failed(name, undefined, `could not read the spec: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function failed(name: string, where: string | undefined, message: string): SpecResult {
  const error: InputIssue = { input: name, message };
  if (where) error.where = where;
  return { name, title: '', version: '', basePaths: [], hosts: [], operations: [], error, warnings: [] };
}

function dialectOf(root: Obj): SpecDialect | string {
  if (root.swagger !== undefined) return String(root.swagger) === '2.0' || root.swagger === 2 ? 'swagger-2.0' : `swagger ${String(root.swagger)}`;
  // YAML reads an unquoted `openapi: 3.0` as the number 3.
  const v = typeof root.openapi === 'number' ? (Number.isInteger(root.openapi) ? `${root.openapi}.0` : String(root.openapi)) : root.openapi;
  if (typeof v === 'string') {
    if (/^3\.0(\.|$)/.test(v)) return 'openapi-3.0';
    if (/^3\.1(\.|$)/.test(v)) return 'openapi-3.1';
  }
  return root.openapi === undefined ? '' : `openapi ${String(root.openapi)}`;
}

interface Server {
  base: string;
  host?: string;
}

function load(text: string, name: string): SpecResult {
  const parsed = parseSpecText(text);
  if (!parsed.ok) return failed(name, parsed.where, parsed.message);
  const root = parsed.value;
  if (!isObj(root)) return failed(name, undefined, 'not an OpenAPI or Swagger document: the top level is not an object');
  const dialect = dialectOf(root);
  if (dialect === '') return failed(name, undefined, 'not an OpenAPI or Swagger document: no `openapi` or `swagger` field');
  if (dialect !== 'swagger-2.0' && dialect !== 'openapi-3.0' && dialect !== 'openapi-3.1') {
    return failed(name, dialect.startsWith('swagger') ? 'swagger' : 'openapi', `unsupported version ${dialect} (3.0, 3.1 and Swagger 2.0 are read)`);
  }
  if (root.paths !== undefined && !isObj(root.paths)) return failed(name, 'paths', '`paths` is not an object');

  const warnings: InputIssue[] = [];
  const warn = (where: string, message: string): void => void warnings.push({ input: name, where, message });
  const r = new RefResolver(root);
  const info = isObj(root.info) ? root.info : {};
  const swagger = dialect === 'swagger-2.0';
  const rootServers = swagger ? swaggerServers(root) : openApiServers(root.servers) ?? [{ base: '' }];
  const operations: SpecOperation[] = [];
  // Path- and operation-level servers (Akto's generated specs put them there) count too.
  const allServers = [...rootServers];

  for (const [path, rawItem] of Object.entries(isObj(root.paths) ? root.paths : {})) {
    const at = `paths[${JSON.stringify(path)}]`;
    if (!path.startsWith('/')) {
      warn(at, 'path does not start with "/": skipped');
      continue;
    }
    const item = r.deref(rawItem);
    if (!item.node) {
      warn(at, item.error ?? 'the path item is not an object: skipped');
      continue;
    }
    const itemServers = swagger ? undefined : openApiServers(item.node.servers);
    for (const [key, rawOp] of Object.entries(item.node)) {
      const method = key.toLowerCase();
      if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
      if (!isObj(rawOp)) {
        warn(`${at}.${key}`, 'the operation is not an object: skipped');
        continue;
      }
      const servers = (swagger ? undefined : openApiServers(rawOp.servers)) ?? itemServers ?? rootServers;
      if (servers !== rootServers) allServers.push(...servers);
      operations.push(readOperation(r, root, swagger, path, method, item.node, rawOp, servers, `${at}.${key}`, warn));
    }
  }

  return {
    name,
    dialect,
    title: typeof info.title === 'string' ? info.title : '',
    version: info.version === undefined ? '' : String(info.version),
    basePaths: unique(allServers.map((s) => s.base)),
    hosts: unique(allServers.flatMap((s) => (s.host ? [s.host] : []))),
    operations,
    warnings,
  };
}

function readOperation(
  r: RefResolver,
  root: Obj,
  swagger: boolean,
  path: string,
  method: string,
  item: Obj,
  op: Obj,
  servers: Server[],
  at: string,
  warn: (where: string, message: string) => void,
): SpecOperation {
  const params = readParams(r, swagger, item.parameters, op.parameters, at, warn);
  const templateNames = [...path.matchAll(/\{([^{}/]+)\}/g)].map((m) => m[1]);
  const out: SpecOperation = {
    method: method.toUpperCase(),
    path,
    fullPaths: unique(servers.map((s) => joinPath(s.base, path))),
    // The template is the truth about path parameters; declarations only add schemas.
    pathParams: templateNames.map((n) => params.path.get(n) ?? { name: n, required: true }),
    queryParams: [...params.query.values()],
    headerParams: [...params.header.values()],
    deprecated: op.deprecated === true,
    contentTypes: [],
  };
  if (typeof op.operationId === 'string') out.operationId = op.operationId;
  if (Array.isArray(op.tags)) out.tags = op.tags.filter((t): t is string => typeof t === 'string');
  if (typeof op.summary === 'string') out.summary = op.summary;
  Object.assign(out, operationBodies(r, root, swagger, op, params.body, params.form, at, warn));
  return out;
}

function openApiServers(raw: unknown): Server[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: Server[] = [];
  for (const s of raw) {
    if (!isObj(s) || typeof s.url !== 'string') continue;
    const vars = isObj(s.variables) ? s.variables : {};
    // `https://{region}.example.com/{basePath}`: each variable takes its default (the documented deployment).
    const url = s.url.replace(/\{([^{}]+)\}/g, (_m, v: string) => {
      const d = vars[v];
      if (isObj(d) && d.default !== undefined) return String(d.default);
      if (isObj(d) && Array.isArray(d.enum) && d.enum.length > 0) return String(d.enum[0]);
      return v;
    });
    out.push(splitServerUrl(url));
  }
  return out.length > 0 ? out : undefined;
}

function splitServerUrl(url: string): Server {
  const abs = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (abs) return { host: abs[1].replace(/^[^@]*@/, '').toLowerCase() || undefined, base: normalizeBase(abs[2]) };
  return { base: normalizeBase(url.replace(/[?#].*$/, '')) };
}

function swaggerServers(root: Obj): Server[] {
  const base = typeof root.basePath === 'string' ? normalizeBase(root.basePath) : '';
  return [typeof root.host === 'string' && root.host !== '' ? { base, host: root.host.toLowerCase() } : { base }];
}

/** `/v2/` → `/v2`, `v2` → `/v2`, `/` and `` → ``. */
function normalizeBase(p: string): string {
  const trimmed = p.trim().replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed.replace(/^\.\//, '')}`;
}

export function joinPath(base: string, path: string): string {
  if (base === '') return path;
  return path === '/' ? base : base + path;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * A documented spec named by the operator (`--spec`, guanlan.yaml): read and loaded, or one clear
 * GuanlanError naming the file (and the place, for a document that cannot be read at all).
 */
export function readSpecFile(file: string): SpecResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new GuanlanError(ErrorCodes.INPUT_NOT_FOUND, `${file}: cannot read the spec: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const spec = loadSpec(text, file);
  if (spec.error) throw new GuanlanError(ErrorCodes.INPUT_CORRUPT, `${file}: ${spec.error.where ? `${spec.error.where}: ` : ''}${spec.error.message}`);
  return spec;
}
