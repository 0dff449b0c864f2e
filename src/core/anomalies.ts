/**
 * Named decode anomalies (permanent ids from the GL-D range, never reused). Decoders never drop
 * traffic for being malformed: they record one of these, on the Exchange's `notes` when it
 * concerns one message, and in the input's counters always.
 */
export interface AnomalyInfo {
  id: string;
  name: string;
  description: string;
}

const table = [
  ['GL-D-0001', 'capture.truncated', 'the capture file ends in the middle of a record'],
  ['GL-D-0002', 'capture.bad_record', 'a capture record has an impossible length or type; the reader resynchronised'],
  ['GL-D-0003', 'capture.unknown_linktype', 'packets of a link type Guanlan does not decode were skipped'],
  ['GL-D-0004', 'capture.snaplen_cut', 'a packet was captured shorter than it was on the wire'],
  ['GL-D-0005', 'net.bad_link', 'a frame is too short for its link-layer header'],
  ['GL-D-0010', 'ip.bad_header', 'an IPv4/IPv6 header is malformed'],
  ['GL-D-0011', 'ip.fragment_timeout', 'an IPv4 fragment set was never completed'],
  ['GL-D-0012', 'ip.fragment_overlap', 'IPv4 fragments overlap'],
  ['GL-D-0013', 'ip.fragment_limit', 'the fragment reassembly memory cap was reached'],
  ['GL-D-0020', 'tcp.gap', 'bytes of a TCP stream were never captured; the HTTP parser resynchronised'],
  ['GL-D-0021', 'tcp.overlap_mismatch', 'a retransmitted TCP segment carried different bytes than the original'],
  ['GL-D-0022', 'tcp.conn_memcap', 'the per-connection out-of-order buffer cap was reached'],
  ['GL-D-0023', 'tcp.global_memcap', 'the global reassembly memory cap was reached'],
  ['GL-D-0024', 'tcp.midstream', 'the connection was first seen without its SYN (capture started mid-connection)'],
  ['GL-D-0025', 'tcp.idle_timeout', 'the connection was closed by Guanlan after being idle'],
  ['GL-D-0026', 'tcp.conn_limit', 'the cap on concurrently tracked connections was reached'],
  ['GL-D-0027', 'tcp.bad_header', 'a TCP header is malformed'],
  ['GL-D-0030', 'http.bad_request_line', 'a request line could not be parsed'],
  ['GL-D-0031', 'http.bad_status_line', 'a status line could not be parsed'],
  ['GL-D-0032', 'http.bad_header', 'a header line is malformed'],
  ['GL-D-0033', 'http.header_folding', 'obsolete line folding in headers'],
  ['GL-D-0034', 'http.headers_too_large', 'the header block exceeds the cap'],
  ['GL-D-0035', 'http.content_length_and_chunked', 'both Content-Length and Transfer-Encoding: chunked'],
  ['GL-D-0036', 'http.bad_content_length', 'Content-Length is not a number'],
  ['GL-D-0037', 'http.multiple_content_length', 'several differing Content-Length values'],
  ['GL-D-0038', 'http.bad_chunk_size', 'a chunk size line is malformed'],
  ['GL-D-0039', 'http.bad_transfer_encoding', 'Transfer-Encoding is unknown or not chunked last'],
  ['GL-D-0040', 'http.body_decode_error', 'a Content-Encoding could not be decoded; the body is kept as it was'],
  ['GL-D-0041', 'http.unknown_content_encoding', 'a Content-Encoding Guanlan does not decode'],
  ['GL-D-0042', 'http.body_truncated', 'the body exceeds the configured cap and was cut'],
  ['GL-D-0043', 'http.missing_response', 'no response was seen for the request'],
  ['GL-D-0044', 'http.unsolicited_response', 'a response was seen without a request'],
  ['GL-D-0045', 'http.resync', 'unparseable bytes were skipped to the next message start'],
  ['GL-D-0046', 'http.tunnel', 'CONNECT or Upgrade: parsing of the connection ended'],
  ['GL-D-0047', 'http.incomplete_message', 'the connection ended inside a message'],
  ['GL-D-0048', 'http.http09', 'an HTTP/0.9 style request without a version'],
  ['GL-D-0049', 'http.lf_only', 'lines end in a bare LF'],
  ['GL-D-0050', 'http.missing_host', 'an HTTP/1.1 request without Host'],
  ['GL-D-0051', 'http.gap_in_body', 'the body had missing bytes'],
  ['GL-D-0060', 'har.bad_entry', 'a HAR entry is missing required fields'],
  ['GL-D-0061', 'jsonl.invalid_line', 'a JSONL line is not a valid Exchange'],
  ['GL-D-0062', 'har.bad_status', 'a HAR response status is not a valid HTTP status'],
  ['GL-D-0063', 'har.bad_timestamp', 'startedDateTime is missing or unreadable; the previous entry time was used'],
  ['GL-D-0064', 'har.bad_url', 'the HAR request URL could not be parsed'],
  ['GL-D-0065', 'har.url_userinfo', 'the HAR request URL carries user:password@'],
  ['GL-D-0066', 'har.bad_header', 'a HAR header entry is malformed'],
  ['GL-D-0067', 'har.body_from_params', 'the request body was rebuilt from postData.params'],
  ['GL-D-0068', 'har.body_not_saved', 'the producer did not save the body (size given, no text)'],
  ['GL-D-0069', 'har.bad_base64', 'a base64 body is not valid base64'],
  ['GL-D-0070', 'har.cookie_from_cookies', 'the Cookie header was rebuilt from request.cookies'],
  ['GL-D-0071', 'har.websocket_messages', 'the entry carries WebSocket messages, not imported'],
] as const;

export type AnomalyName = (typeof table)[number][1];

export const ANOMALIES: ReadonlyMap<AnomalyName, AnomalyInfo> = new Map(
  table.map(([id, name, description]) => [name, { id, name, description }]),
);

/** Counters keyed by anomaly or metric name. Cheap to bump on the hot path. */
export class Counters {
  readonly values = new Map<string, number>();
  inc(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  merge(other: Counters | Record<string, number>): void {
    const entries = other instanceof Counters ? other.values.entries() : Object.entries(other);
    for (const [k, v] of entries) this.inc(k, v);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
