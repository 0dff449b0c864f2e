/**
 * An incremental scanner for HAR files: it walks the JSON text byte by byte over any chunking,
 * validates the grammar, and hands out the text of each element of `log.entries` as soon as the
 * element closes, so a HAR of any size is read holding only one entry's bytes (DESIGN §1:
 * memory stays bounded). Everything else (`log.pages`, `log.browser`, …) is checked and dropped,
 * except `log.creator`, which is kept when small.
 *
 * Only ASCII bytes are structural in JSON and UTF-8 never uses them inside a multi-byte sequence,
 * so scanning bytes (not characters) is exact. The scanner is strict JSON (RFC 8259): once it has
 * accepted an entry's bytes, JSON.parse accepts them too.
 *
 *   const s = new HarScanner();
 *   for (const chunk of chunks) for (const ev of s.feed(chunk)) …   // { kind: 'entry', index, text }
 *   s.end();                                                         // s.error: truncated input
 */

export type ScanEvent =
  | { kind: 'entry'; index: number; offset: number; text: string }
  | { kind: 'oversized-entry'; index: number; offset: number; bytes: number }
  | { kind: 'creator'; value: string };

export interface ScanError {
  /** byte offset of the problem from the start of the input (BOM included) */
  offset: number;
  /** 1-based line of that byte */
  line: number;
  message: string;
}

export interface HarScannerOptions {
  /** An entry longer than this is reported and skipped (default 128 MiB). */
  maxEntryBytes?: number;
}

// What the next byte may be.
const M_VALUE = 0; // a value
const M_ARRAY_FIRST = 1; // a value or ']'
const M_OBJ_FIRST = 2; // a key or '}'
const M_KEY = 3; // a key
const M_COLON = 4;
const M_AFTER_VALUE = 5; // ',' or the closing bracket
const M_DONE = 6; // whitespace only
const M_STRING = 7;
const M_NUMBER = 8;
const M_LITERAL = 9;
const M_BOM = 10; // inside the UTF-8 byte order mark

// Containers on the stack and what they are in a HAR.
const OBJ = 1;
const ARR = 2;
const R_NONE = 0;
const R_ROOT = 1; // the top-level object
const R_LOG = 2; // root.log
const R_ENTRIES = 3; // root.log.entries

// Number sub-states.
const N_MINUS = 0; // after '-': a digit must follow
const N_ZERO = 1; // a leading 0 (complete)
const N_INT = 2; // integer digits (complete)
const N_DOT = 3; // after '.': a digit must follow
const N_FRAC = 4; // fraction digits (complete)
const N_EXP = 5; // after e/E: sign or digit
const N_EXP_SIGN = 6; // after the exponent's sign: a digit must follow
const N_EXP_DIGITS = 7; // exponent digits (complete)

const KEY_LIMIT = 1024;
const CREATOR_LIMIT = 64 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

