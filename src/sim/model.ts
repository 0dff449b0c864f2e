/**
 * What the simulator is made of. An Actor (a customer's app session, a crawler, a stuffing tool)
 * is a generator that yields Steps (one HTTP exchange at an event time, on a connection) and
 * Spawns (a new actor from a point in time on). The engine merges all live actors in time
 * order, so memory holds only the sessions in flight, never the traffic.
 *
 * Times are integer microseconds since the epoch: pcap keeps µs, and the decoder's millisecond
 * timestamps (sec * 1000 + µs / 1000) are reproduced exactly from them.
 */
import type { Header, Peer } from '../core/exchange.js';
import type { AppName, Server } from './net.js';

export interface Req {
  method: string;
  /** origin form: path?query */
  url: string;
  headers: Header[];
  body?: string;
}

export interface Res {
  status: number;
  /** the application's headers (content-type, set-cookie, location…); the engine adds server, date and framing */
  headers: Header[];
  body?: string | Buffer;
  /** no body on the wire whatever the headers say (HEAD) */
  head?: boolean;
}

export interface Step {
  kind: 'exchange';
  /** µs: arrival of the request's first byte at the mirror port */
  t: number;
  conn: Conn;
  req: Req;
  res: Res;
  /** µs the server spent before answering */
  serverUs: number;
  /** the scenario instance this exchange belongs to (labels) */
  tag?: string;
  /** the connection is closed after this exchange (by the server when it answered `connection: close`) */
  close?: 'client' | 'server';
}

export interface Spawn {
  kind: 'spawn';
  t: number;
  actor: Actor;
}

export type Actor = Iterator<Step | Spawn, void, undefined>;

/** One TCP connection of a client to one of the bank's servers. */
export class Conn {
  /** µs of the SYN; -1 until the first exchange opens the connection */
  synUs = -1;
  /** index of the next exchange on this connection (part of the Exchange id) */
  index = 0;
  /** µs after which the connection is idle again (last response byte acknowledged) */
  busyUntil = 0;
  closed = false;
  /** initial sequence numbers (pcap) */
  readonly isnClient: number;
  readonly isnServer: number;
  /** bytes sent so far each way (pcap) */
  sentClient = 0;
  sentServer = 0;
  constructor(
    readonly client: Peer,
    readonly server: Server,
    readonly serverPeer: Peer,
    /** round-trip time to the client, µs */
    readonly rttUs: number,
    isn: number,
  ) {
    this.isnClient = isn >>> 0;
    this.isnServer = Math.imul(isn, 0x9e3779b1) >>> 0;
  }
}

/** What actors may ask of the simulation. */
export interface SimContext {
  readonly seed: number;
  readonly users: number;
  /** µs */
  readonly startUs: number;
  readonly endUs: number;
  /** a new connection from `ip` to an application's server */
  connect(ip: string, app: AppName, rttUs: number): Conn;
  /** close an open connection at `atUs` (not earlier than its last exchange) */
  close(conn: Conn, atUs: number, by: 'client' | 'server'): void;
}
