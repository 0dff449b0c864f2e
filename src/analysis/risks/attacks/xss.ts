/**
 * Cross-site scripting by reading the value as HTML: tags are tokenized (name, attribute names,
 * attribute values, as a browser's tokenizer would split them, including `/` as a separator and
 * unquoted values), then judged — dangerous elements (script, iframe, object, embed, base, meta
 * refresh, …), event-handler attributes, script-bearing URLs (javascript:, vbscript:, data:text/html)
 * and CSS expressions. Outside tags, script-URL values and JavaScript sinks (document.cookie, eval(,
 * String.fromCharCode, JSFuck) are read after removing JS comments and whitespace. Plain formatting
 * markup (`<b>`, `<p>`, `<a href="https://…">`, `h2<h1`) passes. Also flagged, as CRS paranoia level 1
 * does: tag names spelled out with gaps (`<f o r m`, `< x: script`), XML markup that pulls in outside
 * documents from a parameter value (entity declarations, XInclude, an external schemaLocation),
 * server-side include directives, tags written with US-ASCII's ¼ and ¾, and ES module imports.
 */
import type { ValueHit } from './types.js';

const DANGER_TAGS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'style', 'link', 'meta', 'vmlframe',
  'import', 'isindex', 'xss', 'xml', 'template', 'portal', 'noscript', 'handler', 'listener', 'bgsound', 'layer', 'ilayer',
  'set', 'animate', 'param', 'svg:script', 'html:script',
]);
/** Elements harmless without attributes but dangerous with a URL-ish attribute. */
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'lowsrc', 'dynsrc', 'poster', 'code', 'codebase', 'values', 'to', 'from', 'by', 'srcdoc', 'content', 'style']);
const SCRIPT_URL = /^(?:(?:javascript|vbscript|livescript|mocha|jscript):|data:(?:text\/html|text\/xml|image\/svg|application\/(?:x-)?(?:javascript|ecmascript|xhtml)))/i;

