import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { classifyFormat, FormatClassifier } from './index.js';
import { exchange, postJson } from './test-helpers.js';

const JSON_RES = { headers: [['content-type', 'application/json;charset=UTF-8']] as [string, string][], body: '{"code":0}' };

describe('classifyFormat: REST and web', () => {
  it('plain JSON REST, with and without a body', () => {
    expect(classifyFormat(postJson('/api/v1/transfer', { toAccount: '6222', amount: 1, method: 'wechat' }))).toEqual({ format: 'rest', reason: 'JSON request body' });
    expect(classifyFormat(exchange({ method: 'GET', url: '/api/v1/accounts/1' }, JSON_RES))).toEqual({ format: 'rest', reason: 'JSON response' });
    expect(classifyFormat(exchange({ method: 'DELETE', url: '/api/v1/cards/9' }))).toEqual({ format: 'rest', reason: 'request without body' });
  });

  it('form and multipart requests', () => {
    const form = exchange({ url: '/login.do', headers: [['content-type', 'application/x-www-form-urlencoded; charset=UTF-8']], body: 'username=zhang&password=x' }, { headers: [['content-type', 'text/html']] });
    expect(classifyFormat(form).format).toBe('form');
    const up = exchange({ url: '/api/kyc/id-card', headers: [['content-type', 'multipart/form-data; boundary=X']], body: '--X\r\nContent-Disposition: form-data; name="front"; filename="a.jpg"\r\n\r\n\xff\r\n--X--' });
    expect(classifyFormat(up)).toEqual({ format: 'multipart', reason: 'content-type multipart/form-data' });
  });

  it('JSON sent under a form or text/plain content type is still JSON', () => {
    const ex = exchange({ url: '/rpc', headers: [['content-type', 'application/x-www-form-urlencoded']], body: '{"jsonrpc":"2.0","method":"getTxn","id":1}' });
    expect(classifyFormat(ex).format).toBe('json-rpc');
    expect(classifyFormat(exchange({ url: '/x', headers: [['content-type', 'text/plain']], body: ' {"a":1}' })).format).toBe('rest');
  });

  it('downloads and binary uploads', () => {
    const statement = postJson('/api/statement/export', { month: '2024-04' });
    statement.response = { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/vnd.ms-excel'], ['content-disposition', 'attachment; filename="stmt.xls"']] };
    expect(classifyFormat(statement)).toEqual({ format: 'file', reason: 'response content-disposition attachment' });
    const pdf = exchange({ method: 'GET', url: '/api/receipts/77' }, { headers: [['content-type', 'application/pdf']] });
    expect(classifyFormat(pdf).format).toBe('file');
    const put = exchange({ method: 'PUT', url: '/upload/abc', headers: [['content-type', 'application/octet-stream']], body: Buffer.from([0, 1, 2, 0xff]) });
    expect(classifyFormat(put).format).toBe('file');
    expect(classifyFormat(exchange({ method: 'GET', url: '/files/report.PDF?sig=1' })).format).toBe('file');
  });

  it('static assets by extension, by response type, and by browser hint', () => {
    expect(classifyFormat(exchange({ method: 'GET', url: '/static/js/main.8e3f.js' }, { status: 404 })).format).toBe('static');
    expect(classifyFormat(exchange({ method: 'GET', url: '/favicon.ico' })).format).toBe('static');
    expect(classifyFormat(exchange({ method: 'GET', url: '/img/logo' }, { headers: [['content-type', 'image/png']] })).format).toBe('static');
    expect(classifyFormat(exchange({ method: 'GET', url: '/fonts/x', headers: [['sec-fetch-dest', 'font']] }, { status: 304 })).format).toBe('static');
  });

  it('html pages, but not error pages of APIs', () => {
    expect(classifyFormat(exchange({ method: 'GET', url: '/' }, { headers: [['content-type', 'text/html; charset=utf-8']] })).format).toBe('html');
    expect(classifyFormat(exchange({ method: 'GET', url: '/index.html' })).format).toBe('html');
    expect(classifyFormat(exchange({ method: 'GET', url: '/api/v1/users/1' }, { status: 502, headers: [['content-type', 'text/html']] })).format).toBe('rest');
    expect(classifyFormat(exchange({ method: 'GET', url: '/portal', headers: [['accept', 'text/html,application/xhtml+xml']] })).format).toBe('html');
  });

  it('websockets by upgrade header or 101, but not other upgrades', () => {
    expect(classifyFormat(exchange({ method: 'GET', url: '/ws/quotes', headers: [['upgrade', 'WebSocket'], ['connection', 'Upgrade']] }))).toEqual({ format: 'websocket', reason: 'upgrade websocket' });
    expect(classifyFormat(exchange({ method: 'GET', url: '/socket' }, { status: 101 })).format).toBe('websocket');
    expect(classifyFormat(exchange({ method: 'GET', url: '/', headers: [['upgrade', 'h2c']] }, { status: 101, headers: [['upgrade', 'h2c']] }))).toEqual({ format: 'other', reason: 'upgrade to h2c' });
  });

  it('other: no request, junk method, CONNECT', () => {
    expect(classifyFormat(exchange({ method: '', url: '' }, { status: 200 }))).toEqual({ format: 'other', reason: 'no request seen' });
    expect(classifyFormat(exchange({ method: 'G E T', url: '/' })).format).toBe('other');
    expect(classifyFormat(exchange({ method: 'CONNECT', url: 'bank.example:443' })).format).toBe('other');
  });
});

describe('classifyFormat: RPC styles', () => {
  it('GraphQL over POST JSON, GET and application/graphql', () => {
    expect(classifyFormat(postJson('/graphql', { query: 'query GetAccount { account { id } }' }))).toMatchObject({ format: 'graphql', operation: { type: 'query', name: 'GetAccount' } });
    const get = exchange({ method: 'GET', url: `/graphql?query=${encodeURIComponent('{ branches { id } }')}` });
    expect(classifyFormat(get)).toMatchObject({ format: 'graphql', operation: { type: 'query', name: 'branches' } });
    const raw = exchange({ url: '/gql', headers: [['content-type', 'application/graphql']], body: 'mutation { freezeCard(id: 1) { ok } }' });
    expect(classifyFormat(raw)).toMatchObject({ format: 'graphql', operation: { type: 'mutation', name: 'freezeCard' } });
  });

  it('a REST search body with a query field stays REST', () => {
    expect(classifyFormat(postJson('/api/search', { query: 'savings', page: 1 })).format).toBe('rest');
  });

  it('SOAP 1.1 and 1.2 by headers; XML-RPC; plain XML', () => {
    const env = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><q:QueryBalance xmlns:q="urn:q"/></soapenv:Body></soapenv:Envelope>';
    const s11 = exchange({ url: '/ws/AccountService', headers: [['content-type', 'text/xml; charset=utf-8'], ['soapaction', '"urn:bank#GetBalance"']], body: env });
    expect(classifyFormat(s11)).toEqual({ format: 'soap', operation: { name: 'GetBalance' }, reason: 'SOAPAction header' });
    const s12 = exchange({ url: '/ws', headers: [['content-type', 'application/soap+xml;charset=UTF-8']], body: env });
    expect(classifyFormat(s12)).toMatchObject({ format: 'soap', operation: { name: 'QueryBalance' } });
    const xmlrpc = exchange({ url: '/RPC2', headers: [['content-type', 'text/xml']], body: '<methodCall><methodName>sys.ping</methodName></methodCall>' });
    expect(classifyFormat(xmlrpc)).toMatchObject({ format: 'xml-rpc', operation: { name: 'sys.ping' } });
    expect(classifyFormat(exchange({ url: '/notify', headers: [['content-type', 'application/xml']], body: '<xml><return_code>SUCCESS</return_code></xml>' })).format).toBe('xml');
  });

  it('SOAP with attachments (MTOM) takes the envelope inside the first part', () => {
    const ct = 'multipart/related; type="application/xop+xml"; start="<rootpart@bank>"; start-info="text/xml"; boundary="uuid:1"';
    const body = '--uuid:1\r\nContent-Type: application/xop+xml; type="text/xml"\r\nContent-ID: <rootpart@bank>\r\n\r\n<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:UploadContract xmlns:ns2="urn:c"/></S:Body></S:Envelope>\r\n--uuid:1--';
    expect(classifyFormat(exchange({ url: '/ws/contract', headers: [['content-type', ct], ['soapaction', '""']], body }))).toMatchObject({ format: 'soap', operation: { name: 'UploadContract' } });
  });

  it('JSON-RPC and gRPC', () => {
    expect(classifyFormat(postJson('/jsonrpc', [{ jsonrpc: '2.0', method: 'quote.get', id: 1 }]))).toMatchObject({ format: 'json-rpc', operation: { name: 'quote.get' }, notes: ['jsonrpc.batch'] });
    const frame = Buffer.from([0, 0, 0, 0, 5, 0x0a, 0x03, 0x31, 0x32, 0x33]);
    const grpc = exchange({ url: '/bank.v1.AccountService/GetBalance', headers: [['content-type', 'application/grpc+proto'], ['te', 'trailers']], body: frame });
    expect(classifyFormat(grpc)).toEqual({ format: 'grpc', operation: { name: 'bank.v1.AccountService/GetBalance' }, reason: 'content-type application/grpc+proto' });
    const web = exchange({ url: '/bank.v1.CardService/ListCards', headers: [['content-type', 'application/grpc-web-text']], body: Buffer.from([1, 0, 0, 0, 0]).toString('base64') });
    expect(classifyFormat(web)).toMatchObject({ format: 'grpc-web', operation: { name: 'bank.v1.CardService/ListCards' }, notes: ['grpc.compressed'] });
  });
});

describe('classifyFormat: hostile and odd input', () => {
  it('huge GraphQL query text is not parsed but still named', () => {
    const query = `query Export { rows ${'{ a '.repeat(10)}${' b'.repeat(40_000)}${'} '.repeat(10)} }`;
    const info = classifyFormat(postJson('/graphql', { query, operationName: 'Export' }));
    expect(info).toMatchObject({ format: 'graphql', operation: { type: 'query', name: 'Export' } });
    expect(info.notes).toContain('graphql.unparsed');
  });

  it('deeply nested GraphQL is declined before the parser and flagged', () => {
    const query = `query Deep { ${'friends { '.repeat(500)}id${' }'.repeat(500)} }`;
    const info = classifyFormat(postJson('/graphql', { query }));
    expect(info).toMatchObject({ format: 'graphql', operation: { type: 'query', name: 'Deep' } });
    expect(info.notes).toEqual(expect.arrayContaining(['graphql.unparsed', 'graphql.deep']));
  });

  it('malformed GraphQL and malformed JSON bodies', () => {
    expect(classifyFormat(postJson('/graphql', { query: '{ account(id: 1 { id }' })).notes).toEqual(['graphql.parse_error']);
    const cut = exchange({ url: '/graphql', headers: [['content-type', 'application/json']], body: '{"query":"mutation Pay($a: Int) { pay(amount: $a) { id', truncated: true });
    expect(classifyFormat(cut)).toMatchObject({ format: 'graphql', operation: { type: 'mutation', name: 'Pay' }, notes: ['graphql.unparsed'] });
    expect(classifyFormat(postJson('/api/x', '{"query": ')).format).toBe('rest');
  });

  it('JSON bodies over the parse limit are read from their head', () => {
    const small = new FormatClassifier({ maxJsonChars: 100 });
    const ex = postJson('/rpc', { jsonrpc: '2.0', method: 'bulk.import', params: { rows: 'x'.repeat(500) }, id: 1 });
    expect(small.classify(ex)).toMatchObject({ format: 'json-rpc', operation: { name: 'bulk.import' }, notes: ['jsonrpc.unparsed'] });
  });

  it('malformed XML does not throw and falls back sensibly', () => {
    const bad = exchange({ url: '/ws', headers: [['content-type', 'text/xml'], ['soapaction', '']], body: '<soap:Envelope><soap:Body><<<>>><' });
    expect(classifyFormat(bad)).toMatchObject({ format: 'soap', reason: 'SOAPAction header' });
    expect(classifyFormat(exchange({ url: '/x', headers: [['content-type', 'text/xml']], body: '<<<<' })).format).toBe('xml');
  });

  it('base64 bodies: GBK SOAP, UTF-16 XML, binary without a content type', () => {
    const gbk = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GBK"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><TransferReq><Name>'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from('</Name></TransferReq></soap:Body></soap:Envelope>')]);
    expect(classifyFormat(exchange({ url: '/ws', headers: [['content-type', 'text/xml;charset=GBK']], body: gbk }))).toMatchObject({ format: 'soap', operation: { name: 'TransferReq' } });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<methodCall><methodName>m.x</methodName></methodCall>', 'utf16le')]);
    expect(classifyFormat(exchange({ url: '/RPC2', headers: [['content-type', 'text/xml']], body: utf16 }))).toMatchObject({ format: 'xml-rpc', operation: { name: 'm.x' } });
    expect(classifyFormat(exchange({ url: '/up', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]) })).format).toBe('file');
    const gbkJson = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","method":"cust.query","params":{"name":"'), Buffer.from([0xd5, 0xc5]), Buffer.from('"},"id":1}')]);
    expect(classifyFormat(exchange({ url: '/rpc', headers: [['content-type', 'application/json']], body: gbkJson })).operation).toEqual({ name: 'cust.query' });
  });

  it('missing response, missing content type, duplicated and odd headers', () => {
    expect(classifyFormat(exchange({ url: '/api/login', body: '{"u":"a"}' })).format).toBe('rest');
    expect(classifyFormat(exchange({ url: '/x', headers: [['content-type', ''], ['content-type', 'text/xml']], body: '<a/>' })).format).toBe('xml');
    expect(classifyFormat(exchange({ url: '/x', headers: [['content-type', 'APPLICATION/GRPC']], body: '' })).format).toBe('grpc');
    expect(classifyFormat(exchange({ url: '/x', headers: [['content-type', '\u0000;;;=="']], body: 'hello' })).format).toBe('rest');
  });

  it('never throws on random exchanges', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['{', '[', '<', '"query"', ':', '"', 'query', 'mutation', '{ a', '}', '"method"', '"jsonrpc":"2.0"', 'Envelope', 'Body', '>', '/', '\\', 'methodCall', '#', '\u0000', '😀', ' '];
    const cts = ['application/json', 'text/xml', 'application/soap+xml; action=', 'application/graphql', 'multipart/form-data; boundary=', 'multipart/related; start-info=soap', '', 'text/plain', 'application/grpc-web-text'];
    for (let k = 0; k < 3000; k++) {
      let body = '';
      for (let j = rnd(40); j > 0; j--) body += pieces[rnd(pieces.length)];
      const ex: Exchange = exchange(
        { method: ['GET', 'POST', '', 'PUT'][rnd(4)], url: ['/graphql?query=' + encodeURIComponent(body), '/a.js', '/', '/s/M'][rnd(4)], headers: [['content-type', cts[rnd(cts.length)]], ['soapaction', body.slice(0, 10)]], body, truncated: rnd(2) === 0 },
        rnd(2) ? { status: [101, 200, 404][rnd(3)], headers: [['content-type', cts[rnd(cts.length)]]], body } : undefined,
      );
      expect(() => classifyFormat(ex)).not.toThrow();
    }
  });
});
