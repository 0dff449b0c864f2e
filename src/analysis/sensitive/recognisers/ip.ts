/**
 * ip — IP 地址: IPv4 dotted quad (no leading zeros, which mark version strings and octal
 * notation) or IPv6 (RFC 4291 text forms, incl. `::` and an embedded IPv4 tail), with its scope
 * (public or not) in `detail`.
 *
 *   validate('203.0.113.7') // { ok: true, value: '203.0.113.7', detail: { version: 4, scope: 'public' } }
 *   validate('10.1.2.3')    // … scope: 'private'
 */
import { invalid, recogniser } from '../recogniser.js';
import type { MaskedForm, Validation } from '../types.js';

export type IpScope = 'public' | 'private' | 'loopback' | 'link-local' | 'reserved';

/** Octets of a dotted quad, or undefined. */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length < 1 || p.length > 3 || (p.length > 1 && p[0] === '0')) return undefined;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      n = n * 10 + c;
    }
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function scope4([a, b]: number[]): IpScope {
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 0 || a >= 224) return 'reserved';
  return 'public';
}

/** IPv6 text form → 8 groups, or undefined. */
export function parseIpv6(s: string): number[] | undefined {
  if (s.length < 2 || s.length > 45 || !s.includes(':')) return undefined;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return undefined;
  const side = (t: string): number[] | undefined => {
    if (t === '') return [];
    const out: number[] = [];
    const parts = t.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  if (dbl < 0) {
    const g = side(s);
    return g && g.length === 8 ? g : undefined;
  }
  const head = side(s.slice(0, dbl));
  const tail = side(s.slice(dbl + 2));
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function scope6(g: number[]): IpScope {
  if (g.every((x, i) => (i < 7 ? x === 0 : x === 1))) return 'loopback';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if (g[0] === 0 || (g[0] & 0xff00) === 0xff00) return 'reserved';
  return 'public';
}

export function compact(v: string): string {
  return v.trim().toLowerCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 2 || s.length > 45) return invalid('length');
  const v4 = parseIpv4(s);
  if (v4) return { ok: true, value: s, detail: { version: 4, scope: scope4(v4) } };
  const v6 = parseIpv6(s);
  if (v6) return { ok: true, value: s, detail: { version: 6, scope: scope6(v6) } };
  return invalid('format');
}

/** `192.168.*.*`, `10.1.2.*` — strong when at least two octets are hidden. */
export function checkMasked(v: string): MaskedForm | undefined {
  const parts = v.trim().split('.');
  if (parts.length !== 4) return undefined;
  let hidden = 0;
  for (const p of parts) {
    if (/^\*{1,3}$/.test(p)) hidden++;
    else if (hidden > 0 || !parseIpv4(`${p}.0.0.0`)) return undefined; // masks only at the end
  }
  if (hidden === 0 || hidden === 4) return undefined;
  return { pattern: `keep ${4 - hidden} octets`, partial: hidden < 2 };
}

export const ip = recogniser({ label: 'ip', trigger: 'value', compact, validate, checkMasked });
export const isValid = ip.isValid;
