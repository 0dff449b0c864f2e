/**
 * sms-code-in-response: a verification-code send endpoint whose response carries the code, so a
 * caller needs no phone. Two ways to see the code:
 * - the sensitive scan's `sms_code` label in the response (4–8 digits under `smsCode`, `yzm`…);
 * - a walk of the JSON body for a code key (`codeKeys`), or a bare `code` that is not the status:
 *   nested (`data.code`) with no message or status beside it, or top-level beside another status
 *   field that says success (`{retCode:'0000', code:'604213'}`), and not status-shaped itself
 *   (`0000`, `1000`, `99999`). A body whose status says the send failed carries error codes.
 * Cost: the body is parsed only for successful answers of send endpoints, and the endpoint's
 * class is asked only when the response has an `sms_code` hit or the request names a mobile or
 * e-mail (what a send carries).
 */
import type { DataHit } from '../../sensitive/types.js';
import { jsonAt } from '../values.js';
import { businessOk, isSendEndpoint, recipientHit } from '../sms-no-rate-limit/send.js';
import { defineDetector } from '../types.js';
import { normKey } from '../values.js';
import { descriptor } from './descriptor.js';

const STATUS = new Set(['code', 'status', 'statuscode', 'retcode', 'respcode', 'resultcode', 'returncode', 'rtncode', 'errcode', 'errorcode', 'success']);
const MESSAGE = new Set(['msg', 'message', 'errmsg', 'errormsg', 'retmsg', 'respmsg', 'resultmsg', 'returnmsg', 'rtnmsg', 'desc', 'description', 'info', 'error']);

/** `0000`, `9999`, `1000`, `20000`: status codes, not one-time codes. */
function statusShaped(d: string): boolean {
  return /^(\d)\1+$/.test(d) || /^[1-9]0+$/.test(d);
}

function hasAny(o: Record<string, unknown>, keys: ReadonlySet<string>, except?: string): boolean {
  for (const k of Object.keys(o)) if (k !== except && keys.has(normKey(k))) return true;
  return false;
}

export const smsCodeInResponse = defineDetector({
  descriptor,
  create: (p) => {
    const codeKeys = new Set(p.codeKeys.map(normKey));
    const digitsOf = (v: unknown): string | undefined => {
      const s = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isInteger(v) && v > 0 ? String(v) : undefined;
      if (s === undefined || s.length < p.minDigits || s.length > p.maxDigits) return undefined;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) return undefined;
      }
      return s;
    };

    /** code fields of a JSON body: [path, digits] */
    const walk = (doc: Record<string, unknown>, o: Record<string, unknown>, path: string, depth: number, topCode: boolean, out: [string, string][]): void => {
      for (const [k, v] of Object.entries(o)) {
        const here = path ? `${path}.${k}` : k;
        if (typeof v === 'object' && v !== null) {
          if (!Array.isArray(v) && depth < p.maxDepth) walk(doc, v as Record<string, unknown>, here, depth + 1, topCode, out);
          continue;
        }
        const d = digitsOf(v);
        if (!d) continue;
        const nk = normKey(k);
        if (codeKeys.has(nk)) out.push([here, d]);
        else if (nk === 'code' && !statusShaped(d)) {
          const nested = depth > 0 && !hasAny(o, STATUS, k) && !hasAny(o, MESSAGE) && hasAny(doc, STATUS);
          if (nested || (depth === 0 && topCode)) out.push([here, d]);
        }
      }
    };

    return {
      onExchange(f, report) {
        if (f.status < 200 || f.status >= 300) return;
        let hits: DataHit[] | undefined;
        for (const h of f.responseHits) if (h.label === 'sms_code' && !h.masked) (hits ??= []).push(h);
        if (!hits && !recipientHit(f)) return;
        if (!isSendEndpoint(f)) return;
        const doc = f.responseJson();
        const found = new Map<string, number>();
        if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
          const top = doc as Record<string, unknown>;
          // a top-level `code` is the code only beside another status field that says success
          const d = digitsOf(top.code);
          const topCode = d !== undefined && !statusShaped(d) && hasAny(top, STATUS, 'code') && businessOk({ ...top, code: undefined }) === true;
          // a failed send carries error codes, not one-time codes
          if (!topCode && businessOk(top) === false) return;
          const out: [string, string][] = [];
          walk(top, top, '', 0, topCode, out);
          for (const [loc, n] of out) found.set(loc, n.length);
        }
        for (const h of hits ?? []) {
          if (found.has(h.location)) continue;
          // the scan validated it (4–8 digits under a code key); read the length when the body is JSON
          const d = doc === undefined ? undefined : digitsOf(jsonAt(doc, h.location));
          if (doc === undefined || d) found.set(h.location || 'body', d?.length ?? h.sample.length);
        }
        for (const [location, n] of found) {
          report({
            at: f,
            location,
            detail: `send endpoint returns the verification code itself in "${location}" (${n} digits, ${'*'.repeat(n)})`,
            data: { digits: n, recipientInRequest: recipientHit(f)?.label ?? null },
          });
        }
      },
    };
  },
});