function describeByte(c: number): string {
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** Bytes of one value being kept, across chunks, up to a limit. */
class Capture {
  active = false;
  /** stack depth when the value began; it is complete when a value ends at this depth again */
  depth = 0;
  /** where the value starts in the current chunk (0 once it spans chunks) */
  start = 0;
  offset = 0;
  bytes = 0;
  overflow = false;
  parts: Buffer[] = [];
  limit = 0;

  begin(depth: number, start: number, offset: number, limit: number): void {
    this.active = true;
    this.limit = limit;
    this.depth = depth;
    this.start = start;
    this.offset = offset;
    this.bytes = 0;
    this.overflow = false;
    this.parts.length = 0;
  }

  /** The chunk ends while the value goes on: keep a copy of its tail (callers may reuse buffers). */
  carry(chunk: Buffer): void {
    this.add(chunk, chunk.length, true);
    this.start = 0;
  }

  /** The value ends before `end` in `chunk`: its text, or undefined when it went over the limit. */
  finish(chunk: Buffer, end: number): string | undefined {
    this.active = false;
    if (this.parts.length === 0 && !this.overflow) {
      this.bytes = end - this.start;
      if (this.bytes <= this.limit) return chunk.toString('utf8', this.start, end);
      this.overflow = true;
      return undefined;
    }
    this.add(chunk, end, false);
    if (this.overflow) return undefined;
    const text = Buffer.concat(this.parts, this.bytes).toString('utf8');
    this.parts.length = 0;
    return text;
  }

  private add(chunk: Buffer, end: number, copy: boolean): void {
    const n = end - this.start;
    this.bytes += n;
    if (this.overflow) return;
    if (this.bytes > this.limit) {
      this.overflow = true;
      this.parts.length = 0;
      return;
    }
    if (n > 0) this.parts.push(copy ? Buffer.from(chunk.subarray(this.start, end)) : chunk.subarray(this.start, end));
  }
}

export class HarScanner {
  /** set when the input is not valid JSON (or ends early); the scanner then stops */
  error: ScanError | undefined;
  /** the input had a `log.entries` array */
  sawEntries = false;
  /** entries seen so far (including oversized ones) */
  entryCount = 0;

  private mode = M_VALUE;
  private readonly kinds: number[] = [];
  private readonly roles: number[] = [];
  private offset = 0; // bytes consumed before the current chunk
  private line = 1;
  private sawValue = false;
  // strings
  private strIsKey = false;
  private escape = false;
  private hexLeft = 0;
  private lastKey: string | null = null;
  // numbers and literals
  private numState = N_MINUS;
  private literal = '';
  private literalPos = 0;
  private bomPos = 0;
  private readonly key = new Capture();
  private readonly value = new Capture();
  private valueIsEntry = false;
  private readonly maxEntryBytes: number;

  constructor(opts: HarScannerOptions = {}) {
    this.maxEntryBytes = opts.maxEntryBytes ?? 128 * 1024 * 1024;
  }

  /** Scan one chunk; yields each entry (and the creator) as it completes. */
  *feed(chunk: Buffer): Generator<ScanEvent> {
    if (this.error) return;
    const n = chunk.length;
    const kinds = this.kinds;
    let mode = this.mode;
    let i = 0;
    const fail = (at: number, message: string): void => {
      this.error = { offset: this.offset + at, line: this.line, message };
    };

    while (i < n) {
      const c = chunk[i];
      switch (mode) {
        case M_STRING: {
          if (this.hexLeft > 0) {
            if (!isHex(c)) return fail(i, 'invalid \\u escape in string');
            this.hexLeft--;
            i++;
            break;
          }
          if (this.escape) {
            this.escape = false;
            if (c === 0x75 /* u */) this.hexLeft = 4;
            else if (c !== 0x22 && c !== 0x5c && c !== 0x2f && c !== 0x62 && c !== 0x66 && c !== 0x6e && c !== 0x72 && c !== 0x74) {
              return fail(i, `invalid escape \\${String.fromCharCode(c)} in string`);
            }
            i++;
            break;
          }
          // The hot loop: most of a HAR is string bytes (bodies, headers).
          let j = i;
          let b = c;
          while (b !== 0x22 && b !== 0x5c && b >= 0x20) {
            if (++j === n) break;
            b = chunk[j];
          }
          i = j;
          if (i === n) break;
          if (b === 0x5c) {
            this.escape = true;
            i++;
            break;
          }
          if (b < 0x20) {
            if (b === 0x0a) this.line++;
            return fail(i, 'control character in string (unescaped line break?)');
          }
          // closing quote
          i++;
          if (this.strIsKey) {
            this.lastKey = null;
            if (this.key.active) {
              const raw = this.key.finish(chunk, i);
              if (raw !== undefined) this.lastKey = JSON.parse(raw) as string;
            }
            mode = M_COLON;
          } else {
            mode = M_AFTER_VALUE;
            const ev = this.valueEnded(chunk, i);
            if (ev) {
              this.mode = mode;
              yield ev;
            }
          }
          break;
        }

        case M_VALUE:
        case M_ARRAY_FIRST: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a) this.line++;
            i++;
            break;
          }
          if (mode === M_ARRAY_FIRST && c === 0x5d /* ] */) {
            kinds.pop();
            this.roles.pop();
            i++;
            mode = kinds.length === 0 ? M_DONE : M_AFTER_VALUE;
            const ev = this.valueEnded(chunk, i);
            if (ev) {
              this.mode = mode;
              yield ev;
            }
            break;
          }
          if (kinds.length === 0 && this.offset + i === 0) {
            if (c === 0xef) {
              mode = M_BOM;
              this.bomPos = 1;
              i++;
              break;
            }
            if (c === 0xff || c === 0xfe) return fail(i, 'UTF-16 text; HAR files must be UTF-8');
          }
          // A value starts here.
          if (kinds.length === 0) {
            if (this.sawValue) return fail(i, 'unexpected data after the JSON document');
            if (c !== 0x7b) return fail(i, `not a HAR file: the document must be a JSON object, found ${describeByte(c)}`);
            this.sawValue = true;
          }
          const depth = kinds.length;
          const parentRole = depth === 0 ? R_NONE : this.roles[depth - 1];
          if (!this.value.active) {
            if (parentRole === R_ENTRIES) {
              this.value.begin(depth, i, this.offset + i, this.maxEntryBytes);
              this.valueIsEntry = true;
            } else if (parentRole === R_LOG && this.lastKey === 'creator') {
              this.value.begin(depth, i, this.offset + i, CREATOR_LIMIT);
              this.valueIsEntry = false;
            }
          }
          if (c === 0x7b /* { */) {
            kinds.push(OBJ);
            this.roles.push(depth === 0 ? R_ROOT : parentRole === R_ROOT && this.lastKey === 'log' ? R_LOG : R_NONE);
            mode = M_OBJ_FIRST;
            i++;
          } else if (c === 0x5b /* [ */) {
            const isEntries = parentRole === R_LOG && this.lastKey === 'entries';
            if (isEntries) this.sawEntries = true;
            kinds.push(ARR);
            this.roles.push(isEntries ? R_ENTRIES : R_NONE);
            mode = M_ARRAY_FIRST;
            i++;
          } else if (c === 0x22 /* " */) {
            this.strIsKey = false;
            mode = M_STRING;
            i++;
          } else if (c === 0x2d /* - */ || isDigit(c)) {
            this.numState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
            mode = M_NUMBER;
            i++;
          } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            this.literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
            this.literalPos = 1;
            mode = M_LITERAL;
            i++;
          } else {
            return fail(i, `expected a value, found ${describeByte(c)}`);
          }
          break;
        }

        case M_OBJ_FIRST:
        case M_KEY: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a) this.line++;
            i++;
            break;
          }
          if (c === 0x22) {
            this.strIsKey = true;
            const role = this.roles[kinds.length - 1];
            if (role === R_ROOT || role === R_LOG) this.key.begin(kinds.length, i, this.offset + i, KEY_LIMIT);
            mode = M_STRING;
            i++;
            break;
          }
          if (mode === M_OBJ_FIRST && c === 0x7d /* } */) {
            kinds.pop();
            this.roles.pop();
            i++;
            mode = kinds.length === 0 ? M_DONE : M_AFTER_VALUE;
            const ev = this.valueEnded(chunk, i);
            if (ev) {
              this.mode = mode;
              yield ev;
            }
            break;
          }
          return fail(i, `expected a string key${mode === M_OBJ_FIRST ? " or '}'" : ''}, found ${describeByte(c)}`);
        }

        case M_COLON: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a) this.line++;
            i++;
            break;
          }
          if (c !== 0x3a) return fail(i, `expected ':' after a key, found ${describeByte(c)}`);
          mode = M_VALUE;
          i++;
          break;
        }

        case M_AFTER_VALUE: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a) this.line++;
            i++;
            break;
          }
          const top = kinds[kinds.length - 1];
          if (c === 0x2c /* , */) {
            mode = top === OBJ ? M_KEY : M_VALUE;
            i++;
            break;
          }
          if ((top === OBJ && c === 0x7d) || (top === ARR && c === 0x5d)) {
            kinds.pop();
            this.roles.pop();
            i++;
            mode = kinds.length === 0 ? M_DONE : M_AFTER_VALUE;
            const ev = this.valueEnded(chunk, i);
            if (ev) {
              this.mode = mode;
              yield ev;
            }
            break;
          }
          return fail(i, `expected ',' or '${top === OBJ ? '}' : ']'}', found ${describeByte(c)}`);
        }

        case M_NUMBER: {
          const s = this.numState;
          if (isDigit(c)) {
            if (s === N_ZERO) return fail(i, 'invalid number: leading zero');
            this.numState = s === N_MINUS ? (c === 0x30 ? N_ZERO : N_INT) : s === N_DOT ? N_FRAC : s === N_EXP || s === N_EXP_SIGN ? N_EXP_DIGITS : s;
            i++;
            break;
          }
          if (c === 0x2e /* . */ && (s === N_ZERO || s === N_INT)) {
            this.numState = N_DOT;
            i++;
            break;
          }
          if ((c === 0x65 || c === 0x45) && (s === N_ZERO || s === N_INT || s === N_FRAC)) {
            this.numState = N_EXP;
            i++;
            break;
          }
          if ((c === 0x2b || c === 0x2d) && s === N_EXP) {
            this.numState = N_EXP_SIGN;
            i++;
            break;
          }
          if (s === N_MINUS || s === N_DOT || s === N_EXP || s === N_EXP_SIGN) return fail(i, `invalid number, found ${describeByte(c)}`);
          // The number ended at the previous byte; this byte is looked at again after it.
          mode = M_AFTER_VALUE;
          const ev = this.valueEnded(chunk, i);
          if (ev) {
            this.mode = mode;
            yield ev;
          }
          break;
        }

        case M_LITERAL: {
          if (c !== this.literal.charCodeAt(this.literalPos)) return fail(i, `invalid literal (expected ${this.literal})`);
          i++;
          if (++this.literalPos === this.literal.length) {
            mode = M_AFTER_VALUE;
            const ev = this.valueEnded(chunk, i);
            if (ev) {
              this.mode = mode;
              yield ev;
            }
          }
          break;
        }

        case M_BOM: {
          if (c !== BOM[this.bomPos]) return fail(i, `expected a value, found ${describeByte(BOM[0])}`);
          i++;
          if (++this.bomPos === BOM.length) mode = M_VALUE;
          break;
        }

        case M_DONE: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a) this.line++;
            i++;
            break;
          }
          return fail(i, `unexpected data after the JSON document: ${describeByte(c)}`);
        }
      }
    }
    this.mode = mode;
    if (this.key.active) this.key.carry(chunk);
    if (this.value.active) this.value.carry(chunk);
    this.offset += n;
  }

  /** The input is over: anything still open means it was cut short. */
  end(): void {
    if (this.error) return;
    let mode = this.mode;
    if (mode === M_NUMBER && this.kinds.length === 0) mode = M_DONE; // not reachable for a HAR (top level is an object)
    if (mode === M_DONE) return;
    this.error = {
      offset: this.offset,
      line: this.line,
      message: this.sawValue ? 'unexpected end of input (the file is truncated)' : 'empty input: no JSON document',
    };
  }

  private valueEnded(chunk: Buffer, end: number): ScanEvent | undefined {
    const cap = this.value;
    if (!cap.active || cap.depth !== this.kinds.length) return undefined;
    const text = cap.finish(chunk, end);
    if (!this.valueIsEntry) {
      return text === undefined ? undefined : { kind: 'creator', value: text };
    }
    const index = this.entryCount++;
    if (text === undefined) return { kind: 'oversized-entry', index, offset: cap.offset, bytes: cap.bytes };
    return { kind: 'entry', index, offset: cap.offset, text };
  }
}
