/** Who is who in a TCP connection whose handshake was not captured: a guess at the client. */

/**
 * Ports that are servers in practice although they are above 1024. They matter when the client
 * port is low too (older Windows hands out 1025–5000).
 */
const SERVER_PORTS: ReadonlySet<number> = new Set([80, 443, 3128, 8000, 8008, 8080, 8081, 8443, 8888, 9443]);

const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']);

/** 1 when the payload opens like a request, -1 like a response, 0 when it says nothing. */
function payloadHint(payload: Buffer): number {
  // 'HTTP/' opens every HTTP/1 response
  if (payload.length >= 5 && payload[0] === 0x48 && payload[1] === 0x54 && payload[2] === 0x54 && payload[3] === 0x50 && payload[4] === 0x2f) return -1;
  const sp = payload.subarray(0, 8).indexOf(0x20);
  if (sp >= 3 && sp <= 7 && HTTP_METHODS.has(payload.toString('latin1', 0, sp))) return 1;
  return 0;
}

function serverRank(port: number): number {
  if (SERVER_PORTS.has(port)) return 2;
  return port < 1024 ? 1 : 0;
}

/**
 * For a connection first seen without its handshake: is the sender of `payload` the client?
 * An HTTP request or status line decides; otherwise the well-known port is the server's, and
 * when neither port is well known the lower one is.
 *
 *   srcIsClient(51234, 80, body) === true;  srcIsClient(8080, 1500, body) === false
 */
export function srcIsClient(srcPort: number, dstPort: number, payload: Buffer): boolean {
  const hint = payloadHint(payload);
  if (hint !== 0) return hint > 0;
  const rs = serverRank(srcPort);
  const rd = serverRank(dstPort);
  if (rs !== rd) return rd > rs;
  return dstPort <= srcPort;
}
