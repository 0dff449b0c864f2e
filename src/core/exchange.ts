/**
 * The Exchange: one HTTP request with its response (DESIGN §3.1). Every source emits exactly
 * this shape; everything downstream of decoding consumes only this. It is also the JSONL wire
 * format (version 1), validated at that boundary by `ExchangeSchema` (src/core/exchange-schema.ts),
 * whose JSON Schema is published as schema/exchange.v1.schema.json.
 *
 * Conventions:
 * - `ts` is event time (capture time of the request's first byte), ISO-8601 UTC with milliseconds.
 * - header names are lower-cased; order and duplicates are kept.
 * - bodies are decoded (chunked, gzip, deflate, br removed); `bodyEncoding` is `utf8` when the
 *   decoded bytes are valid UTF-8, else `base64`. An absent body means zero bytes.
 * - `notes` carries named anomalies (see src/core/anomalies.ts), e.g. `tcp.gap`.
 */
export type Header = [name: string, value: string];

export type BodyEncoding = 'utf8' | 'base64';

export interface Peer {
  ip: string;
  port: number;
}

export interface HttpMessage {
  httpVersion: string;
  headers: Header[];
  body?: string;
  bodyEncoding?: BodyEncoding;
  /** Decoded body was cut at the configured cap, or bytes were missing (gap). */
  bodyTruncated?: boolean;
  /** Body size as it was on the wire (after de-chunking, before content decoding), when known. */
  bodyWireLength?: number;
}

export interface ExchangeRequest extends HttpMessage {
  /** As sent; '' when a response was seen without its request (note `http.unsolicited_response`). */
  method: string;
  /** Request target as sent: origin form (path?query), absolute form for proxies, or authority form for CONNECT. */
  url: string;
}

export interface ExchangeResponse extends HttpMessage {
  /** 0 when the response had no parseable status line (HTTP/0.9 or junk before a close). */
  status: number;
  reason?: string;
}

export interface Exchange {
  v: 1;
  id: string;
  ts: string;
  durationMs?: number;
  client: Peer;
  server: Peer;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** `<kind>:<input as named on the command line>`, e.g. `pcap:captures/a.pcap`, `har:-`. */
  source: string;
  notes?: string[];
}

/** First value of a (lower-case) header, or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  for (const h of headers) if (h[0] === name) return h[1];
  return undefined;
}

/** Authority of the request: Host header, else the absolute-form URL's host, else the server address. */
export function exchangeHost(ex: Exchange): string {
  const h = headerValue(ex.request.headers, 'host');
  if (h) return h;
  const u = ex.request.url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) {
    try {
      return new URL(u).host;
    } catch {
      /* fall through */
    }
  }
  return ex.server.port ? `${ex.server.ip}:${ex.server.port}` : ex.server.ip;
}

/** Decoded body bytes of a message. */
export function bodyBytes(m: HttpMessage | undefined): Buffer {
  if (!m || m.body === undefined) return Buffer.alloc(0);
  return Buffer.from(m.body, m.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * Bytes of a message's body: the wire length when the body went without a content coding (the
 * decoder counted it, no pass over the text), else the decoded text's length in its encoding.
 */
export function bodyByteLength(m: HttpMessage): number {
  if (!m.body) return 0;
  if (m.bodyWireLength !== undefined && !m.bodyTruncated && headerValue(m.headers, 'content-encoding') === undefined) return m.bodyWireLength;
  return Buffer.byteLength(m.body, m.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * Encode decoded body bytes the way the Exchange carries them: UTF-8 text when valid, else base64.
 * Turning bodies into strings is the largest cost of an Exchange, so: isUtf8 is a C++ check (far
 * cheaper than decoding and looking for U+FFFD); ASCII (most JSON) decodes as latin1; other UTF-8
 * goes through ICU's transcoder, 2–3× faster than V8's UTF-8 decoder on mostly-ASCII text with CJK
 * in Node 20, with the same result.
 */
export function encodeBody(buf: Buffer): { body: string; bodyEncoding: BodyEncoding } {
  if (buf.length === 0) return { body: '', bodyEncoding: 'utf8' };
  if (!isUtf8(buf)) return { body: buf.toString('base64'), bodyEncoding: 'base64' };
  if (isAscii(buf)) return { body: buf.toString('latin1'), bodyEncoding: 'utf8' };
  if (buf.length >= 256) {
    try {
      return { body: transcode(buf, 'utf8', 'utf16le').toString('utf16le'), bodyEncoding: 'utf8' };
    } catch {
      // a Node built without ICU: the plain way
    }
  }
  return { body: buf.toString('utf8'), bodyEncoding: 'utf8' };
}

import { isAscii, isUtf8, transcode } from 'node:buffer';
