/**
 * Content-Type handling for format classification: the essence (type/subtype, lower-cased, no
 * parameters), one parameter's value, and the families of media types that decide a format.
 * Header values come straight off the wire, so everything here tolerates odd case, stray spaces,
 * quoted parameters and garbage, and never throws.
 *
 *   mediaEssence(' Application/JSON ; charset=UTF-8') === 'application/json'
 *   mediaParam('application/soap+xml; charset=utf-8; action="urn:Transfer"', 'action') === 'urn:Transfer'
 */

/** `type/subtype` in lower case, without parameters; '' when absent. */
export function mediaEssence(value: string | undefined): string {
  if (!value) return '';
  // the usual case without slicing or lower-casing
  if (value.startsWith('application/json') && (value.length === 16 || value.charCodeAt(16) === 0x3b)) return 'application/json';
  let end = value.length;
  const semi = value.indexOf(';');
  if (semi >= 0) end = semi;
  // Some clients send two types joined by a comma; the first one is what the body was written as.
  const comma = value.indexOf(',');
  if (comma >= 0 && comma < end) end = comma;
  const s = end === value.length ? value : value.slice(0, end);
  return s.trim().toLowerCase();
}

/** Value of parameter `name` (case-insensitive), unquoted; undefined when absent. */
export function mediaParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const want = name.toLowerCase();
  let i = value.indexOf(';');
  while (i >= 0 && i < value.length) {
    i++; // past ';'
    const eq = value.indexOf('=', i);
    if (eq < 0) return undefined;
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (j < value.length && (value[j] === ' ' || value[j] === '\t')) j++;
    let v: string;
    if (value[j] === '"') {
      // quoted-string: backslash escapes the next character; a missing close quote ends the value
      let out = '';
      j++;
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        out += value[j];
        j++;
      }
      v = out;
      i = value.indexOf(';', j);
    } else {
      const semi = value.indexOf(';', j);
      v = value.slice(j, semi < 0 ? value.length : semi).trim();
      i = semi;
    }
    if (key === want) return v;
  }
  return undefined;
}

export function isJsonType(e: string): boolean {
  return e === 'application/json' || e.endsWith('+json') || e === 'text/json' || e === 'application/x-json';
}

export function isXmlType(e: string): boolean {
  return e === 'text/xml' || e === 'application/xml' || e.endsWith('+xml');
}

export function isHtmlType(e: string): boolean {
  return e === 'text/html' || e === 'application/xhtml+xml';
}

/** Assets a browser loads to render a page: kept out of the API inventory. */
export function isStaticType(e: string): boolean {
  if (e.startsWith('image/') || e.startsWith('font/')) return true;
  if (e.startsWith('application/x-font-') || e.startsWith('application/font-')) return true;
  return STATIC_TYPES.has(e);
}

const STATIC_TYPES = new Set([
  'text/css',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/wasm',
  'application/vnd.ms-fontobject',
  'application/manifest+json',
  'text/cache-manifest',
]);

/**
 * Documents, archives and media that a client saves rather than renders: a response of one of
 * these is a download, a request body of one is an upload.
 */
export function isFileType(e: string): boolean {
  if (e.startsWith('audio/') || e.startsWith('video/')) return true;
  if (e.startsWith('application/vnd.openxmlformats-officedocument.') || e.startsWith('application/vnd.oasis.opendocument.')) return true;
  if (e.startsWith('application/vnd.ms-') && e !== 'application/vnd.ms-fontobject') return true;
  return FILE_TYPES.has(e);
}

const FILE_TYPES = new Set([
  'application/octet-stream',
  'binary/octet-stream',
  'application/pdf',
  'application/zip',
  'application/x-zip-compressed',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/msword',
  'application/rtf',
  'text/csv',
  'application/csv',
  'application/x-msdownload',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/ofd', // 版式文档 (e-invoices, statements)
  'application/x-pkcs12',
]);

