/**
 * Connections by 4-tuple, either direction. A lookup is on the hot path (once per segment), so
 * it avoids building a string: the canonical port pair is a small-integer Map key and the two
 * addresses are compared in the few entries sharing it. A port pair crowded by many addresses
 * (a scan from one source port, many clients behind one NAT port) would make that list long:
 * past BUCKET_MAX entries, further ones go to a map keyed by the full tuple string.
 */
import type { TcpSegment } from '../types.js';

const BUCKET_MAX = 8;

/** An entry of a TupleTable: its endpoints in canonical order (lower port, then lower address, first). */
export class TupleNode<T extends TupleNode<T>> {
  readonly loIp: string;
  readonly loPort: number;
  readonly hiIp: string;
  readonly hiPort: number;
  /** next entry with the same port pair (owned by the table) */
  bucketNext: T | null = null;
  /** key in the crowded map, when the entry lives there (owned by the table) */
  crowdedKey: string | null = null;

  constructor(seg: TcpSegment) {
    if (srcIsLo(seg)) {
      this.loIp = seg.srcIp;
      this.loPort = seg.srcPort;
      this.hiIp = seg.dstIp;
      this.hiPort = seg.dstPort;
    } else {
      this.loIp = seg.dstIp;
      this.loPort = seg.dstPort;
      this.hiIp = seg.srcIp;
      this.hiPort = seg.srcPort;
    }
  }
}

function srcIsLo(seg: TcpSegment): boolean {
  return seg.srcPort < seg.dstPort || (seg.srcPort === seg.dstPort && seg.srcIp <= seg.dstIp);
}

function tupleString(loIp: string, loPort: number, hiIp: string, hiPort: number): string {
  return loIp + ' ' + loPort + ' ' + hiIp + ' ' + hiPort;
}

export class TupleTable<T extends TupleNode<T>> {
  private readonly byPorts = new Map<number, T>();
  private readonly crowded = new Map<string, T>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The entry of the connection `seg` belongs to, whichever its direction. */
  get(seg: TcpSegment): T | undefined {
    let loIp: string, loPort: number, hiIp: string, hiPort: number;
    if (srcIsLo(seg)) {
      loIp = seg.srcIp;
      loPort = seg.srcPort;
      hiIp = seg.dstIp;
      hiPort = seg.dstPort;
    } else {
      loIp = seg.dstIp;
      loPort = seg.dstPort;
      hiIp = seg.srcIp;
      hiPort = seg.srcPort;
    }
    for (let e = this.byPorts.get((loPort << 16) | hiPort) ?? null; e !== null; e = e.bucketNext) {
      if (e.loPort === loPort && e.hiPort === hiPort && e.loIp === loIp && e.hiIp === hiIp) return e;
    }
    if (this.crowded.size === 0) return undefined;
    return this.crowded.get(tupleString(loIp, loPort, hiIp, hiPort));
  }

  /** Adds `node`, whose tuple must not be in the table. */
  add(node: T): void {
    this.count++;
    const key = (node.loPort << 16) | node.hiPort;
    const head = this.byPorts.get(key) ?? null;
    let n = 0;
    for (let e = head; e !== null; e = e.bucketNext) n++;
    if (n >= BUCKET_MAX) {
      node.crowdedKey = tupleString(node.loIp, node.loPort, node.hiIp, node.hiPort);
      this.crowded.set(node.crowdedKey, node);
      return;
    }
    node.bucketNext = head;
    this.byPorts.set(key, node);
  }

  /** Removes `node` if it is in the table. */
  delete(node: T): void {
    if (node.crowdedKey !== null) {
      if (this.crowded.get(node.crowdedKey) === node) {
        this.crowded.delete(node.crowdedKey);
        this.count--;
      }
      node.crowdedKey = null;
      return;
    }
    const key = (node.loPort << 16) | node.hiPort;
    let prev: T | null = null;
    for (let e = this.byPorts.get(key) ?? null; e !== null; e = e.bucketNext) {
      if (e === node) {
        if (prev !== null) prev.bucketNext = node.bucketNext;
        else if (node.bucketNext !== null) this.byPorts.set(key, node.bucketNext);
        else this.byPorts.delete(key);
        node.bucketNext = null;
        this.count--;
        return;
      }
      prev = e;
    }
  }
}
