/**
 * A parameter value as a fetch target: a full URL of a scheme a server-side client speaks
 * (http, https, ftp, gopher, file, dict, ldap, sftp, tftp, jar, netdoc) or a bare host:port,
 * with where it points: loopback, private, link-local (cloud metadata lives at
 * 169.254.169.254), an internal-looking name (`localhost`, `*.local`, `*.internal`, `*.svc`) or
 * the public internet. App schemes (`weixin://`, `alipays://`), `data:` and `javascript:` are
 * not fetch targets.
 *
 *   fetchTarget('http://169.254.169.254/latest/meta-data/') // { scheme: 'http', host: '169.254.169.254', where: 'link-local', form: 'url' }
 *   fetchTarget('10.1.2.3:6379')                             // { scheme: '', host: '10.1.2.3', where: 'private', form: 'host-port' }
 */
import { validate as validateIp } from '../../sensitive/recognisers/ip.js';

export type TargetPlace = 'loopback' | 'private' | 'link-local' | 'reserved' | 'internal-name' | 'public';

export interface FetchTarget {
  scheme: string;
  /** lower case, without brackets or port */
  host: string;
  where: TargetPlace;
  form: 'url' | 'host-port';
}

const URL_RE = /^(https?|ftp|gopher|file|dict|ldap|sftp|tftp|jar|netdoc):\/\/([^/?#\s]*)/i;
const HOST_PORT_RE = /^(localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*):(\d{2,5})(?:\/[^\s]*)?$/i;
const INTERNAL_SUFFIXES = ['.local', '.localdomain', '.internal', '.intranet', '.corp', '.lan', '.svc', '.cluster.local', '.consul'];

/** Where a host points. */
export function placeOf(host: string): TargetPlace {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h === '' || h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const ip = validateIp(h);
  if (ip.ok) return (ip.detail?.scope as TargetPlace | undefined) ?? 'public';
  if (!h.includes('.')) return 'internal-name'; // a single label resolves only inside
  for (const s of INTERNAL_SUFFIXES) if (h.endsWith(s)) return 'internal-name';
  return 'public';
}

/** The fetch target `v` names, or undefined. `hostPort`: accept a bare host:port (under a fetch-like name). */
export function fetchTarget(v: string, hostPort: boolean): FetchTarget | undefined {
  if (v.length < 6 || v.length > 4096) return undefined;
  const s = v.trim();
  const m = URL_RE.exec(s);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    let authority = m[2]!;
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    let host = authority;
    if (host.startsWith('[')) host = host.slice(0, host.indexOf(']') + 1);
    else {
      const colon = host.lastIndexOf(':');
      if (colon >= 0) host = host.slice(0, colon);
    }
    host = host.toLowerCase();
    if (host === '' && scheme !== 'file') return undefined;
    return { scheme, host, where: scheme === 'file' ? 'loopback' : placeOf(host), form: 'url' };
  }
  if (!hostPort) return undefined;
  const hp = HOST_PORT_RE.exec(s);
  if (!hp || Number(hp[2]) > 65535) return undefined;
  const host = hp[1]!.toLowerCase();
  if (/^\d/.test(host) && !validateIp(host).ok) return undefined;
  return { scheme: '', host, where: placeOf(host), form: 'host-port' };
}
