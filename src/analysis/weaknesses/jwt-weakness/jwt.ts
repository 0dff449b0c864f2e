/**
 * What jwt-weakness needs to know about one JWT, decoded without verifying: its `alg`, the
 * `exp`/`iat` claims (seconds; millisecond values, which some Java libraries write, are scaled),
 * whether it says it is a refresh token, and which claims hold personal data (the sensitive scan
 * run over the payload). Decoding and scanning cost a few microseconds, so results are kept per
 * token string in a small LRU: a session sends the same token with every request.
 */
import type { LabelId } from '../../sensitive/labels.js';
import { scanJson } from '../../sensitive/scan-json.js';

export interface JwtFacts {
  alg: string;
  exp: number | undefined;
  iat: number | undefined;
  /** `typ`/`token_type`/`tokenType` says refresh */
  refresh: boolean;
  /** issuer, for grouping one issuer's tokens (kept in memory, never reported) */
  iss: string;
  /** personal data in claims, clear (not masked) values only */
  claims: { label: LabelId; claim: string }[];
  /** the detector's verdict that nothing is wrong with it wherever it is seen (set by the cache) */
  clean?: boolean;
}

const MAX_TOKEN = 8192;

function part(s: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function seconds(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{9,13}$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n > 1e11 ? Math.floor(n / 1000) : n;
}

/** Header and payload of a compact JWS/JWT, or undefined when it is not one. */
export function decodeJwt(token: string, refTime: number): JwtFacts | undefined {
  if (token.length > MAX_TOKEN || !token.startsWith('eyJ')) return undefined;
  const d1 = token.indexOf('.');
  const d2 = token.indexOf('.', d1 + 1);
  if (d1 < 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) return undefined;
  const header = part(token.slice(0, d1));
  if (!header || typeof header.alg !== 'string') return undefined;
  // a JWE (five parts) never gets here; a JWS whose payload is not JSON is not a JWT
  const payload = part(token.slice(d1 + 1, d2));
  if (!payload) return undefined;
  const typ = String(payload.typ ?? payload.token_type ?? payload.tokenType ?? '').toLowerCase();
  const claims: { label: LabelId; claim: string }[] = [];
  for (const h of scanJson(payload, { refTime })) if (!h.masked) claims.push({ label: h.label, claim: h.location });
  return {
    alg: header.alg,
    exp: seconds(payload.exp),
    iat: seconds(payload.iat),
    refresh: typ.includes('refresh'),
    iss: typeof payload.iss === 'string' ? payload.iss.slice(0, 200) : '',
    claims,
  };
}

/** A bounded cache of decoded tokens, least recently used out first. */
export class JwtCache {
  private readonly map = new Map<string, JwtFacts | null>();
  constructor(private readonly cap: number) {}

  /** The token's facts, decoded on first sight (seen at that ISO time), with `verdict` saying whether it is clean. */
  get(token: string, seenAt: string, verdict: (t: JwtFacts) => boolean): JwtFacts | undefined {
    let v = this.map.get(token);
    if (v !== undefined) {
      // move it to the young end only once the cache fills up: below half full nothing is evicted
      if (this.map.size > this.cap / 2) {
        this.map.delete(token);
        this.map.set(token, v);
      }
      return v ?? undefined;
    }
    v = decodeJwt(token, Date.parse(seenAt)) ?? null;
    if (v) v.clean = verdict(v);
    if (this.map.size >= this.cap) this.map.delete(this.map.keys().next().value!);
    this.map.set(token, v);
    return v ?? undefined;
  }
}
