/**
 * Where a client may come from: the home countries (geo `home`) plus a detector's allow-lists,
 * minus its deny-list. Used by the detectors that judge a source by place (disallowed-source
 * login, cross-border flow). Unknown places are "no opinion" unless `flagUnknown`; the bank's own
 * networks (`internal`) are always allowed.
 *
 *   const p = new SourcePolicy({ allowCountries: ['HK'], allowNetworks: ['198.51.100.0/28'], denyCountries: ['KP'] });
 *   p.judge('198.51.100.77', { country: 'US' }, new Set(['CN']))   // { verdict: 'foreign', country: 'US' }
 *   p.judge('198.51.100.3', { country: 'US' }, new Set(['CN']))    // { verdict: 'allowed' }
 */
import type { BlockList } from 'node:net';
import { cidrList, inCidrList } from '../../core/cidr.js';
import { unmapIPv4 } from './ip.js';
import type { GeoInfo } from './types.js';

export interface SourcePolicyOptions {
  /** countries allowed besides the home countries */
  allowCountries?: readonly string[];
  /** addresses or CIDRs always allowed (partners abroad, the bank's overseas branches) */
  allowNetworks?: readonly string[];
  /** autonomous systems always allowed */
  allowAsns?: readonly number[];
  /** countries always flagged, home or not */
  denyCountries?: readonly string[];
  /** flag clients whose country is unknown (default false: unknown is no opinion) */
  flagUnknown?: boolean;
}

export type SourceVerdict = 'allowed' | 'foreign' | 'denied' | 'unknown';

export interface SourceJudgement {
  verdict: SourceVerdict;
  country?: string;
}

const ALLOWED: SourceJudgement = { verdict: 'allowed' };

export class SourcePolicy {
  private readonly allowCountries: ReadonlySet<string>;
  private readonly denyCountries: ReadonlySet<string>;
  private readonly allowAsns: ReadonlySet<number>;
  private readonly allowNetworks: BlockList | undefined;
  private readonly flagUnknown: boolean;

  constructor(o: SourcePolicyOptions = {}) {
    this.allowCountries = new Set((o.allowCountries ?? []).map((c) => c.toUpperCase()));
    this.denyCountries = new Set((o.denyCountries ?? []).map((c) => c.toUpperCase()));
    this.allowAsns = new Set(o.allowAsns ?? []);
    this.flagUnknown = o.flagUnknown ?? false;
    if (o.allowNetworks?.length) this.allowNetworks = cidrList(o.allowNetworks);
  }

  /** What the policy says of a client at `ip` located at `g`. */
  judge(ip: string, g: GeoInfo, home: ReadonlySet<string>): SourceJudgement {
    if (g.internal) return ALLOWED;
    const country = g.country;
    if (country !== undefined && this.denyCountries.has(country)) return { verdict: 'denied', country };
    if (this.allowNetworks && inCidrList(this.allowNetworks, unmapIPv4(ip))) return ALLOWED;
    if (g.asn !== undefined && this.allowAsns.has(g.asn)) return ALLOWED;
    if (country === undefined) return this.flagUnknown ? { verdict: 'unknown' } : ALLOWED;
    if (home.has(country) || this.allowCountries.has(country)) return ALLOWED;
    return { verdict: 'foreign', country };
  }

  /** Where the client is, for a detail line: `US, AS64501 SIM-NET` (no personal data). */
  static where(g: GeoInfo): string {
    const as = g.asn !== undefined ? `AS${g.asn}${g.asOrg ? ` ${g.asOrg.slice(0, 40)}` : ''}` : g.asOrg?.slice(0, 40);
    return [g.country ?? 'unknown country', as].filter(Boolean).join(', ');
  }
}
