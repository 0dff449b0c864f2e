/**
 * Address lists from configuration (trusted proxies, allow-lists, geo networks, reserved ranges):
 * CIDRs or single addresses, v4 and v6, checked with Node's BlockList.
 *
 *   isCidr('10.0.0.0/8')                              // true
 *   const l = cidrList(['10.0.0.0/8', '2001:db8::/32']);
 *   inCidrList(l, '10.1.2.3')                         // true; garbage → false
 */
import { BlockList, isIP } from 'node:net';

/** An address, or an address/prefix with a prefix length that fits the family. */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const v = isIP(addr);
  if (v === 0) return false;
  if (slash < 0) return true;
  const bits = s.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128);
}

/** One BlockList of the given CIDRs and addresses (validated at config time with `isCidr`). */
export function cidrList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const c of cidrs) {
    const [addr, bits] = c.split('/');
    const type = isIP(addr ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr!, type);
    else list.addSubnet(addr!, Number(bits), type);
  }
  return list;
}

/** Whether `ip` is in the list (false for anything that is not an address). */
export function inCidrList(list: BlockList, ip: string): boolean {
  const v = isIP(ip);
  return v !== 0 && list.check(ip, v === 6 ? 'ipv6' : 'ipv4');
}
