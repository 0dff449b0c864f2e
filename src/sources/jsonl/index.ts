/**
 * JSONL source and sink: one Exchange (DESIGN §3.1) per line.
 *
 * Reading streams over Buffers of any size: lines may span chunks; CRLF, blank lines and a UTF-8
 * BOM at the start are tolerated; a line over the limit (64 MiB) is reported and skipped without
 * being held. A line that is not JSON or not a valid Exchange is reported as `line N` (1-based)
 * and skipped. The `source` of each Exchange is kept as written: it names the original input.
 *
 *   for await (const ex of readJsonlExchanges(process.stdin, { source: 'jsonl:-', onIssue })) …
 *   process.stdout.write(exchangeToJsonl(ex));
 */
import type { InputIssue } from '../../core/errors.js';
import type { Exchange, HttpMessage } from '../../core/exchange.js';
import { validateExchange } from '../../core/exchange-schema.js';

export interface JsonlReadOptions {
  /** Names the input in issues: `jsonl:<input>` or the bare input name. */
  source: string;
  onIssue: (issue: InputIssue) => void;
  /** Name of the input in issues; by default `source` without its `jsonl:` prefix. */
  input?: string;
  /** A longer line is reported and skipped (default 64 MiB). */
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;

export async function* readJsonlExchanges(input: AsyncIterable<Buffer | Uint8Array | string>, opts: JsonlReadOptions): AsyncGenerator<Exchange> {
  const name = opts.input ?? (opts.source.startsWith('jsonl:') ? opts.source.slice(6) : opts.source);
  const maxLine = opts.maxLineBytes ?? 64 * 1024 * 1024;
  let lineNo = 0;
  // The line being assembled across chunks.
  const parts: Buffer[] = [];
  let partBytes = 0;
  let oversized = false;
  let atStart = true;
  let bomSeen = 0; // bytes of a possible BOM seen so far, at the very start

  // The line ends with `tail`: parse what was gathered.
  const finishLine = (tail: Buffer): Exchange | undefined => {
    let ex: Exchange | undefined;
    lineNo++;
    if (oversized || partBytes + tail.length > maxLine) {
      opts.onIssue({ input: name, where: `line ${lineNo}`, message: `line longer than ${maxLine} bytes; skipped` });
    } else {
      let buf = tail;
      if (parts.length > 0) {
        parts.push(tail);
        buf = Buffer.concat(parts, partBytes + tail.length);
      }
      let end = buf.length;
      if (end > 0 && buf[end - 1] === CR) end--;
      ex = parseLine(buf.toString('utf8', 0, end), lineNo, name, opts.onIssue);
    }
    parts.length = 0;
    partBytes = 0;
    oversized = false;
    return ex;
  };

  for await (const raw of input) {
    let chunk = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (atStart) {
      // Strip a UTF-8 BOM, even when it arrives split over chunks.
      const BOM = [0xef, 0xbb, 0xbf];
      let k = 0;
      while (k < chunk.length && bomSeen < 3 && chunk[k] === BOM[bomSeen]) {
        k++;
        bomSeen++;
      }
      if (bomSeen === 3 || k < chunk.length) {
        // The BOM is complete, or the input does not start with one: give back what was held.
        if (bomSeen < 3 && bomSeen > 0) chunk = Buffer.concat([Buffer.from(BOM.slice(0, bomSeen)), chunk.subarray(k)]);
        else chunk = chunk.subarray(k);
        atStart = false;
      } else {
        continue; // the chunk was only the start of a BOM
      }
    }
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) break;
      const ex = finishLine(chunk.subarray(pos, nl));
      pos = nl + 1;
      if (ex) yield ex;
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      if (oversized || partBytes + rest > maxLine) {
        oversized = true;
        parts.length = 0;
      } else {
        // Copy: the producer of the chunks may reuse its buffer.
        parts.push(Buffer.from(chunk.subarray(pos)));
      }
      partBytes += rest;
    }
  }
  if (atStart && bomSeen > 0 && bomSeen < 3) {
    parts.push(Buffer.from([0xef, 0xbb, 0xbf].slice(0, bomSeen)));
    partBytes += bomSeen;
  }
  if (partBytes > 0) {
    const ex = finishLine(Buffer.alloc(0));
    if (ex) yield ex;
  }
}

function parseLine(text: string, lineNo: number, input: string, onIssue: (i: InputIssue) => void): Exchange | undefined {
  if (isBlank(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    onIssue({ input, where: `line ${lineNo}`, message: `not JSON: ${(err as Error).message}` });
    return undefined;
  }
  const r = validateExchange(value);
  if (!r.ok) {
    onIssue({ input, where: `line ${lineNo}`, message: `not a valid Exchange: ${r.error}` });
    return undefined;
  }
  return r.value;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * One Exchange as one JSONL line (with its `\n`). Keys come out in the order of the Exchange
 * interface whatever order the object was built in, and only the interface's keys are written.
 */
export function exchangeToJsonl(ex: Exchange): string {
  const out: Record<string, unknown> = { v: ex.v, id: ex.id, ts: ex.ts };
  if (ex.durationMs !== undefined) out.durationMs = ex.durationMs;
  out.client = { ip: ex.client.ip, port: ex.client.port };
  out.server = { ip: ex.server.ip, port: ex.server.port };
  const q = ex.request;
  out.request = message({ method: q.method, url: q.url }, q);
  const r = ex.response;
  if (r) {
    const head: Record<string, unknown> = { status: r.status };
    if (r.reason !== undefined) head.reason = r.reason;
    out.response = message(head, r);
  }
  out.source = ex.source;
  if (ex.notes !== undefined) out.notes = ex.notes;
  return `${JSON.stringify(out)}\n`;
}

function message(head: Record<string, unknown>, m: HttpMessage): Record<string, unknown> {
  head.httpVersion = m.httpVersion;
  head.headers = m.headers;
  if (m.body !== undefined) head.body = m.body;
  if (m.bodyEncoding !== undefined) head.bodyEncoding = m.bodyEncoding;
  if (m.bodyTruncated !== undefined) head.bodyTruncated = m.bodyTruncated;
  if (m.bodyWireLength !== undefined) head.bodyWireLength = m.bodyWireLength;
  return head;
}
