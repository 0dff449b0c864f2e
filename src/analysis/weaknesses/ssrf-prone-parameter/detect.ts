/**
 * ssrf-prone-parameter: a request parameter whose value is a URL (or host:port) that the server
 * evidently fetches. "Evidently" is judged from the name and the answer, since traffic shows no
 * outbound call:
 *  - fetch names (url, imageUrl, notifyUrl, callback, webhook, proxy, UnionPay backUrl, any
 *    name ending in url/uri/link/addr/endpoint/host) count on any successful answer;
 *  - redirect names (returnUrl, redirect, next, goto…) and other names count only when the
 *    answer is fetched content (an image, a document, a feed) — a return URL stored for a later
 *    browser redirect is not a server-side fetch, and a 3xx is an open-redirect matter;
 *  - never: OAuth redirect_uri, page-tracking fields (referer, pageUrl…), analytics beacons, 3xx,
 *    4xx/5xx, 200 answers whose JSON refuses the request.
 * One finding per endpoint and parameter; `data.where` says where the URL points, and internal
 * targets (loopback, private, link-local, internal names) raise the confidence.
 *
 * Cost: non-2xx returns at once; the raw query / form body must contain `://` (or its encoding)
 * or a `:port`, a JSON body `//`; only then are parameters decoded and JSON parsed.
 */
import { isFileType, mediaEssence } from '../../endpoints/formats/media-type.js';
import { formPrefix, OccurrenceCounter, refusedInBody, requestStrings } from '../request-strings.js';
import { defineDetector } from '../types.js';
import type { ExchangeFacts } from '../types.js';
import { normKey } from '../values.js';
import { descriptor } from './descriptor.js';
import { fetchTarget } from './target.js';

/** URL-encoded text: a scheme separator or a port, raw or encoded */
const URLENC_GATE = /:\/\/|%3A%2F%2F|(?::|%3A)\d{2,5}(?:$|[&/]|%2F)/i;
/** `notifyUrl`, `avatarUri`, `mechanic_api` (an API address the server calls) */
const NAME_SUFFIX = /(?:url|uri|link|addr|address|endpoint|host|api)$/;
const PIXEL_PATH = /\.(?:gif|png|jpe?g|ico|webp)$/i;
/** raw JSON: a key whose string value starts with a scheme (slashes possibly escaped) */
const JSON_URL_KEY = /"([^"\\]{1,64})"\s*:\s*"[a-zA-Z]{3,6}:(?:\/\/|\\\/\\\/)/g;

type NameClass = 'fetch' | 'redirect' | 'other' | 'ignore';

/** The answer is fetched content: an image, a document or archive, a feed. */
function fetchedContent(f: ExchangeFacts): string | undefined {
  const ct = mediaEssence(f.responseHeader('content-type'));
  if (ct.startsWith('image/') || isFileType(ct) || ct === 'application/rss+xml' || ct === 'application/atom+xml') return ct;
  return undefined;
}

export const ssrfProneParameter = defineDetector({
  descriptor,
  create: (p) => {
    const fetchNames = new Set(p.fetchNames);
    const redirectNames = new Set(p.redirectNames);
    const ignoreNames = new Set(p.ignoreNames);
    const tracking = new Set(p.trackingPathWords);
    const counter = new OccurrenceCounter(p.maxTrackedParams);
    const classes = new Map<string, NameClass>();

    function classOf(name: string): NameClass {
      const cached = classes.get(name);
      if (cached) return cached;
      // qs arrays and objects: hooks[0][url] → url
      const k = normKey(name.replace(/\]$/, '').replace(/^.*\[/, ''));
      let c: NameClass = 'other';
      if (ignoreNames.has(k)) c = 'ignore';
      else if (redirectNames.has(k)) c = 'redirect';
      else if (fetchNames.has(k)) c = 'fetch';
      else if (NAME_SUFFIX.test(k)) {
        const stem = k.replace(NAME_SUFFIX, '');
        c = ignoreNames.has(stem) ? 'ignore' : redirectNames.has(stem) ? 'redirect' : 'fetch';
      }
      if (classes.size < 4096) classes.set(name, c);
      return c;
    }

    /** worth decoding: a URL or port in the query or form, or in JSON a URL under a key that may count */
    function gated(f: ExchangeFacts, content: boolean): boolean {
      if (f.query !== undefined && URLENC_GATE.test(f.query)) return true;
      const body = f.requestText();
      if (body.length === 0 || body.length > p.maxBodyBytes) return false;
      if (formPrefix(f)) return URLENC_GATE.test(body) || body.includes('://');
      if (!body.includes('//') && !body.includes(':\\/\\/')) return false;
      // JSON: look at the keys before parsing; a returnUrl alone is not worth a parse
      JSON_URL_KEY.lastIndex = 0;
      for (let m = JSON_URL_KEY.exec(body); m !== null; m = JSON_URL_KEY.exec(body)) {
        const c = classOf(m[1]!);
        if (c === 'fetch' || (content && c !== 'ignore')) {
          JSON_URL_KEY.lastIndex = 0;
          return true;
        }
      }
      return false;
    }

    function tracked(path: string): boolean {
      if (PIXEL_PATH.test(path)) return true;
      for (const seg of path.toLowerCase().split(/[/._-]/)) if (tracking.has(seg)) return true;
      return false;
    }

    return {
      onExchange(f, report) {
        if (f.status < 200 || f.status > 299) return;
        if (f.query === undefined && f.ex.request.body === undefined) return;
        const content = fetchedContent(f);
        if (!gated(f, content !== undefined) || tracked(f.path)) return;
        let refused: boolean | undefined;
        const host = (f.requestHeader('host') ?? '').toLowerCase().replace(/:\d+$/, '');
        const done = new Set<string>();
        for (const s of requestStrings(f, p.maxParams)) {
          if (done.has(s.location)) continue;
          const cls = classOf(s.name);
          if (cls === 'ignore') continue;
          if (cls !== 'fetch' && !content) continue;
          const t = fetchTarget(s.value, cls === 'fetch');
          if (!t) continue;
          done.add(s.location);
          // a 200 that refuses the request (`{"code":"E1001"}`) fetched nothing
          refused ??= refusedInBody(f.responseJson());
          if (refused) return;
          const n = counter.add(f.endpoint, s.location);
          if (n < p.minOccurrences) continue;
          const internal = t.where !== 'public';
          const target = t.form === 'url' ? `${t.scheme} URL` : 'host:port';
          report({
            at: f,
            location: s.location,
            detail: `${target} in "${s.location}" (${cls === 'fetch' ? 'fetch/callback parameter' : `${cls} parameter, answer is ${content}`}) accepted with ${f.status}; target is ${internal ? `internal (${t.where})` : 'a public host'}`,
            data: {
              scheme: t.scheme || 'none',
              form: t.form,
              where: t.where,
              internal,
              sameHost: host !== '' && t.host === host,
              nameClass: cls,
              ...(content ? { answer: content } : {}),
              occurrences: n,
            },
          });
        }
      },
    };
  },
});
