/**
 * The offline IP database (DESIGN §7): redistributable data packages from npm, no network at run
 * time, no GeoLite2 (its licence forbids bundling).
 *  - country: `@ip-location-db/geo-whois-asn-country-mmdb` (CC0-1.0 package; built from RIR
 *    whois/ASN data of the NRO, CC BY 4.0, and geofeeds), two MaxMind-format files (~8 MB)
 *    read with `mmdb-lib`; opened at once, ~15 ms;
 *  - ASN and AS organisation: `@ip-location-db/asn` (RouteViews + DB-IP ASN Lite, CC BY 4.0:
 *    attribution in NOTICE), range CSVs (~33 MB) parsed into typed arrays on the first ASN lookup
 *    (or on `loadAsn()` at start): ~0.6 s once, ~15 MB kept (515,000 ranges, 81,000 names).
 *    On by default; `asn: false` skips it.
 * Either package may be missing (a slim install): then that half answers nothing, with one
 * warning line. `dir` points at newer files downloaded by hand (same file names).
 *
 *   const db = openGeoDb();
 *   db?.('8.8.8.8')   // { country: 'US', asn: 15169, asOrg: 'Google LLC' }
 *   db?.about         // { country: { version: '2.3.2026061719', builtAt: '2026-06-17T19:51:50.000Z', … }, asn: { … } }
 *   new GeoLocator({ db })
 */
import { existsSync, readFileSync } from 'node:fs';
import { cidrList } from '../../core/cidr.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Reader } from 'mmdb-lib';
import { AsnTable } from './asn-table.js';
import { ipv4ToNumber, ipv6ToHalves, unmapIPv4 } from './ip.js';
import type { GeoInfo } from './types.js';

export const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
export const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_FILES = { v4: 'geo-whois-asn-country-ipv4.mmdb', v6: 'geo-whois-asn-country-ipv6.mmdb' };
const ASN_FILES = { v4: 'asn-ipv4-num.csv', v6: 'asn-ipv6-num.csv' };

export interface GeoDbOptions {
  /** also answer ASN and AS organisation (default true; costs ~0.6 s and ~15 MB on first use) */
  asn?: boolean;
  /** a directory with the data files under their published names, instead of the npm packages */
  dir?: string;
  /** where the one-line warning goes when a package is missing (default stderr) */
  warn?: (line: string) => void;
}

export interface GeoDbPart {
  source: string;
  /** the package version (its date, yyyymmddhh, for these packages), or 'files' for `dir` */
  version: string;
  /** when the data was built, ISO (the country files say; the CSVs do not) */
  builtAt?: string;
  licence: string;
}

export interface GeoDbAbout {
  country?: GeoDbPart;
  asn?: GeoDbPart & { loaded: boolean; loadMs?: number; ranges?: number; orgs?: number };
}

/** What GeoLocator's `db` option takes, with what it is built from for display. */
export type GeoDatabase = ((ip: string) => GeoInfo | undefined) & {
  readonly about: GeoDbAbout;
  /** parse the ASN table now (at start) instead of on the first lookup; no-op without ASN */
  loadAsn(): void;
};

/**
 * IANA special-purpose blocks that are not global (RFC 6890 and successors). The data maps some of
 * them to a country (the documentation ranges 198.51.100.0/24 and 203.0.113.0/24 come back as AU,
 * 2001:db8::/32 as JP), which would make every lab capture look foreign: they answer nothing.
 */
const NOT_GLOBAL = cidrList([
  ...['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3'],
  ...['::/127', '100::/64', '2001:2::/48', '2001:10::/28', '2001:20::/28', '2001:db8::/32', '3fff::/20', 'fc00::/7', 'fe80::/10', 'ff00::/8'],
]);
/** NAT64 (RFC 6052 well-known prefix): the IPv4 host is the last 32 bits */
const NAT64 = 0x0064ff9b00000000n;

interface Located {
  dir: string;
  version: string;
}

const require = createRequire(import.meta.url);

function locate(pkg: string, files: { v4: string; v6: string }, dir: string | undefined): Located | undefined {
  if (dir) return existsSync(path.join(dir, files.v4)) || existsSync(path.join(dir, files.v6)) ? { dir, version: 'files' } : undefined;
  try {
    const manifest = require.resolve(`${pkg}/package.json`);
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
    return { dir: path.dirname(manifest), version };
  } catch {
    return undefined;
  }
}

