/**
 * email — 邮箱: local@domain in the shape RFC 5321 mail actually uses (dot-atom local part, LDH
 * domain labels, alphabetic TLD). Parsed by hand, no regex to backtrack on.
 *
 *   validate('Zhang.San@Example.COM') // { ok: true, value: 'Zhang.San@example.com' }
 *   validate('logo@2x.png')           // { ok: false, reason: 'component' } (a retina image name)
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, recogniser } from '../recogniser.js';
import type { MaskedForm, Validation } from '../types.js';

/** Endings that make `name@2x.png` a file name, not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'css', 'js', 'map', 'json', 'html', 'htm', 'txt', 'woff', 'woff2', 'ttf', 'mp4', 'mp3', 'pdf']);

function localOk(s: string): boolean {
  if (s.length < 1 || s.length > 64 || s[0] === '.' || s[s.length - 1] === '.') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
    if (!ok || (c === 46 && s.charCodeAt(i - 1) === 46)) return false;
  }
  return true;
}

/** The domain part is well formed; returns its TLD or undefined. */
export function domainTld(d: string): string | undefined {
  if (d.length < 4 || d.length > 253) return undefined;
  const labels = d.split('.');
  if (labels.length < 2) return undefined;
  for (const l of labels) {
    if (l.length < 1 || l.length > 63 || l[0] === '-' || l[l.length - 1] === '-') return undefined;
    for (let i = 0; i < l.length; i++) {
      const c = l.charCodeAt(i) | 32; // ASCII letters to lower case; digits and '-' unchanged
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return undefined;
    }
  }
  const tld = labels[labels.length - 1].toLowerCase();
  if (tld.length < 2 || tld.length > 24 || !/^[a-z]+$/.test(tld)) return undefined;
  return tld;
}

export function compact(v: string): string {
  const s = v.trim();
  const at = s.lastIndexOf('@');
  return at < 0 ? s : s.slice(0, at) + '@' + s.slice(at + 1).toLowerCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 6 || s.length > 254) return invalid('length');
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@') || !localOk(s.slice(0, at))) return invalid('format');
  const tld = domainTld(s.slice(at + 1));
  if (!tld) return invalid('format');
  if (FILE_TLDS.has(tld)) return invalid('component');
  return { ok: true, value: s };
}

/** `z***@qq.com` — strong when at most 2 characters of the local part show. */
export function checkMasked(v: string): MaskedForm | undefined {
  const m = maskShape(v.trim());
  if (!m || m.suffix[0] !== '@') return undefined;
  const tld = domainTld(m.suffix.slice(1));
  if (!tld || FILE_TLDS.has(tld) || (m.prefix && !localOk(m.prefix))) return undefined;
  return { pattern: maskPattern(m), partial: m.prefix.length > 2 && m.prefix.length >= m.hidden };
}

export const email = recogniser({ label: 'email', trigger: 'value', compact, validate, checkMasked });
export const isValid = email.isValid;
