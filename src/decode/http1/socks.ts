/**
 * SOCKS 4/4a/5 handshakes in front of HTTP (a client talking to a SOCKS proxy): recognised from the
 * client's first bytes, parsed on both directions as they arrive (split anywhere), and stripped, so
 * that the HTTP that follows is decoded like any other. Only the CONNECT flow with no or
 * username/password authentication is understood; anything else (a refusal, another auth method,
 * bytes that are no handshake) ends in SOCKS_FAILED and the connection is not HTTP for us (a
 * connection whose first byte is 4 or 5 is no HTTP anyway).
 *
 *   const s = SocksHandshake.detect(firstClientBytes); // null: no SOCKS
 *   s.feed(0, bytes) // → SOCKS_PENDING (all consumed), SOCKS_FAILED, or the bytes after the handshake
 */

export const SOCKS_PENDING = 0;
export const SOCKS_FAILED = -1;

/** the longest handshake of one direction we wait for (greeting + 255-byte user and password + 255-byte domain) */
const MAX_HANDSHAKE = 1024;

/** more authentication methods than this offered in a greeting: no SOCKS client */
const MAX_METHODS = 32;

const INCOMPLETE = 0;
const INVALID = -1;

export class SocksHandshake {
  private readonly acc: [Buffer | null, Buffer | null] = [null, null];
  private readonly done = [false, false];

  private constructor(readonly version: number) {}

  /**
   * A SOCKS handshake starting with these first client bytes (the version byte, 4 or 5; no HTTP
   * message starts with a control byte), or null. The rest is checked as it arrives.
   */
  static detect(first: Buffer): SocksHandshake | null {
    return first[0] === 4 || first[0] === 5 ? new SocksHandshake(first[0]) : null;
  }

  /** both directions are past the handshake */
  get complete(): boolean {
    return this.done[0] && this.done[1];
  }

  /** Bytes of direction `dir` (0 = client): SOCKS_PENDING, SOCKS_FAILED, or what follows the handshake. */
  feed(dir: 0 | 1, data: Buffer): Buffer | typeof SOCKS_PENDING | typeof SOCKS_FAILED {
    if (this.done[dir]) return data;
    const prev = this.acc[dir];
    const buf = prev === null ? data : Buffer.concat([prev, data]);
    const end = dir === 0 ? (this.version === 4 ? client4(buf) : client5(buf)) : this.version === 4 ? server4(buf) : server5(buf);
    if (end === INVALID) return SOCKS_FAILED;
    if (end === INCOMPLETE) {
      if (buf.length > MAX_HANDSHAKE) return SOCKS_FAILED;
      this.acc[dir] = prev === null ? Buffer.from(buf) : buf;
      return SOCKS_PENDING;
    }
    this.acc[dir] = null;
    this.done[dir] = true;
    return buf.subarray(end);
  }
}

// Each parser returns the handshake's length, INCOMPLETE (0) or INVALID (-1).

/** VN=4 CD(1 connect, 2 bind) DSTPORT(2) DSTIP(4) USERID NUL [DOMAIN NUL when DSTIP is 0.0.0.x, x ≠ 0 (4a)] */
function client4(b: Buffer): number {
  if (b.length < 2) return INCOMPLETE;
  if (b[1] !== 1 && b[1] !== 2) return INVALID;
  if (b.length < 9) return INCOMPLETE;
  const user = b.indexOf(0, 8);
  if (user < 0) return INCOMPLETE;
  if (b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] !== 0) {
    const domain = b.indexOf(0, user + 1);
    return domain < 0 ? INCOMPLETE : domain + 1;
  }
  return user + 1;
}

/** VN=0 CD(90 granted; 91–93 refused) DSTPORT(2) DSTIP(4) */
function server4(b: Buffer): number {
  if (b.length < 2) return INCOMPLETE;
  if ((b[0] !== 0 && b[0] !== 4) || b[1] !== 0x5a) return INVALID;
  return b.length < 8 ? INCOMPLETE : 8;
}

/** greeting (5, n, n methods), then username/password (1, ulen, user, plen, pass) if sent, then the request */
function client5(b: Buffer): number {
  if (b.length < 2) return INCOMPLETE;
  if (b[1] < 1 || b[1] > MAX_METHODS) return INVALID;
  let p = 2 + b[1];
  if (b.length <= p) return INCOMPLETE;
  if (b[p] === 1) {
    // RFC 1929 username/password sub-negotiation
    if (b.length < p + 2) return INCOMPLETE;
    const plenAt = p + 2 + b[p + 1];
    if (b.length <= plenAt) return INCOMPLETE;
    p = plenAt + 1 + b[plenAt];
    if (b.length <= p) return INCOMPLETE;
  }
  if (b[p] !== 5) return INVALID;
  if (b.length < p + 4) return INCOMPLETE;
  if (b[p + 1] < 1 || b[p + 1] > 3 || b[p + 2] !== 0) return INVALID;
  return address5(b, p + 3);
}

/** method choice (5, m), then the sub-negotiation status (1, 0) when m = 2, then the reply */
function server5(b: Buffer): number {
  if (b.length < 2) return INCOMPLETE;
  if (b[0] !== 5) return INVALID;
  const method = b[1];
  if (method !== 0 && method !== 2) return INVALID; // 0xff: no acceptable method; GSSAPI and others: not understood
  let p = 2;
  if (method === 2) {
    if (b.length < p + 2) return INCOMPLETE;
    if (b[p] !== 1 || b[p + 1] !== 0) return INVALID; // authentication failed
    p += 2;
  }
  if (b.length < p + 4) return INCOMPLETE;
  if (b[p] !== 5 || b[p + 1] !== 0 || b[p + 2] !== 0) return INVALID; // refused
  return address5(b, p + 3);
}

/** ATYP (1 IPv4, 3 domain, 4 IPv6), the address, the port: the index after them */
function address5(b: Buffer, at: number): number {
  if (b.length <= at) return INCOMPLETE;
  const atyp = b[at];
  let end: number;
  if (atyp === 1) end = at + 1 + 4 + 2;
  else if (atyp === 4) end = at + 1 + 16 + 2;
  else if (atyp === 3) {
    if (b.length <= at + 1) return INCOMPLETE;
    end = at + 2 + b[at + 1] + 2;
  } else return INVALID;
  return b.length < end ? INCOMPLETE : end;
}
