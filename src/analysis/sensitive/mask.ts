/**
 * Masked forms and masked samples.
 *
 * A masked value is visible characters, one run of mask characters, visible characters:
 * `138****5678`, `6222 **** **** 1234` (separators are ignored), `张*`, `110101********1234`.
 * `maskShape` parses that; each recogniser decides whether the visible parts fit its label and
 * whether what stays visible still identifies (`partial`).
 *
 * `maskSample` masks a clear value for storage (DESIGN §5: samples are masked by default).
 */
import { detach } from '../../core/detach.js';
import type { LabelId } from './labels.js';

export interface MaskShape {
  /** Visible characters before the mask run. */
  prefix: string;
  /** Visible characters after it. */
  suffix: string;
  /** Number of mask characters. */
  hidden: number;
  /** prefix + hidden + suffix: the length of the value before masking. */
  total: number;
}

/** `*`, full-width `＊`, bullets and `×`; runs of two or more `x`/`X` are handled in maskShape. */
export function isMaskCode(c: number): boolean {
  return c === 42 || c === 0xff0a || c === 0x2022 || c === 0x25cf || c === 0xd7;
}

/**
 * Parse a value with exactly one run of mask characters (after dropping spaces and `-`), or
 * undefined: `maskShape('138****5678')` → { prefix: '138', suffix: '5678', hidden: 4, total: 11 }.
 */
export function maskShape(v: string): MaskShape | undefined {
  if (v.length > 64) return undefined;
  let prefix = '';
  let suffix = '';
  let hidden = 0;
  let state = 0; // 0 before the run, 1 in it, 2 after it
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 45) continue;
    let mask = isMaskCode(c);
    // `138xxxx5678`: x/X masks only in runs, a lone X is an ID check character
    if (!mask && (c === 120 || c === 88)) {
      const p = v.charCodeAt(i - 1);
      const n = v.charCodeAt(i + 1);
      mask = p === 120 || p === 88 || n === 120 || n === 88 || (state === 1 && (p === 42 || n === 42));
    }
    if (mask) {
      if (state === 2) return undefined;
      state = 1;
      hidden++;
    } else if (state === 0) prefix += v[i];
    else {
      state = 2;
      suffix += v[i];
    }
  }
  if (hidden === 0) return undefined;
  return { prefix, suffix, hidden, total: prefix.length + hidden + suffix.length };
}

export function maskPattern(s: MaskShape): string {
  return `keep ${s.prefix.length}+${s.suffix.length}`;
}

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Keep `head` leading and `tail` trailing characters, stars between (at least one star). */
export function keepEnds(v: string, head: number, tail: number): string {
  if (v.length <= head + tail) {
    // too short to keep both ends: keep less rather than reveal the value
    const t = Math.min(tail, Math.max(0, v.length - 2));
    return stars(v.length - t) + v.slice(v.length - t);
  }
  return v.slice(0, head) + stars(v.length - head - tail) + v.slice(v.length - tail);
}

/**
 * A clear value masked for storage, per label. Never a view into `v` (a value read off a body):
 * only pieces under 13 characters, which V8 copies, or a `detach`ed one, so a sample can be kept
 * without keeping its body (the collector relies on it and copies nothing more).
 */
export function maskSample(label: LabelId, v: string): string {
  switch (label) {
    case 'cn_id':
      return keepEnds(v, 3, 4); // birth date hidden
    case 'cn_mobile':
    case 'landline':
      return keepEnds(v, 3, 4);
    case 'bank_card':
      return keepEnds(v, 6, 4); // what PCI DSS allows to display
    case 'person_name':
      return v.slice(0, 1) + stars(Math.min(3, v.length - 1));
    case 'email': {
      const at = v.lastIndexOf('@');
      // the domain is shown whole: a copy, as it may be long
      return at > 0 ? v[0] + '***' + detach(v.slice(at)) : keepEnds(v, 1, 0);
    }
    case 'address':
      return v.slice(0, Math.min(6, v.length >> 1)) + '****';
    case 'uscc':
      return keepEnds(v, 8, 2);
    case 'ip': {
      const dot = v.indexOf('.', v.indexOf('.') + 1);
      return dot > 0 ? v.slice(0, dot) + '.*.*' : keepEnds(v, 4, 0);
    }
    case 'credential': {
      // keep the scheme of an Authorization value and the first characters of the secret
      const m = /^(bearer|basic)\s+/i.exec(v);
      const from = m ? m[0].length : 0;
      // the scheme word and one space (a run of spaces would make the match a view into `v`)
      return (m ? `${m[1]} ` : '') + keepEnds(v.slice(from, from + 12), 4, 0) + '…';
    }
    case 'password':
    case 'pay_password':
    case 'sms_code':
    case 'card_cvv':
    case 'card_track':
      return '******'; // not even the length
    case 'geo':
    case 'balance':
    case 'amount':
    case 'transaction':
    case 'card_expiry':
      return stars(Math.min(v.length, 8));
    default:
      return keepEnds(v, 2, 2);
  }
}
