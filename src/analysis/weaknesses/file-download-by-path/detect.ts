/**
 * file-download-by-path: a successful download whose request names the file by path or file
 * name in a parameter (path-shape.ts): `path=/data/reports/a.pdf`, `fileName=2024/05/x.pdf`,
 * `file=../../etc/passwd`. Paths with a known extension, a system root or `..` count under any
 * parameter name; a bare file name or a directory only under a file-like name (`fileName`,
 * `filePath`, `dir`, `wjm`…). Not reported: opaque ids (UUID, digits) as bare names, the output
 * name of an export (`/report/export?fileName=明细.xlsx`), server-issued signed links (a
 * signature and an expiry in the query), URLs.
 *
 * A download is an answer with Content-Disposition, a file-type body (PDF, Office, archive,
 * octet-stream…) or an image, or a 2xx from an endpoint classified `download` (JSON answers that
 * refuse are not). Cost: non-2xx, parameterless requests and answers that are none of these (with
 * no `download` in the path and no attachment ever served by the endpoint) return after a few
 * header look-ups.
 */
import { isFileType, mediaEssence } from '../../endpoints/formats/media-type.js';
import { OccurrenceCounter, refusedInBody, requestStrings } from '../request-strings.js';
import { defineDetector, type ExchangeFacts } from '../types.js';
import { normKey } from '../values.js';
import { descriptor } from './descriptor.js';
import { pathShape, type PathShape } from './path-shape.js';

const DOWNLOAD_WORD = /download|xiazai/i;
/** names that carry a page or route to go to, not a file to read */
const ROUTE_NAMES = new Set(['redirect', 'redirecturl', 'returnurl', 'return', 'returnpath', 'next', 'goto', 'callback', 'backurl', 'from', 'referer', 'referrer', 'page', 'route', 'url', 'uri']);

type How = 'attachment' | 'file-type' | 'download-endpoint';

function downloadKind(f: ExchangeFacts): How | undefined {
  const cd = f.responseHeader('content-disposition');
  if (cd !== undefined && !/^\s*form-data/i.test(cd)) return 'attachment';
  const ct = mediaEssence(f.responseHeader('content-type'));
  if (isFileType(ct) || ct.startsWith('image/')) return 'file-type';
  if (!DOWNLOAD_WORD.test(f.path) && !(f.endpoint.attachments > 0)) return undefined;
  if (!f.functions().has('download')) return undefined;
  return refusedInBody(f.responseJson()) ? undefined : 'download-endpoint';
}

function shapeText(s: PathShape): string {
  const ext = s.ext ? `, .${s.ext}` : '';
  switch (s.kind) {
    case 'traversal':
      return `a ../ traversal path (${s.segments} segments${ext})`;
    case 'absolute':
      return `an absolute path (${s.segments} segments${ext}${s.system ? ', system directory' : ''})`;
    case 'relative':
      return `a relative path (${s.segments} segments${ext})`;
    case 'directory':
      return `a directory (${s.segments} segments)`;
    default:
      return `a bare file name (${s.ext ? `.${s.ext}` : 'no extension'})`;
  }
}

export const fileDownloadByPath = defineDetector({
  descriptor,
  create: (p) => {
    const fileNames = new Set(p.fileNames);
    const signatureNames = new Set(p.signatureNames);
    const expiryNames = new Set(p.expiryNames);
    const counter = new OccurrenceCounter(p.maxTrackedParams);

    /** a server-issued signed link: a signature and an expiry among the query parameters */
    function signed(f: ExchangeFacts): boolean {
      let sig = false;
      let exp = false;
      for (const [k] of f.queryParams()) {
        const n = normKey(k);
        if (signatureNames.has(n)) sig = true;
        if (expiryNames.has(n)) exp = true;
        if (n === 'authkey' || (sig && exp)) return true;
      }
      return false;
    }

    return {
      onExchange(f, report) {
        if (f.status < 200 || f.status > 206) return;
        if (f.query === undefined && f.ex.request.body === undefined) return;
        const how = downloadKind(f);
        if (!how || signed(f)) return;
        let exporting: boolean | undefined;
        const done = new Set<string>();
        for (const s of requestStrings(f, p.maxParams)) {
          if (done.has(s.location)) continue;
          const name = normKey(s.name.replace(/\]$/, '').replace(/^.*\[/, ''));
          if (ROUTE_NAMES.has(name)) continue;
          const shape = pathShape(s.value);
          if (!shape) continue;
          const fileLike = fileNames.has(name);
          if ((shape.kind === 'directory' || shape.kind === 'file-name') && !fileLike) continue;
          if (shape.kind === 'file-name') {
            if (shape.opaqueName) continue;
            // an export's fileName names what the server writes, not what it reads
            exporting ??= f.functions().has('export');
            if (exporting) continue;
          }
          done.add(s.location);
          const n = counter.add(f.endpoint, s.location);
          if (n < p.minOccurrences) continue;
          report({
            at: f,
            location: s.location,
            detail: `file named by ${shapeText(shape)} in "${s.location}" on a download (${how}) answered ${f.status}`,
            data: { shape: shape.kind, segments: shape.segments, ...(shape.ext ? { extension: shape.ext } : {}), systemPath: shape.system, traversal: shape.kind === 'traversal', download: how, occurrences: n },
          });
        }
      },
    };
  },
});
