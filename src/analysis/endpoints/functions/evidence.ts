/**
 * The evidence an endpoint offers to the function rules, gathered once: its words (action first),
 * its request parameters by role, and small helpers that phrase evidence for reason strings.
 */
import type { ApiFormat } from '../../../core/endpoint.js';
import type { EndpointFeatures } from './features.js';
import { PARAMS } from './vocabulary.js';
import { operationSegments, paramLeaf, pathSegments, type Segment } from './words.js';

const RPC_FORMATS: ReadonlySet<ApiFormat> = new Set(['graphql', 'soap', 'json-rpc', 'xml-rpc', 'grpc', 'grpc-web']);

export interface Evidence {
  f: EndpointFeatures;
  method: string;
  /** operation segments first, then path segments from last to first: findWord reports the action first */
  segs: Segment[];
  /** path segments in path order */
  pathSegs: Segment[];
  endsWithParam: boolean;
  /** the method says nothing about the action (everything is POST) */
  rpc: boolean;
  /** reads by method or by GraphQL operation type */
  reads: boolean;
  /** non-path request parameters: name as seen and normalised leaf */
  params: { name: string; leaf: string }[];
}

export function gather(f: EndpointFeatures): Evidence {
  const { segments, endsWithParam } = pathSegments(f.pathTemplate);
  const ops = operationSegments(f.operation);
  // with an operation, the path (/graphql, /ws/AccountService) is a transport, not the action
  if (ops.length) for (const s of segments) s.action = false;
  const method = f.method.toUpperCase();
  const rpc = RPC_FORMATS.has(f.format);
  const opType = f.operation?.type;
  return {
    f,
    method,
    segs: [...ops.reverse(), ...[...segments].reverse()],
    pathSegs: segments,
    endsWithParam: endsWithParam && !ops.length,
    rpc,
    reads: opType ? opType === 'query' : method === 'GET' || method === 'HEAD',
    params: f.requestParams.filter((p) => p.in !== 'path').map((p) => ({ name: p.name, leaf: paramLeaf(p.name) })),
  };
}

const has = (leaf: string, parts: readonly string[]): boolean => parts.some((p) => leaf.includes(p));

/** Parameter roles, each a predicate on the normalised leaf. */
export const paramRole = {
  password: (l: string): boolean => has(l, PARAMS.passwordParts) && !has(l, PARAMS.payPasswordParts) && !l.includes('sms'),
  newPassword: (l: string): boolean => has(l, PARAMS.newPasswordParts),
  confirmPassword: (l: string): boolean => has(l, PARAMS.passwordParts) && has(l, PARAMS.confirmParts),
  identity: (l: string): boolean => has(l, PARAMS.identityParts) && !has(l, PARAMS.passwordParts),
  contact: (l: string): boolean => has(l, PARAMS.contactParts) || PARAMS.contact.includes(l),
  smsCode: (l: string): boolean => PARAMS.smsCode.includes(l),
  imageCode: (l: string): boolean => PARAMS.imageCode.includes(l),
  paging: (l: string): boolean => PARAMS.paging.includes(l),
} as const;

/** Names of the parameters in a role (as the catalog spelled them). */
export function paramsIn(ev: Evidence, role: keyof typeof paramRole): string[] {
  const test = paramRole[role];
  return ev.params.filter((p) => test(p.leaf)).map((p) => p.name);
}

/** `param "smsCode"`, `params "mobile", "smsCode"` */
export function describeParams(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `"${n}"`).join(', ');
  return `${names.length > 1 ? 'params' : 'param'} ${shown}${names.length > 3 ? ', …' : ''}`;
}

/** `3 of 10 responses` */
export function ofCalls(n: number, f: EndpointFeatures): string {
  return f.calls > 0 ? `${n} of ${f.calls} responses` : `${n} responses`;
}

/** An English plural as REST collections are named (`users`, `posts`), not `status` or `address`. */
export function looksPlural(word: string): boolean {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is');
}
