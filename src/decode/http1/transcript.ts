/**
 * libhtp `.t` transcripts: one TCP conversation as text, for feeding the HTTP decoder without TCP.
 * Used by the corpus tests here and by integration tests.
 *
 * Format (libhtp-streams manifest.json): a marker line `>>>` (client→server) or `<<<` (server→client)
 * starts a chunk, `><>` / `<><` a gap chunk (missing bytes, as many as its content) of that direction.
 * A marker line is exactly the three marker characters and LF or CRLF. Chunk data is every following
 * line up to the next marker, verbatim, except the one line ending (LF or CRLF) just before the next
 * marker. The last chunk runs to the end of the file unchanged. Each chunk is one read.
 *
 *   parseTranscript(Buffer.from('>>>\nGET / HTTP/1.0\n\n\n<<<\nHTTP/1.0 200 OK\n\n'))
 *   // → [{ dir: 0, gap: false, data: 'GET / HTTP/1.0\n\n' }, { dir: 1, gap: false, data: 'HTTP/1.0 200 OK\n\n' }]
 */
import type { Exchange } from '../../core/exchange.js';
import type { ConnectionInfo, DecodeContext, Direction } from '../types.js';
import { HttpConnection } from './connection.js';

export interface TranscriptChunk {
  dir: Direction;
  /** bytes of this direction that never arrived; `data.length` of them */
  gap: boolean;
  data: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;

function markerOf(input: Buffer, start: number, end: number): { dir: Direction; gap: boolean } | null {
  const n = end - start; // line length including its LF
  if (n !== 4 && n !== 5) return null;
  if (n === 5 && input[start + 3] !== CR) return null;
  const a = input[start];
  const b = input[start + 1];
  const c = input[start + 2];
  if (a === 0x3e && b === 0x3e && c === 0x3e) return { dir: 0, gap: false }; // >>>
  if (a === 0x3c && b === 0x3c && c === 0x3c) return { dir: 1, gap: false }; // <<<
  if (a === 0x3e && b === 0x3c && c === 0x3e) return { dir: 0, gap: true }; // ><>
  if (a === 0x3c && b === 0x3e && c === 0x3c) return { dir: 1, gap: true }; // <><
  return null;
}

/** Chunks of a transcript; empty when it does not start with a marker line. Empty chunks are dropped. */
export function parseTranscript(input: Buffer): TranscriptChunk[] {
  const chunks: TranscriptChunk[] = [];
  let cur: { dir: Direction; gap: boolean } | null = null;
  let dataStart = 0;
  let p = 0;
  const push = (end: number): void => {
    if (cur !== null && end > dataStart) chunks.push({ dir: cur.dir, gap: cur.gap, data: input.subarray(dataStart, end) });
  };
  while (p < input.length) {
    const lf = input.indexOf(LF, p);
    const end = lf < 0 ? input.length : lf + 1;
    const marker = lf < 0 ? null : markerOf(input, p, end);
    if (marker !== null) {
      // the line ending before a marker only separates data from it
      let dataEnd = p;
      if (dataEnd > dataStart && input[dataEnd - 1] === LF) dataEnd--;
      if (dataEnd > dataStart && input[dataEnd - 1] === CR) dataEnd--;
      push(dataEnd);
      cur = marker;
      dataStart = end;
    } else if (cur === null) {
      return chunks;
    }
    p = end;
  }
  push(input.length);
  return chunks;
}

export interface ReplayOptions {
  /** feed each chunk in pieces of this many bytes (split-anywhere testing) */
  pieceSize?: number;
  midstream?: boolean;
  /** time of the first chunk (epoch ms); each chunk is 1 ms later */
  startTs?: number;
}

/** Feed a transcript to an HttpConnection and return the Exchanges it emits. */
export function replayTranscript(chunks: readonly TranscriptChunk[], ctx: DecodeContext, source: string, opts: ReplayOptions = {}): Exchange[] {
  const t0 = opts.startTs ?? Date.UTC(2024, 0, 1);
  const conn: ConnectionInfo = {
    id: 1,
    client: { ip: '10.0.0.1', port: 50000 },
    server: { ip: '10.0.0.2', port: 80 },
    midstream: opts.midstream ?? false,
    ts: t0,
  };
  const out: Exchange[] = [];
  const http = new HttpConnection(conn, ctx, { source, onExchange: (ex) => out.push(ex) });
  let ts = t0;
  for (const c of chunks) {
    if (c.gap) http.onGap(c.dir, c.data.length, ts);
    else if (opts.pieceSize !== undefined && opts.pieceSize > 0) {
      for (let i = 0; i < c.data.length; i += opts.pieceSize) http.onData(c.dir, Buffer.from(c.data.subarray(i, i + opts.pieceSize)), ts);
    } else http.onData(c.dir, c.data, ts);
    ts += 1;
  }
  http.onClose(ts, 'end');
  return out;
}
