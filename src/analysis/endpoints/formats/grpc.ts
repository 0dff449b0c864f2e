/**
 * gRPC and gRPC-Web: the content type says which, the path names the method
 * (`/bank.v1.AccountService/GetBalance`; gateways may put a prefix before it, so the last two
 * segments are taken). The first frame's flag byte tells a compressed message, which the
 * protobuf-reading stages cannot look into.
 */
import type { FormatInfo } from '../../../core/endpoint.js';
import type { HttpMessage } from '../../../core/exchange.js';

/** `application/grpc`, `application/grpc+proto`, `application/grpc+json` … */
export function isGrpcType(e: string): boolean {
  return e === 'application/grpc' || e.startsWith('application/grpc+');
}

/** `application/grpc-web`, `application/grpc-web+proto`, `application/grpc-web-text` … */
export function isGrpcWebType(e: string): boolean {
  return e.startsWith('application/grpc-web');
}

/** `package.Service/Method` from the request path, or undefined when the path does not have that shape. */
export function grpcMethodFromPath(url: string): string | undefined {
  let end = url.length;
  const q = url.indexOf('?');
  if (q >= 0) end = q;
  const path = url.slice(0, end);
  const slash = path.lastIndexOf('/');
  if (slash <= 0 || slash === path.length - 1) return undefined;
  const prev = path.lastIndexOf('/', slash - 1);
  const service = path.slice(prev + 1, slash);
  return service ? `${service}/${path.slice(slash + 1)}` : undefined;
}

export function classifyGrpc(format: 'grpc' | 'grpc-web', essence: string, url: string, req: HttpMessage): FormatInfo {
  const info: FormatInfo = { format, reason: `content-type ${essence}` };
  const name = grpcMethodFromPath(url);
  if (name) info.operation = { name };
  if (firstFrameCompressed(req, essence.includes('-text'))) info.notes = ['grpc.compressed'];
  return info;
}

/** Flag byte of the first length-prefixed message: 1 = compressed. grpc-web-text bodies are base64 text. */
function firstFrameCompressed(m: HttpMessage, textMode: boolean): boolean {
  const body = m.body;
  if (!body) return false;
  let first: number | undefined;
  if (m.bodyEncoding === 'base64' || textMode) first = Buffer.from(body.slice(0, 8), 'base64')[0];
  else first = body.charCodeAt(0);
  return first === 1;
}
