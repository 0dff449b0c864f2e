/**
 * Where a client address is (issue 5: disallowed-source login, abnormal login, cross-border flow).
 * `country` is an ISO 3166-1 alpha-2 code (`CN`, `HK`, `US`…); `internal` marks private, loopback
 * and other non-routable addresses (the bank's own networks: never foreign); `asn` is the
 * autonomous system number when known. An unknown address answers `{}`: detectors must treat
 * unknown as "no opinion", never as foreign.
 */
export interface GeoInfo {
  country?: string;
  asn?: number;
  /** the AS organisation name, when known */
  asOrg?: string;
  /** private, loopback, link-local, CGNAT… (RFC 1918, RFC 4193 …) */
  internal?: boolean;
  /** where the answer came from: a configured network, the offline database, or the address class */
  source?: 'config' | 'db' | 'reserved';
}

export interface GeoLookup {
  lookup(ip: string): GeoInfo;
  /** countries counted as domestic (default ['CN']): anything else with a known country is cross-border */
  readonly home: ReadonlySet<string>;
}