/** Remove the characters browsers ignore inside a scheme (`java\tscript:`, `jav&#x0A;ascript:`). */
const squeeze = (s: string): string => s.replace(/[\x00-\x20\x7f\u00a0\u200b-\u200f\u2028\u2029\ufeff"'`]+/g, '');

function checkScheme(v: string): string | undefined {
  const m = SCRIPT_URL.exec(squeeze(v.slice(0, 256)));
  return m ? m[0].split(':')[0].toLowerCase() + ' url' : undefined;
}

const CSS_DANGER = /expression\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript|data)\s*:|-moz-binding|behavior\s*:|@import/i;

/**
 * Dangerous element names spelled with gaps between the letters (`<f o r m`, `<d i a l o g`) or behind
 * a namespace with spaces (`< x: script`): browsers do not read these as tags, but filters that strip
 * the gaps (or the namespace) do, and nobody writes them by accident.
 */
const GAP_NAMES = ['script', 'form', 'style', 'svg', 'dialog', 'iframe', 'frameset', 'object', 'embed', 'applet', 'meta', 'link', 'base', 'marquee', 'isindex', 'template', 'import', 'math', 'body', 'img', 'image', 'input', 'textarea', 'button', 'video', 'audio', 'details', 'keygen', 'xss'];
const GAPPED = new RegExp(
  String.raw`^<([^\w<>]*)([^\s"'<>]*:)?([^\w<>]*)(` + GAP_NAMES.map((n) => n.split('').join(String.raw`[^\w<>]{0,3}`)).join('|') + String.raw`)(?![a-z])`,
  'i',
);
/** An entity declaration with an external identifier, with or without its `<`. */
const ENTITY_DECL = /!ENTITY\s+(?:%\s*)?[\w.:-]+\s+(?:SYSTEM|PUBLIC)\b/i;
/** Server-side include directives (`<!--#exec cmd=…-->`, `<!--#echo var=…-->`). */
const SSI = /<!--\s*#\s*(?:exec|include|echo|set|config|printenv|fsize|flastmod|if|elif)\b/i;
/** ES module imports: `import { a } from "./x.js"`, `import * as m from '…'`. */
const ES_IMPORT = /\bimport\s*(?:\{[^}]{0,200}\}|\*\s*as\s+[\w$]+)\s*from\s*['"`]/;

interface Attr {
  name: string;
  value: string;
}

/** Parse the tag that starts at `lt` (a `<`); return its name, attributes and end index. */
function readTag(s: string, lt: number): { name: string; attrs: Attr[]; end: number } | undefined {
  let i = lt + 1;
  const n = s.length;
  const m = /^\/?:?([a-zA-Z][\w:.-]*)/.exec(s.slice(i, i + 40));
  if (!m) return undefined;
  const name = m[1].toLowerCase();
  i += m[0].length;
  const attrs: Attr[] = [];
  while (i < n && attrs.length < 32) {
    const c = s[i];
    if (c === '>') return { name, attrs, end: i + 1 };
    if (c === '<') break;
    if (/[\s/"'`]/.test(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && !/[\s/>=]/.test(s[j])) j++;
    const an = s.slice(i, j).toLowerCase();
    i = j;
    while (i < n && /[\s/]/.test(s[i])) i++;
    let value = '';
    if (s[i] === '=') {
      i++;
      while (i < n && /\s/.test(s[i])) i++;
      const q = s[i];
      if (q === '"' || q === "'" || q === '`') {
        const k = s.indexOf(q, i + 1);
        value = s.slice(i + 1, k < 0 ? n : k);
        i = k < 0 ? n : k + 1;
      } else {
        let k = i;
        while (k < n && !/[\s>]/.test(s[k])) k++;
        value = s.slice(i, k);
        i = k;
      }
    }
    if (an) attrs.push({ name: an, value });
  }
  return { name, attrs, end: i };
}

const JS_SINK =
  /(?:document\??\.(?:cookie|domain|write(?:ln)?|location)|document\s*(?:\?\.)?\[\s*['"`](?:cookie|domain|write|location)|\b(?:alert|prompt|confirm|eval)\s*(?:\?\.\s*\(|\.\s*(?:call|apply|bind)\s*\()|\(\s*(?:alert|prompt|confirm|eval)\s*\)\s*\(|window\.(?:location|name|open|eval)|(?:top|self|parent|frames|window|this|globalThis)\s*\[\s*['"`]|\b(?:eval|setTimeout|setInterval|execScript|Function|alert|prompt|confirm|atob|btoa)\s*(?:\(|`)|\(document\)\[\s*['"`]|document\.(?:querySelector(?:All)?|getElementById|getElementsBy\w+|body|forms|images|scripts)\b|\bReflect\.(?:apply|construct)\b|\bnavigation\.navigate\b|String\.fromCharCode|\.constructor\s*\(|\bcreateElement\s*\(|\binnerHTML\s*=|\blocation(?:\.href)?\s*=\s*['"`]|\.sort\.call\s*`|\bimport\s*\(\s*['"`]|\bfetch\s*\(\s*['"`]?(?:https?:)?\/\/)/;
const JSFUCK = /[![\]()+]{16,}|\(!\[\]\+\[\]\)|\+!!\[\]|!\+\[\]/;

/** XSS in one decoded value; undefined when none. */
export function detectXss(raw: string): ValueHit | undefined {
  let s = raw;
  const sample = (m: string): string => (m.length > 64 ? m.slice(0, 64) : m);
  if (s.indexOf('\u00bc') >= 0) {
    // US-ASCII's ¼…¾ stand for <…> once the top bit is dropped: `¼script¾`, `¼/test¾`
    const us = /\u00bc\/?[a-z][^\u00be\s]{0,40}[^\u00be]{0,160}\u00be/i.exec(s);
    if (us) return { reason: 'us-ascii tag', sample: sample(us[0]) };
  }
  if (s.indexOf('!') >= 0) {
    const m = ENTITY_DECL.exec(s);
    if (m) return { reason: 'xml entity declaration', sample: sample(s.slice(m.index)) };
  }
  if (s.indexOf('\u00bc') >= 0 || s.indexOf('\u00be') >= 0) s = s.replace(/\u00bc/g, '<').replace(/\u00be/g, '>');
  if (s.indexOf('+AD') >= 0) s = s.replace(/\+ADw-/g, '<').replace(/\+AD4-/g, '>').replace(/\+ACI-/g, '"');
  // tags
  let lt = s.indexOf('<');
  let tags = 0;
  while (lt >= 0 && tags < 64) {
    tags++;
    const nx = s[lt + 1];
    if (nx === '?' && /^<\?\s*import\b/i.test(s.slice(lt, lt + 12))) return { reason: '<?import', sample: sample(s.slice(lt)) };
    if (nx === '!' && /^<!\[CDATA\[/i.test(s.slice(lt, lt + 9)) && /<\s*script|on\w+\s*=/i.test(s)) return { reason: 'cdata script', sample: sample(s.slice(lt)) };
    if (nx === '!' && SSI.test(s.slice(lt, lt + 24))) return { reason: 'server-side include', sample: sample(s.slice(lt)) };
    const tag = readTag(s, lt);
    // gaps inside a dangerous name (`<f o r m`), or a namespace behind blanks (`< x: script`)
    if (!tag || /^<[^\w<>]/.test(s.slice(lt, lt + 2)) || /^<\w[^\w<>]{1,3}\w/.test(s.slice(lt, lt + 6))) {
      const g = GAPPED.exec(s.slice(lt, lt + 80));
      // a gap inside the name itself, or blanks around a namespace prefix
      if (g && (/[^a-z]/i.test(g[4]) || (g[2] !== undefined && /\s/.test(g[1] + g[3])))) return { reason: 'obfuscated tag name', sample: sample(g[0]) };
    }
    // an event handler right after `<` and quotes: `<"onwebkit…=`
    if (!tag && /^<[\s"'`/]*on[a-z]{3,60}\s*=/i.test(s.slice(lt, lt + 72))) return { reason: 'event handler', sample: sample(s.slice(lt)) };
    if (tag) {
      const base = tag.name.includes(':') ? tag.name.slice(tag.name.lastIndexOf(':') + 1) : tag.name;
      const text = sample(s.slice(lt, tag.end));
      if (s[lt + 1] !== '/') {
        if (base.startsWith('import') && base.length > 6) return { reason: 'import tag', sample: text };
        if (base === 'include' && tag.name !== base && /XInclude/.test(s)) return { reason: 'xinclude', sample: text };
        if (DANGER_TAGS.has(base) || DANGER_TAGS.has(tag.name)) {
          if (base === 'meta' || base === 'link' || base === 'set' || base === 'animate' || base === 'param' || base === 'template' || base === 'noscript') {
            if (tag.attrs.length > 0 || s.length < 40) return { reason: `${base} tag`, sample: text };
          } else return { reason: `${base} tag`, sample: text };
        }
        for (const a of tag.attrs) {
          if (a.name.length > 4 && a.name.startsWith('on') && /^on[a-z]+$/.test(a.name)) return { reason: 'event handler ' + a.name, sample: text };
          if (a.value && (URL_ATTRS.has(a.name) || a.name.endsWith('href') || a.name.endsWith('src'))) {
            const sch = checkScheme(a.value);
            if (sch) return { reason: sch, sample: text };
            if (a.name === 'style' && CSS_DANGER.test(a.value)) return { reason: 'css expression', sample: text };
          }
          if (a.name === 'style' && CSS_DANGER.test(a.value)) return { reason: 'css expression', sample: text };
          // XML that fetches outside documents when a parser reads the value (XInclude, schemas elsewhere)
          if (a.name.startsWith('xmlns') && /\/XInclude\b/.test(a.value)) return { reason: 'xinclude namespace', sample: text };
          if (a.name.endsWith('schemalocation') && /\bhttps?:\/\/(?!www\.w3\.org\/)[^\s"']+\s+https?:\/\/(?!www\.w3\.org\/)/i.test(a.value)) return { reason: 'external schema location', sample: text };
          // a validation regex planted on a field (`<input pattern=…>`): a ReDoS or a data exfiltration oracle
          if (a.name === 'pattern' && base === 'input') return { reason: 'input pattern attribute', sample: text };
        }
      }
    }
    lt = s.indexOf('<', lt + 1);
  }
  // event handler outside a complete tag: `" onmouseover=alert(1)`, `/onload=`
  const ev = /(?:^|[\s"'`;/])on[a-z]{3,40}[\s\x0b\x0c]*=[\s]*[^\s=]/i.exec(s);
  if (ev && (/^[\s"'`;/]*on/i.test(s) || /[<"'`]/.test(s) || /=\s*[\w$.]+\s*\(/.test(s.slice(ev.index)))) return { reason: 'event handler', sample: sample(ev[0].trim()) };
  const ev2 = /^[\s"'`]*on[a-z]{3,40}\s*=\s*$/i.exec(s);
  if (ev2) return { reason: 'event handler', sample: sample(s.trim()) };
  // breaking out of an attribute into one that takes a script URL or a document: `"formaction=`
  const ua = /^\s*["'`][\s/]*(?:formaction|srcdoc|xlink:href)\s*=/i.exec(s);
  if (ua) return { reason: 'attribute injection', sample: sample(s.trim()) };
  // a scheme hidden by characters browsers drop (`ja&Tab;vascript:`, `v&NewLine;bscript:`)
  if (s.indexOf(':') >= 0 && /[\t\n\r\x00]/.test(s) && /(?:java|vb)script:/i.test(squeeze(s)) && !/(?:java|vb)script:/i.test(s)) {
    return { reason: 'obfuscated script url', sample: sample(s.trim()) };
  }
  // script URLs as whole values
  const sch = /^[\s\x00-\x20"'`]*[jvld]/i.test(s) ? checkScheme(s) : undefined;
  if (sch && /[(`=/;[\\%&]/.test(s.slice(s.indexOf(':') + 1))) return { reason: sch, sample: sample(s) };
  // a data: URL carrying markup (`data: , <x>`)
  if (s.indexOf(':') >= 0) {
    const d = /\bdata:[^,<]{0,80},[^<]{0,200}<[a-z!/]/i.exec(s);
    if (d) return { reason: 'data url with markup', sample: sample(d[0]) };
  }
  if (s.indexOf('import') >= 0 && ES_IMPORT.test(s)) return { reason: 'js import', sample: sample(s.trim()) };
  if (/url\s*\(\s*['"]?\s*(?:javascript|vbscript)\b|expression\s*\(|-moz-binding\s*:/i.test(s)) return { reason: 'css expression', sample: sample(s) };
  // JavaScript: strip comments and whitespace between tokens first
  if (/[([`.=]/.test(s)) {
    const js = s.indexOf('/*') >= 0 || /\s/.test(s) ? s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*([.([\]`=])\s*/g, '$1') : s;
    const m = JS_SINK.exec(js);
    if (m) return { reason: 'js ' + m[0].replace(/[\s(`'"[]+$/g, '').slice(0, 24), sample: sample(js.slice(Math.max(0, m.index - 8), m.index + 56)) };
    const f = JSFUCK.exec(js);
    if (f) return { reason: 'jsfuck', sample: sample(f[0]) };
    // JSFuck whose `+` became spaces in a form: only the six characters and blanks, with `![]`
    if (/^[\s![\]()+]+$/.test(s) && /!\s*\[\s*\]/.test(s)) return { reason: 'jsfuck', sample: sample(s.trim()) };
  }
  return undefined;
}
