/**
 * Opening an input named on the command line: a file path or `-` for stdin. The type is sniffed
 * from the first bytes; gzip-compressed inputs (e.g. `trace.pcap.gz`) are decompressed on the fly
 * and sniffed again. The SHA-256 and size are of the bytes as read (before decompression), so the
 * same file ingested twice is recognised.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { type InputKind, sniffKind } from './sniff.js';

export interface OpenedInput {
  /** as given on the command line */
  name: string;
  kind: InputKind;
  /** the file was gzip-compressed */
  gzip: boolean;
  /** a live capture: never deduplicated by content */
  live: boolean;
  /** a regular, uncompressed file that others may open and read again by `name` */
  file: boolean;
  /** size on disk when known (not for stdin) */
  sizeBytes?: number;
  /** decoded bytes of the input, in order (head included) */
  chunks: AsyncIterable<Buffer>;
  /** raw bytes read so far (for progress) */
  bytesRead(): number;
  /** stop reading (the file is read by others, or not needed) and release the descriptor */
  close(): void;
  /** hex SHA-256 of the raw bytes, complete once `chunks` is exhausted ('' when opened without hashing) */
  sha256(): string;
}

const SNIFF_LIMIT = 1 << 20;
const READ_CHUNK = 1 << 20;

function describeFsError(name: string, err: NodeJS.ErrnoException): GuanlanError {
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory, not a capture file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  return new GuanlanError(ErrorCodes.INPUT_NOT_FOUND, `${name}: ${why[err.code ?? ''] ?? err.message}`);
}

/** Reads raw chunks, hashing and counting them as they pass. */
class RawTap {
  readonly hash: Hash | null;
  bytes = 0;
  digest?: string;
  constructor(
    private readonly it: AsyncIterator<Buffer>,
    hash: boolean,
  ) {
    this.hash = hash ? createHash('sha256') : null;
  }
  async next(): Promise<Buffer | null> {
    const r = await this.it.next();
    if (r.done) {
      this.digest ??= this.hash?.digest('hex') ?? '';
      return null;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    this.hash?.update(b);
    this.bytes += b.length;
    return b;
  }
}

async function* replay(head: Buffer[], rest: () => Promise<Buffer | null>): AsyncGenerator<Buffer> {
  for (const h of head) yield h;
  for (;;) {
    const b = await rest();
    if (b === null) return;
    yield b;
  }
}

export interface OpenOptions {
  /** hash the raw bytes while reading (default true); callers that hashed the file already skip it */
  hash?: boolean;
}

export async function openInput(name: string, opts: OpenOptions = {}): Promise<OpenedInput> {
  let sizeBytes: number | undefined;
  let stream: AsyncIterable<Buffer> & { destroy?: () => void };
  if (name === '-') {
    stream = process.stdin;
  } else {
    try {
      const st = await fsp.stat(name);
      if (st.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
      sizeBytes = st.size;
      stream = createReadStream(name, { highWaterMark: READ_CHUNK });
    } catch (err) {
      throw describeFsError(name, err as NodeJS.ErrnoException);
    }
  }
  return openInputStream(name, stream, sizeBytes, false, opts.hash ?? true, name !== '-');
}

/** Like openInput, over an already open byte stream (stdin, a tcpdump pipe). */
export async function openInputStream(name: string, stream: AsyncIterable<Buffer>, sizeBytes?: number, live = false, hash = true, isFile = false): Promise<OpenedInput> {
  const tap = new RawTap(stream[Symbol.asyncIterator](), hash);
  const readRaw = async (): Promise<Buffer | null> => {
    try {
      return await tap.next();
    } catch (err) {
      throw describeFsError(name, err as NodeJS.ErrnoException);
    }
  };

  // Sniff the raw head.
  const { kind: rawKind, head } = await sniffFrom(readRaw);
  let gzip = false;
  let chunks: AsyncIterable<Buffer>;
  let kind = rawKind;
  if (rawKind === 'gzip') {
    gzip = true;
    const gunzip = createGunzip();
    const rawChunks = replay(head, readRaw);
    // Feed the decompressor from the tap; errors surface as a corrupt-input error on iteration.
    void (async () => {
      try {
        for await (const c of rawChunks) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    })();
    const it = (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const readInner = async (): Promise<Buffer | null> => {
      try {
        const r = await it.next();
        return r.done ? null : r.value;
      } catch (err) {
        throw new GuanlanError(ErrorCodes.INPUT_CORRUPT, `${name}: gzip stream is corrupt: ${(err as Error).message}`, 1);
      }
    };
    const inner = await sniffFrom(readInner);
    if (inner.kind === 'gzip' || inner.kind === 'unknown') throw unknownFormat(name);
    kind = inner.kind;
    chunks = replay(inner.head, readInner);
  } else {
    if (rawKind === 'unknown') throw unknownFormat(name);
    chunks = replay(head, readRaw);
  }
  return {
    name,
    kind: kind as InputKind,
    gzip,
    live,
    file: isFile && !gzip,
    sizeBytes,
    chunks,
    bytesRead: () => tap.bytes,
    close: () => (stream as { destroy?: () => void }).destroy?.(),
    sha256: () => tap.digest ?? tap.hash?.copy().digest('hex') ?? '',
  };
}

function unknownFormat(name: string): GuanlanError {
  return new GuanlanError(
    ErrorCodes.INPUT_UNKNOWN_FORMAT,
    `${name}: at byte 0: not a pcap, pcapng, HAR or JSONL file (type is recognised from content)`,
    1,
  );
}

async function sniffFrom(read: () => Promise<Buffer | null>): Promise<{ kind: ReturnType<typeof sniffKind>; head: Buffer[] }> {
  const head: Buffer[] = [];
  let total = 0;
  for (;;) {
    const b = await read();
    if (b !== null) {
      head.push(b);
      total += b.length;
    }
    const joined = head.length === 1 ? head[0] : Buffer.concat(head);
    const k = sniffKind(joined.subarray(0, SNIFF_LIMIT), b === null || total >= SNIFF_LIMIT);
    if (k !== 'need-more') return { kind: k, head };
    if (b === null) return { kind: 'unknown', head };
  }
}
