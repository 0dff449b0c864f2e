/**
 * The `geo:` section of guanlan.yaml: which countries are home, the bank's own view of address
 * ranges (branches, partners, VPN exits, or a lab's convention), and the offline database.
 * Configured networks win over the database; reserved ranges are always internal.
 *
 *   geo:
 *     home: [CN]                      # ISO 3166-1 alpha-2; anything else known is abroad
 *     networks:
 *       - { cidr: 202.0.110.0/24, country: CN, asOrg: partner-idc }
 *       - { cidr: 100.100.0.0/16, internal: true }
 *     database: true                  # the offline IP→country database (npm data package)
 *     asn: true                       # also IP→ASN (~0.6 s, ~15 MB once)
 *
 *   const geo = geoLocatorFrom(GeoConfigSchema.parse(yaml.geo ?? {}));
 */
import { z } from 'zod';
import { openGeoDb, type GeoDatabase } from './db.js';
import { isCidr } from '../../core/cidr.js';
import { GeoLocator } from './locator.js';

const Country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as CN, HK or US')
  .transform((s) => s.toUpperCase());

export const GeoCidr = z.string().refine(isCidr, 'expected an address or CIDR such as 203.0.113.0/24 or 2001:db8::/32');

export const GeoNetworkSchema = z
  .object({
    cidr: GeoCidr,
    country: Country.optional(),
    asn: z.number().int().min(0).max(4_294_967_295).optional(),
    asOrg: z.string().min(1).max(200).optional(),
    /** the bank's own network: never foreign */
    internal: z.boolean().optional(),
  })
  .strict()
  .refine((n) => n.country !== undefined || n.asn !== undefined || n.asOrg !== undefined || n.internal !== undefined, 'a network needs at least one of country, asn, asOrg or internal');

export const GeoConfigSchema = z
  .object({
    /** countries counted as domestic */
    home: z.array(Country).min(1, 'home needs at least one country (default [CN])').default(['CN']),
    /** first match wins, before the database */
    networks: z.array(GeoNetworkSchema).default([]),
    /** use the offline IP database (npm package @ip-location-db/geo-whois-asn-country-mmdb) */
    database: z.boolean().default(true),
    /** also look up ASN and AS organisation (npm package @ip-location-db/asn) */
    asn: z.boolean().default(true),
    /** a directory with newer database files under their published names, instead of the npm packages */
    databaseDir: z.string().min(1).optional(),
    /** addresses remembered (each ~200 B) */
    cacheSize: z.number().int().min(1000).max(10_000_000).default(100_000),
  })
  .strict();

export type GeoConfig = z.infer<typeof GeoConfigSchema>;

/**
 * The locator a run uses, and the database behind it (for `about` and an eager `loadAsn()` at
 * start). Without the database, only configured networks and reserved ranges answer.
 */
export function geoLocatorFrom(c: GeoConfig, o: { warn?: (line: string) => void } = {}): GeoLocator & { database?: GeoDatabase } {
  const db = c.database ? openGeoDb({ asn: c.asn, ...(c.databaseDir ? { dir: c.databaseDir } : {}), ...(o.warn ? { warn: o.warn } : {}) }) : undefined;
  const locator = new GeoLocator({ home: c.home, networks: c.networks, db, cacheSize: c.cacheSize });
  return db ? Object.assign(locator, { database: db }) : locator;
}
