/**
 * A forward-only scan over the start of an XML text, tag by tag, for the little that format
 * classification needs (the root element, the SOAP Body's first child, XML-RPC's methodName).
 * It skips the XML declaration, processing instructions, comments, CDATA and DOCTYPE (with an
 * internal subset, as XXE payloads carry), honours quoted attribute values, and treats anything
 * malformed as text. It never throws and never looks past the text it is given.
 *
 *   for (let t = nextTag(xml, 0); t; t = nextTag(xml, t.end)) …
 */
export interface XmlTag {
  kind: 'open' | 'close' | 'empty';
  /** qualified name as written, e.g. `soapenv:Body` */
  name: string;
  /** index of '<' */
  start: number;
  /** index after '>' */
  end: number;
}

const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c > 0x7f;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/** The next element tag at or after `pos`, or undefined at the end (or where markup is cut off). */
export function nextTag(text: string, pos: number): XmlTag | undefined {
  let i = pos;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0 || i + 1 >= text.length) return undefined;
    const c = text.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      const end = skipDeclaration(text, i);
      if (end < 0) return undefined;
      i = end;
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
      continue;
    }
    const close = c === 0x2f; /* / */
    const nameStart = close ? i + 2 : i + 1;
    let j = nameStart;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if (j === nameStart || !isNameStart(text.charCodeAt(nameStart))) {
      i++; // a stray '<' in text
      continue;
    }
    const name = text.slice(nameStart, j);
    const gt = findTagEnd(text, j);
    if (gt < 0) return undefined;
    const kind = close ? 'close' : text.charCodeAt(gt - 1) === 0x2f ? 'empty' : 'open';
    return { kind, name, start: i, end: gt + 1 };
  }
}

/** Index of the '>' closing a tag whose attributes start at `i`, honouring quotes; -1 if cut off. */
function findTagEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c === 0x22 || c === 0x27) {
      const q = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (q < 0) return -1;
      i = q + 1;
    } else i++;
  }
  return -1;
}

/** End (index after) of `<!-- -->`, `<![CDATA[ ]]>` or `<!DOCTYPE … [ … ]>` starting at `i`; -1 if cut off. */
function skipDeclaration(text: string, i: number): number {
  if (text.startsWith('<!--', i)) {
    const e = text.indexOf('-->', i + 4);
    return e < 0 ? -1 : e + 3;
  }
  if (text.startsWith('<![CDATA[', i)) {
    const e = text.indexOf(']]>', i + 9);
    return e < 0 ? -1 : e + 3;
  }
  // DOCTYPE and friends: '>' ends it unless inside an internal subset [ … ] or quotes
  let depth = 0;
  for (let k = i + 2; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x5b) depth++;
    else if (c === 0x5d) depth--;
    else if (c === 0x22 || c === 0x27) {
      const q = text.indexOf(c === 0x22 ? '"' : "'", k + 1);
      if (q < 0) return -1;
      k = q;
    } else if (c === 0x3e && depth <= 0) return k + 1;
  }
  return -1;
}

/** `soapenv:Body` → `Body` */
export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** `soapenv:Body` → `soapenv`; '' when unprefixed */
export function prefixOf(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? '' : qname.slice(0, colon);
}

/** Namespace URI bound to `prefix` ('' = default namespace) by the attributes of the tag at `tag`. */
export function declaredNamespace(text: string, tag: XmlTag, prefix: string): string | undefined {
  const attrs = text.slice(tag.start + 1 + tag.name.length, tag.end - 1);
  const want = prefix ? `xmlns:${prefix}` : 'xmlns';
  const re = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) if (m[1] === want) return m[2] ?? m[3];
  return undefined;
}
