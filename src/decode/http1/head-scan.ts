/**
 * Finding the end of a message head (start line + header lines) in bytes that arrive in pieces:
 * resumable, at most `cap` bytes kept. Line syntax only; what the lines mean is the parser's.
 *
 * The head ends at an empty line (CRLF or bare LF). A line of only whitespace right after a
 * bare-LF line also ends it (a deformed terminator, as browsers read `LF SP LF`), together with an
 * empty line directly after it. A line of CRs after a CRLF line does not. A first line without
 * version (HTTP/0.9) is the whole head, unless header lines follow it (a request that lost its
 * version, `GET /HTTP/1.1` + headers): decided by the next bytes, or at the close.
 */
import { headText, TCHAR } from './head.js';

export const INCOMPLETE = -1;
export const JUNK = -2;
export const TOO_LARGE = -3;
export const STOPPED = -4;

/** Judges the first line: 1 (header lines follow), 0 (the line is the whole message), JUNK or STOPPED. */
export type FirstLineJudge = (line: string, partial: boolean) => number;

const LF = 0x0a;
const CR = 0x0d;

export class HeadScanner {
  /** head bytes when the head spans chunks */
  readonly acc = new ByteAcc();
  /** offsets relative to the head's first byte */
  scanFrom = 0;
  headersFrom = 0;
  termStart = 0;
  firstLineDone = false;
  lfOnly = false;
  /** start of a whitespace-only line that ended the head, while the line after it is awaited */
  deformedAt = -1;
  /** where to resume after a JUNK first line (index in the scanned buffer) */
  junkResume = 0;
  /**
   * end of a first line without version (HTTP/0.9) while the line after it is awaited: header
   * lines there make it a request that lost its version (`GET /HTTP/1.1` + headers), else it is 0.9
   */
  after09 = -1;
  /** the first line had no version but header lines followed */
  versionless = false;
  private prevBareLf = false;

  reset(): void {
    this.scanFrom = 0;
    this.headersFrom = 0;
    this.termStart = 0;
    this.firstLineDone = false;
    this.lfOnly = false;
    this.deformedAt = -1;
    this.after09 = -1;
    this.versionless = false;
    this.prevBareLf = false;
    this.acc.reset();
  }

  /**
   * Scan buf (the head starts at `base`) from where the last call stopped: the index after the
   * head's terminator, or INCOMPLETE / JUNK / TOO_LARGE / STOPPED.
   */
  scan(buf: Buffer, base: number, cap: number, judge: FirstLineJudge): number {
    const len = buf.length;
    let p = base + this.scanFrom;
    for (;;) {
      if (this.after09 >= 0) {
        const h = headerLineAhead(buf, p, len);
        if (h < 0) return this.suspend(p, base);
        if (h === 0) {
          this.termStart = this.after09;
          this.after09 = -1;
          return base + this.termStart;
        }
        this.after09 = -1;
        this.versionless = true;
      }
      if (this.deformedAt >= 0) {
        if (p >= len) return this.suspend(p, base);
        this.termStart = this.deformedAt;
        const c = buf[p];
        if (c === LF) return p + 1;
        if (c === CR) {
          if (p + 1 >= len) return this.suspend(p, base);
          if (buf[p + 1] === LF) return p + 2;
        }
        return p;
      }
      const i = buf.indexOf(LF, p);
      if (i < 0) {
        this.scanFrom = p - base;
        return len - base > cap ? TOO_LARGE : INCOMPLETE;
      }
      if (i + 1 - base > cap) {
        this.scanFrom = p - base;
        return TOO_LARGE;
      }
      const bare = i === p || buf[i - 1] !== CR;
      if (!this.firstLineDone) {
        this.firstLineDone = true;
        const r = this.firstLine(buf, base, i, i + 1 - base, judge, false);
        if (r === JUNK) {
          this.junkResume = i + 1;
          return JUNK;
        }
        if (r === STOPPED) return STOPPED;
        if (bare) this.lfOnly = true;
        if (r === 0) this.after09 = i + 1 - base;
        this.prevBareLf = bare;
        p = i + 1;
        continue;
      }
      const n = i - p;
      if (n === 0 || (n === 1 && buf[p] === CR)) {
        if (bare) this.lfOnly = true;
        this.termStart = p - base;
        return i + 1;
      }
      if (this.prevBareLf && onlyWhitespace(buf, p, i)) {
        this.deformedAt = p - base;
        p = i + 1;
        continue;
      }
      if (bare) this.lfOnly = true;
      this.prevBareLf = bare;
      p = i + 1;
    }
  }

  /** The first line never ended (close, cap): judge what there is of it. */
  partialFirstLine(judge: FirstLineJudge): number {
    const buf = this.acc.view();
    let end = buf.length;
    while (end > 0 && (buf[end - 1] === LF || buf[end - 1] === CR)) end--;
    this.firstLineDone = true;
    return this.firstLine(buf, 0, end, buf.length, judge, true);
  }

  /** Text of the header lines of a complete head in buf (head at `base`). */
  headerText(buf: Buffer, base: number): string {
    return this.termStart > this.headersFrom ? headText(buf, base + this.headersFrom, base + this.termStart) : '';
  }

  /** Text of the complete header lines of a head that will not complete (in acc). */
  partialHeaderText(): string {
    return headText(this.acc.view(), this.headersFrom, Math.max(this.headersFrom, this.scanFrom));
  }

  private suspend(p: number, base: number): number {
    this.scanFrom = p - base;
    return INCOMPLETE;
  }

  /** buf[base..lf) is the first line; header lines start at `next` unless a bare CR ends it earlier. */
  private firstLine(buf: Buffer, base: number, lf: number, next: number, judge: FirstLineJudge, partial: boolean): number {
    let end = lf > base && buf[lf - 1] === CR ? lf - 1 : lf;
    this.headersFrom = next;
    // a bare CR (not before whitespace) inside the first line ends it; header lines follow it
    for (let cr = buf.indexOf(CR, base); cr >= 0 && cr < end; cr = buf.indexOf(CR, cr + 1)) {
      const c = buf[cr + 1];
      if (c !== 0x20 && c !== 0x09) {
        this.headersFrom = cr + 1 - base;
        end = cr;
        break;
      }
    }
    return judge(headText(buf, base, end), partial);
  }
}

/** Does buf[p..] start a header line (a token, then a colon)? 1 yes, 0 no, -1 too few bytes to tell. */
function headerLineAhead(buf: Buffer, p: number, len: number): number {
  for (let k = p; k < len; k++) {
    const c = buf[k];
    if (c === 0x3a) return k > p ? 1 : 0;
    if (c >= 0x80 || TCHAR[c] === 0 || k - p >= MAX_NAME) return 0;
  }
  return -1;
}

/** a header name longer than this after a version-less request line is not taken for one */
const MAX_NAME = 256;

function onlyWhitespace(buf: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = buf[k];
    if (c !== 0x20 && c !== 0x09 && c !== CR) return false;
  }
  return true;
}

/** Growable byte buffer for a head that spans chunks. */
export class ByteAcc {
  private buf: Buffer = Buffer.alloc(0);
  len = 0;

  append(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.len + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.len + n, this.buf.length * 2, 1024));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    src.copy(this.buf, this.len, from, to);
    this.len += n;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
    if (this.buf.length > 16384) this.buf = Buffer.alloc(0);
  }
}