function readIf(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

type CountryRecord = { country_code?: string; country?: { iso_code?: string } };

/** Country readers are shared by every open (the files are immutable for the process). */
const countryCache = new Map<string, { v4?: Reader<never>; v6?: Reader<never>; builtAt?: string }>();
const asnCache = new Map<string, { table: AsnTable; loadMs: number }>();

let warned = false;
function warnOnce(w: (line: string) => void, line: string): void {
  if (warned) return;
  warned = true;
  w(line);
}

const stderrWarn = (line: string): void => {
  process.stderr.write(`guanlan: ${line}\n`);
};

/**
 * Opens the offline database; undefined (with one warning line) when the country package is not
 * installed. With `asn`, the ASN table is parsed on the first lookup that needs it.
 */
export function openGeoDb(o: GeoDbOptions = {}): GeoDatabase | undefined {
  const warn = o.warn ?? stderrWarn;
  const where = locate(COUNTRY_PACKAGE, COUNTRY_FILES, o.dir);
  if (!where) {
    warnOnce(warn, `geo: the offline IP database is not installed (${o.dir ? `no ${COUNTRY_FILES.v4} in ${o.dir}` : `npm package ${COUNTRY_PACKAGE}`}); client countries come from geo.networks only`);
    return undefined;
  }
  let readers = countryCache.get(where.dir);
  if (!readers) {
    const b4 = readIf(path.join(where.dir, COUNTRY_FILES.v4));
    const b6 = readIf(path.join(where.dir, COUNTRY_FILES.v6));
    const v4 = b4 ? new Reader<never>(b4) : undefined;
    const v6 = b6 ? new Reader<never>(b6) : undefined;
    const epoch = (v4 ?? v6)?.metadata.buildEpoch;
    readers = { v4, v6, builtAt: epoch && !Number.isNaN(epoch.getTime()) ? epoch.toISOString() : undefined };
    countryCache.set(where.dir, readers);
  }
  const { v4, v6 } = readers;
  const about: GeoDbAbout = {
    country: { source: o.dir ? where.dir : COUNTRY_PACKAGE, version: where.version, ...(readers.builtAt ? { builtAt: readers.builtAt } : {}), licence: 'CC0-1.0 (data: NRO RIR statistics, CC BY 4.0)' },
  };

  let asnWhere: Located | undefined;
  if (o.asn !== false) {
    asnWhere = locate(ASN_PACKAGE, ASN_FILES, o.dir);
    if (asnWhere) about.asn = { source: o.dir ? asnWhere.dir : ASN_PACKAGE, version: asnWhere.version, licence: 'CC BY 4.0 (RouteViews, DB-IP)', loaded: false };
    else warnOnce(warn, `geo: no ASN data (${o.dir ? `no ${ASN_FILES.v4} in ${o.dir}` : `npm package ${ASN_PACKAGE} is not installed`}); answering countries only (geo.asn: false silences this)`);
  }
  let asn: AsnTable | undefined;
  const loadAsn = (): void => {
    if (asn || !asnWhere) return;
    let hit = asnCache.get(asnWhere.dir);
    if (!hit) {
      const t0 = performance.now();
      const table = AsnTable.parse(readIf(path.join(asnWhere.dir, ASN_FILES.v4)), readIf(path.join(asnWhere.dir, ASN_FILES.v6)));
      hit = { table, loadMs: Math.round(performance.now() - t0) };
      asnCache.set(asnWhere.dir, hit);
    }
    asn = hit.table;
    const sizes = asn.sizes;
    about.asn = { ...about.asn!, loaded: true, loadMs: hit.loadMs, ranges: sizes.v4 + sizes.v6, orgs: sizes.orgs };
  };

  const lookup = (raw: string): GeoInfo | undefined => {
    let ip = unmapIPv4(raw);
    let n4 = ipv4ToNumber(ip);
    let halves: [bigint, bigint] | undefined;
    if (n4 === undefined) {
      halves = ipv6ToHalves(ip);
      if (!halves) return undefined;
      if (halves[0] === NAT64 && halves[1] >> 32n === 0n) {
        n4 = Number(halves[1]);
        ip = `${n4 >>> 24}.${(n4 >>> 16) & 255}.${(n4 >>> 8) & 255}.${n4 & 255}`;
      }
    }
    if (NOT_GLOBAL.check(ip, n4 !== undefined ? 'ipv4' : 'ipv6')) return undefined;
    let out: GeoInfo | undefined;
    let country: string | undefined;
    if (n4 !== undefined) {
      country = code(v4?.get(ip));
      if (asnWhere) {
        if (!asn) loadAsn();
        const a = asn!.lookupV4(n4);
        if (a) out = { ...a };
      }
    } else if (halves) {
      country = code(v6?.get(ip));
      if (asnWhere) {
        if (!asn) loadAsn();
        const a = asn!.lookupV6(halves[0], halves[1]);
        if (a) out = { ...a };
      }
    }
    if (country) (out ??= {}).country = country;
    return out;
  };
  return Object.assign(lookup, { about, loadAsn });
}

function code(r: unknown): string | undefined {
  if (!r || typeof r !== 'object') return undefined;
  const c = (r as CountryRecord).country_code ?? (r as CountryRecord).country?.iso_code;
  return typeof c === 'string' && /^[A-Za-z]{2}$/.test(c) ? c.toUpperCase() : undefined;
}
