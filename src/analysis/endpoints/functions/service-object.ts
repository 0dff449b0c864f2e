/**
 * Who an endpoint serves: the public (internet clients), partners (open platforms, TPPs, channel
 * partners: few clients with machine credentials), or internal systems. Operator prefixes win,
 * then partner words, then who was actually seen calling, then internal words.
 *
 *   classifyServiceObject({ pathTemplate: '/actuator/env', clients: { public: 0, private: 2 }, … })
 *   // { value: 'internal', reason: 'path word "actuator" and no public clients (2 private)' }
 */
import type { Classified, ServiceObject } from '../../../core/endpoint.js';
import type { EndpointFeatures } from './features.js';
import { VOCAB } from './vocabulary.js';
import { describeHit, findWord, operationSegments, pathSegments, type FindOptions } from './words.js';

export interface ServiceObjectHints {
  /** path prefixes the operator declares internal, e.g. `/inner/` */
  internalPrefixes?: string[];
  /** path prefixes the operator declares partner-facing, e.g. `/openapi/` */
  partnerPrefixes?: string[];
  /** at most this many public clients with machine credentials still look like partners (default 20) */
  partnerMaxClients?: number;
}

export const PARTNER_MAX_CLIENTS = 20;

/** Credentials issued to systems rather than people. */
const MACHINE_AUTH = ['signature', 'mtls-header', 'api-key'] as const;
const ANY_NAME: FindOptions = { part: 'name', scope: 'any' };

export function classifyServiceObject(f: EndpointFeatures, hints: ServiceObjectHints = {}): Classified<ServiceObject> {
  const path = f.pathTemplate;
  const internalPrefix = hints.internalPrefixes?.find((p) => path.startsWith(p));
  if (internalPrefix) return { value: 'internal', reason: `path prefix "${internalPrefix}" is configured internal` };
  const partnerPrefix = hints.partnerPrefixes?.find((p) => path.startsWith(p));
  if (partnerPrefix) return { value: 'partner', reason: `path prefix "${partnerPrefix}" is configured partner` };

  const segs = [...pathSegments(path).segments, ...operationSegments(f.operation)];
  const { public: pub, private: priv } = f.clients;
  const partnerWord =
    findWord(segs, VOCAB.partner.words, ANY_NAME) ??
    // `/open/v1/…` is an open platform, `/account/open` opens an account
    findWord(segs.slice(0, 2), VOCAB.partner.whole, { ...ANY_NAME, wholeOnly: true });
  if (partnerWord) return { value: 'partner', reason: describeHit(partnerWord) + (pub ? `; ${pub} public clients` : '') };

  const machine = MACHINE_AUTH.map((k): [string, number] => [k, f.auth[k] ?? 0]).sort((a, b) => b[1] - a[1]);
  const machineCalls = machine.reduce((n, [, c]) => n + c, 0);
  const total = Math.max(f.calls, Object.values(f.auth).reduce((n, c) => n + (c ?? 0), 0));
  const maxClients = hints.partnerMaxClients ?? PARTNER_MAX_CLIENTS;
  if (pub > 0 && pub <= maxClients && machineCalls * 2 > total)
    return { value: 'partner', reason: `${machine[0][0]} auth on ${machineCalls} of ${total} requests from ${pub} public client${pub > 1 ? 's' : ''}` };

  const internalWord = findWord(segs, VOCAB.internal.words, ANY_NAME);
  if (pub > 0)
    return {
      value: 'public',
      reason: `public client addresses (${pub})` + (internalWord ? `; ${describeHit(internalWord)} yet reachable from public clients` : ''),
    };
  if (internalWord) return { value: 'internal', reason: `${describeHit(internalWord)} and no public clients` + (priv ? ` (${priv} private)` : '') };
  if (priv > 0) return { value: 'internal', reason: `only private client addresses (${priv})` };
  return { value: 'public', reason: 'no client addresses seen; assumed public' };
}
