/**
 * The HAR reader against the shared corpus (../shared/corpus/har): every file of manifest.json,
 * mitmproxy's own import expectations, and every file cut short at random places.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../test/helpers/corpus.js';
import type { InputIssue } from '../../core/errors.js';
import { type Exchange, bodyBytes, headerValue } from '../../core/exchange.js';
import { validateExchange } from '../../core/exchange-schema.js';
import { harExchangeId, readHarExchanges } from './index.js';

interface ManifestRequest {
  method: string;
  url: string;
  status: number | null;
}
interface ManifestFile {
  file: string;
  entries: number;
  bom: boolean;
  requests: ManifestRequest[];
}

const manifest: { files: ManifestFile[] } = haveCorpus ? JSON.parse(readFileSync(corpusPath('har', 'manifest.json'), 'utf8')) : { files: [] };

/** Deliberate differences from the manifest, each with its reason. */
const SKIPPED_ENTRIES: Record<string, { index: number; why: string }[]> = {
  // The URL is the empty string: there is no request target to record, which is what
  // "request.url missing" means; the entry is reported (`entry 2`) and skipped.
  'har-to-openapi/invalid-url.har': [{ index: 1, why: 'empty request.url' }],
};

/** Chunks of `size` bytes, copied into one reused buffer to prove nothing keeps a chunk it does not own. */
async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  const scratch = Buffer.alloc(size);
  for (let i = 0; i < buf.length; i += size) {
    const n = buf.copy(scratch, 0, i, Math.min(buf.length, i + size));
    yield scratch.subarray(0, n);
  }
}

async function readAll(buf: Buffer, source: string, chunk = 4096): Promise<{ exchanges: Exchange[]; issues: InputIssue[] }> {
  const exchanges: Exchange[] = [];
  const issues: InputIssue[] = [];
  for await (const ex of readHarExchanges(chunked(buf, chunk), { source, onIssue: (i) => issues.push(i) })) exchanges.push(ex);
  return { exchanges, issues };
}

/**
 * The full URL again, from the Exchange alone. The Exchange has no scheme field (the pcap decoder
 * never sees TLS-protected requests), so it is inferred from the server port: 443 → https, else
 * http. That holds for every entry of this corpus; it is an inference of this test, not a claim
 * about the importer.
 */
