/**
 * verbose-error: responses that leak internals: stack traces, database errors, framework debug
 * pages, exception class names (error-kinds.ts). One finding per endpoint and kind of leak (the
 * location is the kind, `stack-trace:java`, `sql-error:oracle`…); the detail names the kind and
 * the frame count and never quotes the body.
 *
 * Cost: error answers (status >= 400) are scanned, up to `maxScanChars`. Success answers are the
 * bulk of traffic, so they are looked at only when they are text (JSON, HTML, plain), not
 * attachments, not too large, and the first `successMarkerChars` characters contain `Exception`,
 * `ORA-` or ` on line ` (PHP): bank gateways often answer 200 with an error body. The markers
 * come first, as they fail on nearly every success answer and cost less than header look-ups.
 */
import { isStaticType, mediaEssence } from '../../endpoints/formats/media-type.js';
import { defineDetector } from '../types.js';
import { descriptor } from './descriptor.js';
import { errorLeaks } from './error-kinds.js';

export const verboseError = defineDetector({
  descriptor,
  create: (p) => ({
    onExchange(f, report) {
      const st = f.status;
      if (st < 200 || st === 204 || st === 304) return;
      const body = f.responseText();
      if (body.length < 16) return;
      if (st < 400) {
        if (body.length > p.successMaxBytes) return;
        const head = body.length > p.successMarkerChars ? body.slice(0, p.successMarkerChars) : body;
        if (head.indexOf('Exception') < 0 && head.indexOf('ORA-') < 0 && head.indexOf(' on line ') < 0) return;
        const ct = mediaEssence(f.responseHeader('content-type'));
        const textual = ct === '' || ct.startsWith('text/') || ct.endsWith('json') || ct.endsWith('xml');
        if (!textual || isStaticType(ct) || f.responseHeader('content-disposition') !== undefined) return;
      }
      const scan = body.length > p.maxScanChars ? body.slice(0, p.maxScanChars) : body;
      for (const leak of errorLeaks(scan, p)) {
        report({
          at: f,
          location: leak.kind,
          detail: `${leak.text}${leak.frames ? ` (${leak.frames} frame${leak.frames === 1 ? '' : 's'})` : ''} in a ${st} response`,
          data: { kind: leak.kind, status: st, ...(leak.frames ? { frames: leak.frames } : {}) },
        });
      }
    },
  }),
});
