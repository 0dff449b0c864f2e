/**
 * Server-side request forgery: a URL in a parameter whose host is the machine itself, a private or
 * link-local network, a cloud metadata service (AWS/GCP/Azure 169.254.169.254, Alibaba Cloud
 * 100.100.100.200, `metadata.google.internal`), written plainly or in the decimal/hex/octal forms
 * that URL parsers accept; or a scheme that only reaches internal services (gopher, dict, file,
 * ldap, …). URLs to public hosts (a CDN avatar) pass.
 */
import type { ValueHit } from './types.js';

// a scheme URL anywhere, or a scheme-relative `//host` where a value or attribute starts
const URLISH = /(\b(?:https?|gopher|dict|file|ldaps?|tftp|ftp|sftp|jar|netdoc|smb|php|ws|wss):\/\/|(?:^|(?<=[\s"'=(,;]))\/\/(?=\d|\[|localhost|metadata))/i;
const BAD_SCHEME = /\b(gopher|dict|tftp|jar|netdoc):\/\//i;
const META_HOST = /^(?:metadata\.google\.internal|metadata|instance-data(?:\.ec2\.internal)?|metadata\.tencentyun\.com|kubernetes\.default(?:\.svc)?)$/i;

function ipv4(host: string): number[] | undefined {
  // dotted with decimal/hex/octal parts, or a single 32-bit number
  const parts = host.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    if (!/^(?:0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(p)) return undefined;
    nums.push(p.startsWith('0x') || p.startsWith('0X') ? parseInt(p, 16) : p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : parseInt(p, 10));
  }
  let v: number;
  if (nums.length === 4) {
    if (nums.some((x) => x > 255)) return undefined;
    return nums;
  }
  if (nums.length === 1) v = nums[0];
  else if (nums.length === 2) v = nums[0] * 2 ** 24 + nums[1];
  else v = nums[0] * 2 ** 24 + nums[1] * 2 ** 16 + nums[2];
  if (!(v >= 0 && v <= 0xffffffff)) return undefined;
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function internalV4(a: number[]): string | undefined {
  const [x, y] = a;
  if (x === 169 && y === 254) return a[2] === 169 && a[3] === 254 ? 'cloud metadata' : 'link-local address';
  if (x === 100 && y === 100 && a[2] === 100 && a[3] === 200) return 'cloud metadata';
  if (x === 127 || x === 0) return 'loopback address';
  if (x === 10 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168)) return 'private address';
  if (x === 100 && y >= 64 && y <= 127) return 'shared address';
  return undefined;
}

function internalHost(hostRaw: string): string | undefined {
  let host = hostRaw.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) {
    host = host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
    if (host === '::1' || host === '::' || /^0*:(?:0*:)*0*1?$/.test(host)) return 'loopback address';
    const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(host);
    if (mapped) {
      const a = mapped[1] ? ipv4(mapped[1]) : [parseInt(mapped[2], 16) >> 8, parseInt(mapped[2], 16) & 255, parseInt(mapped[3], 16) >> 8, parseInt(mapped[3], 16) & 255];
      return a ? internalV4(a) : undefined;
    }
    if (/^f[cd][0-9a-f]{2}:/.test(host)) return 'private address';
    if (/^fe[89ab][0-9a-f]:/.test(host)) return 'link-local address';
    if (host === 'fd00:ec2::254') return 'cloud metadata';
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localtest.me' || host.endsWith('.localtest.me')) return 'loopback address';
  if (META_HOST.test(host)) return 'cloud metadata';
  if (/^(?:\d+\.){3}\d+\.(?:nip\.io|xip\.io|sslip\.io)$/.test(host)) {
    const a = ipv4(host.split('.').slice(0, 4).join('.'));
    return a ? internalV4(a) : undefined;
  }
  const a = /^[0-9a-fx.]+$/i.test(host) ? ipv4(host) : undefined;
  return a ? internalV4(a) : undefined;
}

/** SSRF in one decoded parameter value; undefined when none. */
export function detectSsrf(value: string): ValueHit | undefined {
  if (value.indexOf('//') < 0 && value.indexOf(':') < 0) return undefined;
  const bad = BAD_SCHEME.exec(value);
  if (bad) return { reason: `${bad[1].toLowerCase()} scheme`, sample: value.slice(bad.index, bad.index + 64) };
  const fileUrl = /\bfile:\/\/[^\s]*/i.exec(value);
  if (fileUrl) return { reason: 'file scheme', sample: fileUrl[0].slice(0, 64) };
  const re = new RegExp(URLISH.source, 'gi');
  let m: RegExpExecArray | null;
  for (let k = 0; k < 4 && (m = re.exec(value)); k++) {
    const start = m.index + m[0].length;
    const rest = value.slice(start, start + 300);
    // authority: up to / ? # or whitespace; drop userinfo (`http://bank.com@127.0.0.1`)
    const auth = /^[^/?#\s\\]*/.exec(rest)![0];
    const hostPort = auth.slice(auth.lastIndexOf('@') + 1);
    const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
    if (!host) continue;
    // a scheme-relative `//host` counts only where a URL can start, with a host that looks like
    // one: `//1/IX…` inside a base64 signature is not a URL to 0.0.0.1
    if (m[0].startsWith('//') && !/[.[]|^localhost|^metadata/i.test(host)) continue;
    const why = internalHost(host);
    if (why) return { reason: why, sample: value.slice(m.index, m.index + 64) };
  }
  return undefined;
}
