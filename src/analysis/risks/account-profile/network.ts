/**
 * "Which network is this client on" at the grain a profile compares: the IPv4 /24 or the IPv6 /48
 * (the usual allocation to one site or one subscriber line), beside the ASN from geo. A customer's
 * home broadband address changes from day to day but mostly stays in its /24, and a phone on the
 * carrier's IPv6 keeps its /48 prefix, so a new prefix means a new place more than a new address
 * does. Many customers share one ASN (a national carrier), so the ASN alone says little about
 * place: it is the coarser of the two signals.
 *
 *   networkPrefix('203.0.113.57')          // '203.0.113'
 *   networkPrefix('2001:db8:4a1::7')       // '2001:db8:4a1'
 *   networkPrefix('::ffff:203.0.113.57')   // '203.0.113'
 *   networkPrefix('not an address')        // undefined
 */
import { isIP } from 'node:net';

export function networkPrefix(ip: string): string | undefined {
  const v = isIP(ip);
  if (v === 4) return ip.slice(0, ip.lastIndexOf('.'));
  if (v !== 6) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+)\.\d+$/i.exec(ip);
  if (mapped) return mapped[1];
  const lower = ip.toLowerCase();
  const gap = lower.indexOf('::');
  const head = (gap < 0 ? lower : lower.slice(0, gap)).split(':').filter(Boolean);
  // hextets without leading zeros, so '2001:0db8:…' and '2001:db8:…' agree
  return [0, 1, 2].map((i) => parseInt(head[i] ?? '0', 16).toString(16)).join(':');
}
