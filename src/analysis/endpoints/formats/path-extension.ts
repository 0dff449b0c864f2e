/**
 * What a request path's file extension says: browser assets (`static`), pages (`html`) and
 * documents or archives (`file`). Dynamic-page extensions (.do .action .jsp .php .aspx) say
 * nothing here: behind them sit APIs as often as pages, so the body and response decide.
 *
 *   pathExtension('/static/js/app.3f9a.js?v=2') === 'js'
 *   pathExtension('/api/v1.2/users') === ''
 */
export function pathExtension(url: string): string {
  let end = url.indexOf('?');
  if (end < 0) end = url.length;
  // Walk back over the last segment only (short for API paths): `;jsessionid=…` path parameters
  // and a stray fragment end the name, a '/' ends the search.
  let dot = -1;
  for (let i = end - 1; i >= 0; i--) {
    const c = url.charCodeAt(i);
    if (c === 0x2f /* / */) break;
    if (c === 0x3b /* ; */ || c === 0x23 /* # */) {
      end = i;
      dot = -1;
    } else if (c === 0x2e /* . */ && dot < 0) dot = i;
  }
  if (dot < 0 || end - dot - 1 > 8 || end - dot - 1 < 1) return '';
  return url.slice(dot + 1, end).toLowerCase();
}

export type ExtensionFormat = 'static' | 'html' | 'file';

const BY_EXTENSION = new Map<string, ExtensionFormat>();
for (const e of 'js mjs cjs css map png jpg jpeg gif webp avif svg ico bmp cur woff woff2 ttf otf eot txt swf wasm mp4 webm mp3 ogg wav'.split(' ')) {
  BY_EXTENSION.set(e, 'static');
}
for (const e of 'html htm shtml xhtml'.split(' ')) BY_EXTENSION.set(e, 'html');
for (const e of 'pdf ofd zip rar 7z gz tgz tar bz2 xz xls xlsx xlsm csv doc docx ppt pptx odt ods apk ipa exe msi dmg jar war iso p12 pfx cer'.split(' ')) {
  BY_EXTENSION.set(e, 'file');
}

export function formatByExtension(ext: string): ExtensionFormat | undefined {
  return ext ? BY_EXTENSION.get(ext) : undefined;
}
