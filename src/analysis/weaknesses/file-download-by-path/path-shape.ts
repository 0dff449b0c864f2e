/**
 * A parameter value as a file path: traversal (`../`), an absolute path (`/data/x.pdf`,
 * `C:\reports\x.xlsx`, `\\nas\share\x`, `file:///…`), a relative path with directories
 * (`2024/05/statement.pdf`) or a bare file name (`statement_202405.pdf`), with its extension
 * when it is a known file type. URLs are not paths here (they are the SSRF detector's), and
 * neither are dates (`2024/05/01`), MIME types (`application/pdf`) or version numbers (`1.2.3`).
 * One more round of percent-decoding is applied, as double-encoded traversal (`%252e%252e`) is
 * common.
 *
 *   pathShape('../../etc/passwd')         // { kind: 'traversal', segments: 3, ext: '', system: true }
 *   pathShape('2024/05/statement.pdf')    // { kind: 'relative', segments: 3, ext: 'pdf', system: false }
 *   pathShape('statement.pdf')            // { kind: 'file-name', segments: 1, ext: 'pdf', system: false }
 *   pathShape('3f2504e0-4f89-11d3-9a0c-0305e82c3301')  // undefined
 */

export interface PathShape {
  kind: 'traversal' | 'absolute' | 'relative' | 'file-name' | 'directory';
  segments: number;
  /** lower-case known extension, '' when none */
  ext: string;
  /** starts at a system directory (/etc, /var, /data, /home, C:\…) or walks up */
  system: boolean;
  /** the file name part is an opaque id (UUID, hex, digits) */
  opaqueName: boolean;
}

const EXTS = new Set([
  'pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'csv', 'txt', 'rtf', 'ppt', 'pptx', 'wps', 'et', 'zip', 'rar', '7z', 'gz', 'tgz', 'tar', 'bz2',
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'tif', 'tiff', 'svg', 'mp3', 'mp4', 'avi', 'mov', 'wav', 'amr', 'xml', 'json', 'yml', 'yaml',
  'log', 'conf', 'cfg', 'ini', 'properties', 'env', 'sql', 'bak', 'dat', 'db', 'dbf', 'p12', 'pfx', 'pem', 'key', 'crt', 'cer', 'jks', 'keystore',
  'sh', 'bat', 'jsp', 'php', 'asp', 'aspx', 'java', 'class', 'jar', 'war', 'html', 'htm', 'md', 'apk', 'ipa', 'passwd', 'shadow', 'htaccess',
]);
const SYSTEM_ROOT = /^(?:\/(?:etc|var|data|home|opt|usr|tmp|app|apps|nas|mnt|u01|u02|root|srv|proc|export|files?|upload|uploads|static)(?:\/|$)|[a-z]:[\\/]|\\\\|~[\\/]|file:)/i;
const TRAVERSAL = /(?:^|[\\/])\.\.(?:[\\/]|$)/;
const OPAQUE = /^(?:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|[0-9a-f]{16,}|\d+)$/i;
const MIME_HEAD = /^(?:application|image|text|audio|video|font|multipart|message|model)\/[\w.+-]+$/i;

function decodeMore(v: string): string {
  if (!v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The path shape of `raw`, or undefined when it is not a path or file name. */
export function pathShape(raw: string): PathShape | undefined {
  if (raw.length < 3 || raw.length > 1024) return undefined;
  let v = decodeMore(decodeMore(raw.trim()));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/^file:/i.test(v)) return undefined; // a URL
  if (MIME_HEAD.test(v)) return undefined;
  if (/^file:/i.test(v)) v = v.replace(/^file:\/*/i, '/');
  const parts = v.split(/[\\/]+/).filter((s) => s !== '');
  if (parts.length === 0) return undefined;
  const last = parts[parts.length - 1]!;
  const dot = last.lastIndexOf('.');
  const ext = dot > 0 || (dot === 0 && last.length > 1) ? last.slice(dot + 1).toLowerCase() : '';
  const known = EXTS.has(ext) ? ext : '';
  const stem = dot > 0 ? last.slice(0, dot) : last;
  const opaqueName = OPAQUE.test(stem);
  const system = SYSTEM_ROOT.test(v) || TRAVERSAL.test(v);
  const separated = /[\\/]/.test(v);
  if (TRAVERSAL.test(v)) return { kind: 'traversal', segments: parts.length, ext: known, system: true, opaqueName };
  if (separated && /^(?:[\\/]|[a-z]:[\\/]|~)/i.test(v)) {
    // an absolute path; /2024/05/01 style dates and bare routes (/home) only with an extension or a system root
    if (!known && !system) return parts.length >= 1 && !/^[\d\\/-]+$/.test(v) ? { kind: 'directory', segments: parts.length, ext: '', system, opaqueName } : undefined;
    return { kind: 'absolute', segments: parts.length, ext: known, system, opaqueName };
  }
  if (separated) {
    if (known) return { kind: 'relative', segments: parts.length, ext: known, system, opaqueName };
    return /^[\d\\/-]+$/.test(v) ? undefined : { kind: 'directory', segments: parts.length, ext: '', system, opaqueName };
  }
  if (known && stem.length > 0) return { kind: 'file-name', segments: 1, ext: known, system: false, opaqueName };
  return undefined;
}