function fullUrl(ex: Exchange): string {
  const target = ex.request.url;
  const host = headerValue(ex.request.headers, 'host');
  if (!target.startsWith('/') || host === undefined) return target; // not origin form: kept as given
  return `${ex.server.port === 443 ? 'https' : 'http'}://${host}${target}`;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * An independent oracle for the truncation tests: the byte offset just past each element of
 * `log.entries`, found by a plain walk over a whole, valid JSON buffer (no chunking, no validation).
 */
function entryEndOffsets(buf: Buffer): number[] {
  const ends: number[] = [];
  const frames: { path: string; isArray: boolean }[] = [];
  let key = '';
  let i = buf[0] === 0xef ? 3 : 0;
  while (i < buf.length) {
    const c = buf[i];
    if (c === 0x22) {
      let j = i + 1;
      while (buf[j] !== 0x22) j += buf[j] === 0x5c ? 2 : 1;
      let k = j + 1;
      while (buf[k] === 0x20 || buf[k] === 0x0a || buf[k] === 0x0d || buf[k] === 0x09) k++;
      if (buf[k] === 0x3a) key = JSON.parse(buf.toString('utf8', i, j + 1)) as string;
      i = j + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      const parent = frames[frames.length - 1];
      const path = parent === undefined ? '$' : parent.isArray ? `${parent.path}[]` : `${parent.path}.${key}`;
      frames.push({ path, isArray: c === 0x5b });
    } else if (c === 0x7d || c === 0x5d) {
      const closed = frames.pop()!;
      if (closed.path === '$.log.entries[]') ends.push(i + 1);
    }
    i++;
  }
  return ends;
}

describe.skipIf(!haveCorpus)('HAR corpus: manifest.json conformance', () => {
  let matched = 0;
  let total = 0;

  it.each(manifest.files.map((f) => [f.file, f] as const))('%s', async (file, m) => {
    const buf = readFileSync(corpusPath('har', file));
    const source = `har:${file}`;
    const { exchanges, issues } = await readAll(buf, source, 1000 + (buf.length % 7919));
    const skipped = SKIPPED_ENTRIES[file] ?? [];

    expect(issues).toEqual(skipped.map((s) => expect.objectContaining({ input: file, where: `entry ${s.index + 1}` })));
    expect(exchanges.length + skipped.length).toBe(m.entries);
    expect(m.requests.length).toBe(m.entries);

    const byId = new Map(exchanges.map((ex) => [ex.id, ex]));
    m.requests.forEach((want, index) => {
      total++;
      if (skipped.some((s) => s.index === index)) return;
      const ex = byId.get(harExchangeId(source, index));
      expect(ex, `entry ${index}`).toBeDefined();
      if (!ex) return;
      expect(validateExchange(ex).ok).toBe(true);
      expect(ex.source).toBe(source);
      expect(ex.request.method).toBe(want.method);
      expect(fullUrl(ex)).toBe(want.url);
      if (!want.status) expect(ex.response, `entry ${index}: status ${want.status}`).toBeUndefined();
      else expect(ex.response?.status).toBe(want.status);
      matched++;
    });
  });

  it('covers every entry of the manifest', () => {
    const all = manifest.files.reduce((n, f) => n + f.entries, 0);
    const skipped = Object.values(SKIPPED_ENTRIES).reduce((n, s) => n + s.length, 0);
    expect(total).toBe(all);
    expect(matched).toBe(all - skipped);
    console.log(`HAR manifest: ${matched}/${all} entries matched (${skipped} deliberately skipped) in ${manifest.files.length} files`);
  });
});

interface MitmMessage {
  method?: string;
  host?: string;
  port?: number;
  path?: string;
  headers: [string, string][];
  contentHash: string;
  status_code?: number;
  timestamp_start?: number;
}
interface MitmFlow {
  request: MitmMessage;
  response?: MitmMessage;
  server_conn: { address: [string, number] | null };
}

/** `ours` appears in `theirs`, in order (mitmproxy adds content-length and keeps pseudo headers). */
function isSubsequence(ours: [string, string][], theirs: [string, string][]): boolean {
  let j = 0;
  for (const h of ours) {
    while (j < theirs.length && (theirs[j][0].toLowerCase() !== h[0] || theirs[j][1] !== h[1])) j++;
    if (j++ >= theirs.length) return false;
  }
  return true;
}

const MITM_FILES = ['charles', 'chrome', 'firefox', 'head-content-length', 'insomnia', 'postdata', 'safari', 'with-bom'];

describe.skipIf(!haveCorpus)('HAR corpus: mitmproxy import expectations (*.expected.json)', () => {
  it.each(MITM_FILES)('%s.har', async (name) => {
    const harFile = corpusPath('har', 'mitmproxy', 'har_files', `${name}.har`);
    const expectedFile = corpusPath('har', 'mitmproxy', 'har_files', `${name}.expected.json`);
    expect(existsSync(expectedFile)).toBe(true);
    const flows = JSON.parse(readFileSync(expectedFile, 'utf8')) as MitmFlow[];
    const { exchanges, issues } = await readAll(readFileSync(harFile), `har:${name}.har`);
    expect(issues).toEqual([]);
    expect(exchanges.length).toBe(flows.length);
    flows.forEach((flow, i) => {
      const ex = exchanges[i];
      const q = flow.request;
      expect(ex.request.method).toBe(q.method);
      expect(ex.request.url).toBe(q.path);
      expect(headerValue(ex.request.headers, 'host')).toBe(q.host);
      expect(ex.server.port).toBe(q.port);
      if (flow.server_conn.address) expect(ex.server.ip).toBe(flow.server_conn.address[0]);
      expect(Math.abs(Date.parse(ex.ts) - q.timestamp_start! * 1000)).toBeLessThan(1);
      expect(sha256(bodyBytes(ex.request)), `request body of flow ${i}`).toBe(q.contentHash);
      // Our host header may be synthesised from the URL or :authority; the rest must be theirs.
      const ours = ex.request.headers.filter((h, k) => !(k === 0 && h[0] === 'host' && !q.headers.some((t) => t[0].toLowerCase() === 'host')));
      expect(isSubsequence(ours, q.headers), `request headers of flow ${i}`).toBe(true);
      const r = flow.response!;
      if (r.status_code === 0) {
        // mitmproxy keeps a status-0 placeholder; an Exchange has no response then.
        expect(ex.response).toBeUndefined();
        expect(ex.notes).toContain('http.missing_response');
        return;
      }
      expect(ex.response?.status).toBe(r.status_code);
      expect(sha256(bodyBytes(ex.response)), `response body of flow ${i}`).toBe(r.contentHash);
      // mitmproxy drops Content-Encoding once it holds the decoded body; the Exchange keeps every
      // header as sent (the body is decoded either way).
      const kept = ex.response!.headers.filter((h) => h[0] !== 'content-encoding');
      expect(isSubsequence(kept, r.headers), `response headers of flow ${i}`).toBe(true);
    });
  });

  it('chrome.har: base64 bodies decode to the same bytes, binary stays base64', async () => {
    const har = JSON.parse(readFileSync(corpusPath('har', 'mitmproxy', 'har_files', 'chrome.har'), 'utf8'));
    const { exchanges } = await readAll(readFileSync(corpusPath('har', 'mitmproxy', 'har_files', 'chrome.har')), 'har:chrome.har');
    const entries = har.log.entries as { response: { content: { text?: string; encoding?: string } } }[];
    let checked = 0;
    entries.forEach((e, i) => {
      if (e.response.content.encoding !== 'base64') return;
      const want = Buffer.from(e.response.content.text!, 'base64');
      expect(bodyBytes(exchanges[i].response).equals(want)).toBe(true);
      checked++;
    });
    expect(checked).toBe(2);
    const png = exchanges[2].response!;
    expect(png.bodyEncoding).toBe('base64');
    expect(bodyBytes(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const html = exchanges[0].response!;
    expect(html.bodyEncoding).toBe('utf8'); // base64 in the HAR, but the bytes are UTF-8 text
    expect(html.body).toMatch(/^<!DOCTYPE html>/);
  });

  it('corrupted_gzip_body.har: a body that is still gzip-encoded is kept as given', async () => {
    const file = corpusPath('har', 'mitmproxy', 'flows', 'corrupted_gzip_body.har');
    const har = JSON.parse(readFileSync(file, 'utf8'));
    const { exchanges, issues } = await readAll(readFileSync(file), 'har:corrupted_gzip_body.har');
    expect(issues).toEqual([]);
    const res = exchanges[0].response!;
    expect(headerValue(res.headers, 'content-encoding')).toBe('gzip');
    expect(bodyBytes(res).equals(Buffer.from(har.log.entries[0].response.content.text, 'base64'))).toBe(true);
  });

  it('flows/*.har written by mitmproxy: status 0 means no response; websocket messages are noted', async () => {
    const incomplete = await readAll(readFileSync(corpusPath('har', 'mitmproxy', 'flows', 'incomplete_log.har')), 'har:i');
    expect(incomplete.exchanges.map((e) => e.response)).toEqual([undefined, undefined, undefined, undefined]);
    const errors = await readAll(readFileSync(corpusPath('har', 'mitmproxy', 'flows', 'error_log.har')), 'har:e');
    expect(errors.exchanges.map((e) => e.response?.status)).toEqual([undefined, 405]);
    const ws = await readAll(readFileSync(corpusPath('har', 'mitmproxy', 'flows', 'websocket.har')), 'har:w');
    expect(ws.exchanges.every((e) => e.response?.status === 101 && e.notes?.includes('har.websocket_messages'))).toBe(true);
    const h2 = await readAll(readFileSync(corpusPath('har', 'mitmproxy', 'flows', 'successful_log.har')), 'har:s');
    expect(h2.exchanges.map((e) => e.request.httpVersion)).toEqual(['2', '2']);
    expect(h2.exchanges[0].ts).toBe('2023-07-25T10:42:01.726Z');
  });

  it('keeps the entries of a file read one byte at a time', async () => {
    const buf = readFileSync(corpusPath('har', 'mitmproxy', 'har_files', 'with-bom.har'));
    expect(buf.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const whole = await readAll(buf, 'har:b', buf.length);
    const bytewise = await readAll(buf, 'har:b', 1);
    expect(bytewise).toEqual(whole);
    expect(whole.exchanges).toHaveLength(1);
  });
});

describe.skipIf(!haveCorpus)('HAR corpus: truncated files', () => {
  it.each(manifest.files.map((f) => [f.file] as const))('%s cut short at random offsets', async (file) => {
    const buf = readFileSync(corpusPath('har', file));
    const source = `har:${file}`;
    const full = await readAll(buf, source);
    const ends = entryEndOffsets(buf);
    const indexOf = new Map(ends.map((_e, idx) => [harExchangeId(source, idx), idx]));
    expect(ends).toHaveLength(manifest.files.find((f) => f.file === file)!.entries);
    let last = buf.length - 1;
    while (last > 0 && (buf[last] === 0x20 || buf[last] === 0x0a || buf[last] === 0x0d || buf[last] === 0x09)) last--;

    // Deterministic offsets: the edges, next to each entry's end, and random ones.
    let seed = buf.length;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const cuts = new Set<number>([0, 1, 2, 3, last]);
    for (const e of ends.slice(0, 5)) for (const d of [-1, 0, 1]) cuts.add(e + d);
    for (let k = 0; k < 25; k++) cuts.add(rnd() % (last + 1));

    for (const cut of [...cuts].filter((c) => c >= 0 && c <= last)) {
      const { exchanges, issues } = await readAll(buf.subarray(0, cut), source, 1 + (rnd() % 5000));
      const complete = ends.filter((e) => e <= cut).length;
      const expected = full.exchanges.filter((ex) => indexOf.get(ex.id)! < complete);
      expect(exchanges, `cut at ${cut}`).toEqual(expected);
      const byteIssues = issues.filter((i) => i.where?.startsWith('byte '));
      expect(byteIssues, `cut at ${cut}`).toEqual([{ input: file, where: `byte ${cut}`, message: expect.stringMatching(/unexpected end of input|empty input/) }]);
      expect(issues.length - byteIssues.length).toBe(full.issues.filter((i) => Number(i.where?.slice(6)) <= complete).length);
    }
  });
});
