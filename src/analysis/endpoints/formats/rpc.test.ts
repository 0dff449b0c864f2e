import { describe, expect, it } from 'vitest';
import { grpcMethodFromPath, isGrpcType, isGrpcWebType } from './grpc.js';
import { jsonRpcFromJson, jsonRpcFromJsonPrefix } from './json-rpc.js';
import { formatByExtension, pathExtension } from './path-extension.js';

describe('JSON-RPC', () => {
  it('recognises 2.0, 1.1 and strict 1.0 calls', () => {
    expect(jsonRpcFromJson({ jsonrpc: '2.0', method: 'account.getBalance', params: { acct: '1' }, id: 7 })?.operation).toEqual({ name: 'account.getBalance' });
    expect(jsonRpcFromJson({ jsonrpc: '2.0', method: 'notify.ping' })?.operation).toEqual({ name: 'notify.ping' });
    expect(jsonRpcFromJson({ version: '1.1', method: 'echo', params: [] })?.format).toBe('json-rpc');
    expect(jsonRpcFromJson({ method: 'getinfo', params: [], id: 'curltest' })?.operation).toEqual({ name: 'getinfo' });
  });

  it('does not take REST bodies that merely have a method field', () => {
    expect(jsonRpcFromJson({ method: 'wechat', amount: 100, orderId: 'X1' })).toBeUndefined();
    expect(jsonRpcFromJson({ method: 'card', params: {}, id: 1, amount: 5 })).toBeUndefined();
    expect(jsonRpcFromJson({ jsonrpc: '2.0', method: 42 })).toBeUndefined();
    expect(jsonRpcFromJson({ jsonrpc: '2.0', result: 1, id: 1 })).toBeUndefined();
  });

  it('names a batch after its first call', () => {
    const info = jsonRpcFromJson([{ jsonrpc: '2.0', method: 'a', id: 1 }, { jsonrpc: '2.0', method: 'b', id: 2 }]);
    expect(info).toEqual({ format: 'json-rpc', operation: { name: 'a' }, reason: 'JSON-RPC batch', notes: ['jsonrpc.batch'] });
    expect(jsonRpcFromJson([])).toBeUndefined();
  });

  it('reads a cut-off 2.0 body from its head', () => {
    expect(jsonRpcFromJsonPrefix('{"jsonrpc":"2.0","method":"ledger.export","params":{"rows":[1,2,')?.operation).toEqual({ name: 'ledger.export' });
    expect(jsonRpcFromJsonPrefix('{"method":"x","params":[')).toBeUndefined();
  });
});

describe('gRPC', () => {
  it('tells gRPC from gRPC-Web by media type', () => {
    expect(isGrpcType('application/grpc')).toBe(true);
    expect(isGrpcType('application/grpc+proto')).toBe(true);
    expect(isGrpcType('application/grpc-web')).toBe(false);
    expect(isGrpcWebType('application/grpc-web-text+proto')).toBe(true);
    expect(isGrpcType('application/grpcx')).toBe(false);
  });

  it('names the method from the last two path segments', () => {
    expect(grpcMethodFromPath('/bank.v1.AccountService/GetBalance')).toBe('bank.v1.AccountService/GetBalance');
    expect(grpcMethodFromPath('/api/grpc/bank.v1.PaymentService/Transfer?x=1')).toBe('bank.v1.PaymentService/Transfer');
    expect(grpcMethodFromPath('/')).toBeUndefined();
    expect(grpcMethodFromPath('/only')).toBeUndefined();
    expect(grpcMethodFromPath('/svc/')).toBeUndefined();
  });
});

describe('path extensions', () => {
  it('reads the extension of the last segment only', () => {
    expect(pathExtension('/static/js/app.3f9a.js?v=2')).toBe('js');
    expect(pathExtension('/a/b.CSS')).toBe('css');
    expect(pathExtension('/app.js;jsessionid=ABC.node1')).toBe('js');
    expect(pathExtension('/res;v=2/site.css')).toBe('css');
    expect(pathExtension('/a.b/c#x.y')).toBe('');
    expect(pathExtension('/api/v1.2/users')).toBe('');
    expect(pathExtension('/api/users?file=x.pdf')).toBe('');
    expect(pathExtension('/trailing.')).toBe('');
    expect(pathExtension('')).toBe('');
  });

  it('maps extensions to static, html and file, and leaves dynamic pages alone', () => {
    expect(formatByExtension('woff2')).toBe('static');
    expect(formatByExtension('htm')).toBe('html');
    expect(formatByExtension('xlsx')).toBe('file');
    expect(formatByExtension('do')).toBeUndefined();
    expect(formatByExtension('json')).toBeUndefined();
  });
});
