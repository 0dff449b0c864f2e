/**
 * Contracts between the decode layers. Every layer is a synchronous push parser: callers push
 * bytes or packets in, results come out through callbacks, and state is bounded by caps.
 *
 *   capture bytes ─► CaptureReader ─► RawPacket ─► NetDecoder ─► TcpSegment ─► TcpReassembler
 *     ─► StreamHandler (one per TCP connection; HttpConnection) ─► Exchange
 *
 * Times are epoch milliseconds as a float (µs precision survives in a double).
 */
import type { Counters } from '../core/anomalies.js';

export interface RawPacket {
  /** capture time, epoch ms (fractional) */
  ts: number;
  /** LINKTYPE_* value (https://www.tcpdump.org/linktypes.html) */
  linkType: number;
  /** captured bytes (a view; valid only during the callback unless copied) */
  data: Buffer;
  /** length on the wire */
  origLen: number;
  /** pcapng interface id (0 for pcap) */
  ifIndex: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface TcpSegment {
  ts: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** unsigned 32-bit sequence number */
  seq: number;
  ack: number;
  /** TCP flag bits (TCP_SYN | TCP_ACK ...) */
  flags: number;
  /** TCP payload (a view; valid only during the callback unless copied) */
  payload: Buffer;
}

/** 0 = client→server (the side that sent the SYN, or was guessed to be the client), 1 = server→client */
export type Direction = 0 | 1;

export interface ConnectionInfo {
  /** unique per connection within one decoder run (4-tuple reuse gives a new id) */
  id: number;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  /** true when the SYN was not seen and the roles were guessed */
  midstream: boolean;
  /** time of the first packet */
  ts: number;
}

/** Consumer of one reassembled TCP connection, in order, both directions interleaved by capture order. */
export interface StreamHandler {
  /** In-order payload bytes for one direction. `data` is only valid during the call. */
  onData(dir: Direction, data: Buffer, ts: number): void;
  /** `bytes` bytes of this direction will never arrive (capture loss or cap). */
  onGap(dir: Direction, bytes: number, ts: number): void;
  /** The connection ended (FIN both ways, RST, idle timeout, end of input). Called exactly once. */
  onClose(ts: number, reason: 'fin' | 'rst' | 'timeout' | 'end' | 'evicted'): void;
  /**
   * When it returns true the reassembler drops further payload of this connection without
   * buffering it (non-HTTP traffic, tunnels): skipping cheaply.
   */
  wantsNoMoreData?(): boolean;
}

export type StreamHandlerFactory = (conn: ConnectionInfo) => StreamHandler;

export interface DecodeLimits {
  /** max decoded body bytes kept per message (rest counted, `bodyTruncated`) */
  maxBodyBytes: number;
  /** max bytes of a header block */
  maxHeaderBytes: number;
  /** max out-of-order bytes buffered per connection direction */
  maxConnBufferBytes: number;
  /** max out-of-order bytes buffered over all connections */
  maxGlobalBufferBytes: number;
  /** max concurrently tracked connections (oldest idle evicted) */
  maxConnections: number;
  /** a connection idle this long (event time) is closed */
  idleTimeoutMs: number;
  /** max pending (unanswered) requests kept per connection */
  maxPendingRequests: number;
  /** max bytes of IPv4 fragments held */
  maxFragmentBytes: number;
}

export const DEFAULT_LIMITS: DecodeLimits = {
  maxBodyBytes: 1 << 20,
  maxHeaderBytes: 64 << 10,
  maxConnBufferBytes: 1 << 20,
  maxGlobalBufferBytes: 64 << 20,
  maxConnections: 100_000,
  idleTimeoutMs: 120_000,
  maxPendingRequests: 64,
  maxFragmentBytes: 8 << 20,
};

/** Shared by every layer of one decoder: counters (anomaly names of src/core/anomalies.ts and metrics). */
export interface DecodeContext {
  counters: Counters;
  limits: DecodeLimits;
}
