/**
 * The simulated bank's address plan. Only documentation ranges are used for clients
 * (RFC 5737 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24; RFC 3849 2001:db8::/32) and 10/8 for
 * the bank's servers, so a simulated capture can never point at a real host.
 *
 * By convention (written into every labels file): 198.51.100.0/24 is FOREIGN (outside mainland
 * China); every other client range is domestic. Attackers use 192.0.2.128/26, partners
 * 192.0.2.200–209, customers the rest.
 */
import { formatIPv6 } from '../decode/net/ip-format.js';
import { ipv6Bytes } from '../decode/net/craft.js';
import type { Customer } from './people.js';
import { hash32, type Rng } from './rng.js';

export type AppName = 'mobile' | 'ebank' | 'openapi';

export interface Server {
  app: AppName;
  host: string;
  ip: string;
  /** the server's IPv6 address (private ULA, the v6 twin of 10/8), for IPv6 clients */
  ip6: string;
  port: number;
}

export const SERVERS: Record<AppName, Server> = {
  mobile: { app: 'mobile', host: 'mapi.bank.example.cn', ip: '10.20.1.11', ip6: 'fd00:20:1::11', port: 80 },
  ebank: { app: 'ebank', host: 'ebank.bank.example.cn', ip: '10.20.2.21', ip6: 'fd00:20:2::21', port: 80 },
  openapi: { app: 'openapi', host: 'openapi.bank.example.cn', ip: '10.20.3.31', ip6: 'fd00:20:3::31', port: 8080 },
};

export const ADDRESS_PLAN = {
  servers: Object.fromEntries(Object.values(SERVERS).map((s) => [s.host, `${s.ip}:${s.port} / [${s.ip6}]:${s.port}`])),
  domestic: ['203.0.113.0/24', '192.0.2.0/25', '2001:db8::/32'],
  attackers: '192.0.2.128/26 (domestic)',
  partners: '192.0.2.200-192.0.2.209 (domestic)',
  foreign: ['198.51.100.0/24'],
  convention:
    'clients use documentation ranges only (RFC 5737, RFC 3849); by convention 198.51.100.0/24 counts as FOREIGN (outside mainland China), every other client address as domestic; servers are in 10.20.0.0/16 and fd00:20::/32',
};

export const isForeign = (ip: string): boolean => ip.startsWith('198.51.100.');

function canonicalV6(s: string): string {
  return formatIPv6(ipv6Bytes(s), 0);
}

/** A domestic IPv4 address for customers: 203.0.113.1–254 or 192.0.2.1–127. */
export function domesticV4(n: number): string {
  const k = n % 381;
  return k < 254 ? `203.0.113.${k + 1}` : `192.0.2.${k - 253}`;
}

/**
 * A customer's address for a channel: most app users come over IPv6 (mobile networks in China
 * mostly are), a home broadband IPv4 otherwise; `alt` is the second network (office Wi-Fi vs 4G).
 */
export function customerIp(c: Customer, channel: 'mobile' | 'ebank', alt = false): string {
  const h = hash32(`${channel}:${c.index}:${alt ? 1 : 0}`);
  if (channel === 'mobile' && h % 100 < 75) {
    const g = (k: number): string => ((hash32(`v6:${c.index}:${alt}:${k}`) % 0xfffe) + 1).toString(16);
    return canonicalV6(`2001:db8:${g(1)}:${g(2)}::${g(3)}`);
  }
  return domesticV4(h >>> 8);
}

export const partnerIp = (k: number): string => `192.0.2.${200 + (k % 10)}`;

/** Round-trip time to a client, µs. */
export function rttFor(ip: string, r: Rng): number {
  if (isForeign(ip)) return r.int(170_000, 260_000);
  if (/^192\.0\.2\.2\d\d$/.test(ip)) return r.int(2_000, 8_000); // partners sit in data centres
  return ip.includes(':') ? r.int(25_000, 80_000) : r.int(12_000, 55_000);
}

/**
 * The address plan's convention as geo networks (for `geo.networks` in guanlan.yaml or a
 * GeoLocator): documentation ranges are in no database, so a run on simulated traffic says
 * where they are. 198.51.100.0/24 is abroad (US), every other client range is in China.
 */
export const SIM_GEO_NETWORKS = [
  { cidr: '198.51.100.0/24', country: 'US', asn: 64_501, asOrg: 'SIM-FOREIGN-NET' },
  { cidr: '192.0.2.128/26', country: 'CN', asn: 64_502, asOrg: 'SIM-IDC-HOSTING' },
  { cidr: '192.0.2.192/26', country: 'CN', asn: 64_503, asOrg: 'SIM-PARTNER-IDC' },
  { cidr: '192.0.2.0/25', country: 'CN', asn: 64_504, asOrg: 'SIM-CN-BROADBAND' },
  { cidr: '203.0.113.0/24', country: 'CN', asn: 64_505, asOrg: 'SIM-CN-TELECOM' },
  { cidr: '2001:db8::/32', country: 'CN', asn: 64_506, asOrg: 'SIM-CN-MOBILE' },
] as const;
