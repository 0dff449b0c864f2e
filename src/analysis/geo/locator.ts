/**
 * IP → country/ASN for risk detectors. Answers, first match wins:
 *  1. configured networks (`geo.networks` in guanlan.yaml: the bank's own view, e.g. its branch
 *     and partner ranges, or a test's convention that 198.51.100.0/24 is abroad);
 *  2. reserved address classes (private, loopback, link-local, CGNAT, ULA): `internal`;
 *  3. the offline database (see db.ts), when it is installed and enabled.
 * Lookups are cached per address (bounded), so a detector may ask on every exchange.
 *
 *   const geo = new GeoLocator({ networks: [{ cidr: '198.51.100.0/24', country: 'US' }] });
 *   geo.lookup('198.51.100.7')  // { country: 'US', source: 'config' }
 *   geo.lookup('10.1.2.3')      // { internal: true, source: 'reserved' }
 */
import { type BlockList, isIP } from 'node:net';
import { GenerationalMap } from '../../core/bounded-map.js';
import { cidrList } from '../../core/cidr.js';
import { unmapIPv4 } from './ip.js';
import type { GeoInfo, GeoLookup } from './types.js';

export interface GeoNetwork {
  cidr: string;
  country?: string;
  asn?: number;
  asOrg?: string;
  /** treat as the bank's own network */
  internal?: boolean;
}

export interface GeoOptions {
  /** countries counted as domestic (default ['CN']) */
  home?: readonly string[];
  networks?: readonly GeoNetwork[];
  /** the offline database: a function from address to what it knows (db.ts), or none */
  db?: ((ip: string) => GeoInfo | undefined) | undefined;
  /** cached addresses (default 100,000) */
  cacheSize?: number;
}

const RESERVED_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4'];
const RESERVED_V6 = ['::1/128', '::/128', 'fc00::/7', 'fe80::/10', 'ff00::/8'];

export class GeoLocator implements GeoLookup {
  readonly home: ReadonlySet<string>;
  private readonly networks: { list: BlockList; info: GeoInfo }[];
  private readonly reserved = cidrList([...RESERVED_V4, ...RESERVED_V6]);
  private readonly db: GeoOptions['db'];
  /** by address; a new address once full drops the least recently used half (core/bounded-map.ts: one Map evicting its first key took ~47 µs a new address at this size, bench/bounded-map.mjs) */
  private readonly cache: GenerationalMap<string, GeoInfo>;

  constructor(o: GeoOptions = {}) {
    this.home = new Set((o.home ?? ['CN']).map((c) => c.toUpperCase()));
    this.networks = (o.networks ?? []).map((n) => {
      const list = cidrList([n.cidr]);
      const info: GeoInfo = { source: 'config' };
      if (n.country) info.country = n.country.toUpperCase();
      if (n.asn !== undefined) info.asn = n.asn;
      if (n.asOrg) info.asOrg = n.asOrg;
      if (n.internal) info.internal = true;
      return { list, info };
    });
    this.db = o.db;
    this.cache = new GenerationalMap(Math.max(2, o.cacheSize ?? 100_000));
  }

  lookup(ip: string): GeoInfo {
    let g = this.cache.get(ip);
    if (g) return g;
    g = this.resolve(ip);
    this.cache.set(ip, g);
    return g;
  }

  private resolve(raw: string): GeoInfo {
    // dual-stack sockets report v4 peers as ::ffff:a.b.c.d: judge them as the v4 address
    const ip = unmapIPv4(raw);
    const v = isIP(ip);
    if (v === 0) return {};
    const type = v === 6 ? 'ipv6' : 'ipv4';
    for (const n of this.networks) if (n.list.check(ip, type)) return n.info;
    if (this.reserved.check(ip, type)) return { internal: true, source: 'reserved' };
    const d = this.db?.(ip);
    return d ? { ...d, source: 'db' } : {};
  }

  /** true when the address is known to be outside the home countries (unknown is not foreign) */
  isForeign(ip: string): boolean {
    const g = this.lookup(ip);
    return !g.internal && g.country !== undefined && !this.home.has(g.country);
  }
}
