import { describe, expect, it } from 'vitest';
import type { Header } from '../../core/exchange.js';
import { HEAD_BAD_HEADER, HEAD_FOLDING, headText, parseHeaderBlock, parseRequestLine, parseStatusLine } from './head.js';

describe('parseRequestLine', () => {
  const valid: [string, boolean, [string, string, string, boolean, boolean]][] = [
    ['GET /a?b=1 HTTP/1.1', false, ['GET', '/a?b=1', '1.1', false, false]],
    ['POST  http://h:8080/x   HTTP/1.0', false, ['POST', 'http://h:8080/x', '1.0', false, false]],
    ['get / HTTP/1.1', false, ['get', '/', '1.1', false, false]],
    ['CONNECT bank.example:443 HTTP/1.1', false, ['CONNECT', 'bank.example:443', '1.1', false, false]],
    ['OPTIONS * HTTP/1.1', false, ['OPTIONS', '*', '1.1', false, false]],
    [' GET /p HTTP/1.0', false, ['GET', '/p', '1.0', false, false]],
    ['GET /a b HTTP/1.1', false, ['GET', '/a b', '1.1', false, false]],
    ['GET / JUNK/1.0', false, ['GET', '/', 'JUNK/1.0', false, true]],
    ['GET /path', false, ['GET', '/path', '0.9', true, false]],
    ['GET', true, ['GET', '', '0.9', true, false]],
    ['HELLO', true, ['HELLO', '', '0.9', true, false]],
    ['PRI * HTTP/2.0', false, ['PRI', '*', '2.0', false, false]],
  ];
  it.each(valid)('%j', (line, relaxed, [method, url, version, http09, bad]) => {
    expect(parseRequestLine(line, relaxed)).toEqual({ method, url, version, http09, bad });
  });

  const junk: [string, boolean][] = [
    ['login=foo&password=bar', true],
    ['HELLO', false],
    ['EHLO mail.example.com', false],
    ['{"a": 1} x HTTP/1.1', false],
    ['', true],
    ['get /path', false],
  ];
  it.each(junk)('junk %j', (line, relaxed) => {
    expect(parseRequestLine(line, relaxed)).toBeNull();
  });
});

describe('parseStatusLine', () => {
  it.each([
    ['HTTP/1.1 200 OK', { version: '1.1', status: 200, reason: 'OK', bad: false }],
    ['HTTP/1.0 404', { version: '1.0', status: 404, reason: '', bad: false }],
    ['HTTP/1.1  301  Moved Permanently ', { version: '1.1', status: 301, reason: 'Moved Permanently', bad: false }],
    ['http/1.1 200 ok', { version: '1.1', status: 200, reason: 'ok', bad: false }],
    ['HTTP/1.1 200ok', { version: '1.1', status: 200, reason: 'ok', bad: false }],
    ['HTTP/1.1 abc', { version: '1.1', status: 0, reason: 'abc', bad: true }],
    ['HTTP/x 200 OK', { version: 'x', status: 200, reason: 'OK', bad: true }],
  ])('%j', (line, want) => {
    expect(parseStatusLine(line)).toEqual(want);
  });
});

describe('parseHeaderBlock', () => {
  const cases: [string, string, Header[], number][] = [
    ['plain CRLF', 'Host: h\r\nAccept: */*\r\n', [['host', 'h'], ['accept', '*/*']], 0],
    ['bare LF, duplicates kept in order', 'A: 1\nB: 2\na: 3\n', [['a', '1'], ['b', '2'], ['a', '3']], 0],
    ['no trailing line break', 'A: 1', [['a', '1']], 0],
    ['empty value, no space after colon', 'A:\r\nB:x\r\n', [['a', ''], ['b', 'x']], 0],
    ['whitespace before the colon', 'Host : h\r\n', [['host', 'h']], 0],
    ['obs-fold joins with one space', 'Server: Apache\r\n  Server\r\n\tX\r\n', [['server', 'Apache Server X']], HEAD_FOLDING],
    ['indented name: value is its own header', 'X-Foo: bar\r\n Transfer-Encoding: chunked\r\n', [['x-foo', 'bar'], ['transfer-encoding', 'chunked']], HEAD_FOLDING],
    ['folding that completes a name', 'Transfer-Encoding\r\n \r\n :\r\n chunked\r\n', [['transfer-encoding', 'chunked']], HEAD_FOLDING | HEAD_BAD_HEADER],
    ['fold on the first line', ' Invalid-Folding: 1\r\n', [['invalid-folding', '1']], HEAD_FOLDING],
    ['no colon', 'No Colon\r\n', [['', 'No Colon']], HEAD_BAD_HEADER],
    ['empty name', ': 8\r\n', [['', '8']], HEAD_BAD_HEADER],
    ['not a token', 'Header@Name: v\r\nInvalid Header Name: 4\r\n', [['header@name', 'v'], ['invalid header name', '4']], HEAD_BAD_HEADER],
    ['vertical tab stays in the name', 'Content-Encoding\v:gzip\r\n', [['content-encoding\v', 'gzip']], HEAD_BAD_HEADER],
    ['NUL kept in values', 'X: a\0b\r\n', [['x', 'a\0b']], 0],
    ['bare CR splits lines', 'A: 1\rB: 2\r\n', [['a', '1'], ['b', '2']], 0],
    ['bare CR before space is whitespace', 'Transfer-Encoding\r :chunked\r\n', [['transfer-encoding', 'chunked']], 0],
    ['lone CRs are ignored', '\r\rTE: x\r\n', [['te', 'x']], 0],
  ];
  it.each(cases)('%s', (_name, text, want, flags) => {
    const out: Header[] = [];
    expect(parseHeaderBlock(text, out)).toBe(flags);
    expect(out).toEqual(want);
  });
});

describe('headText', () => {
  it('decodes UTF-8 as UTF-8 and anything else byte for byte', () => {
    expect(headText(Buffer.from('X: 张三'), 0, Buffer.byteLength('X: 张三'))).toBe('X: 张三');
    expect(headText(Buffer.from([0x41, 0xe9, 0x42]), 0, 3)).toBe('A\u00e9B');
    expect(headText(Buffer.from('abc'), 1, 1)).toBe('');
  });
});

describe('lenient start lines and folding', () => {
  it.each<[string, [string, string, string, boolean, boolean]]>([
    ['GET HTTP/1.1', ['GET', '', '1.1', false, true]], // the target is missing
    ['OPTIONS HTTP/1.0', ['OPTIONS', '', '1.0', false, true]],
    ['CCM_POST /HTTP/1.1', ['CCM_POST', '/HTTP/1.1', '0.9', true, false]], // a space lost: no version
    ['M-SEARCH *', ['M-SEARCH', '*', '0.9', true, false]],
  ])('request line %j', (line, [method, url, version, http09, bad]) => {
    expect(parseRequestLine(line, false)).toEqual({ method, url, version, http09, bad });
  });

  it.each(['get HTTP/1.1', '_X /a', 'GET FTP/1.0'])('junk %j', (line) => {
    expect(parseRequestLine(line, false)).toBeNull();
  });

  it('a status code has exactly three digits', () => {
    expect(parseStatusLine('HTTP/1.1 2040 ok')).toEqual({ version: '1.1', status: 0, reason: '2040 ok', bad: true });
    expect(parseStatusLine('HTTP/1.1 204 ok')).toEqual({ version: '1.1', status: 204, reason: 'ok', bad: false });
  });

  it.each<[string, string, Header[]]>([
    ['after a bare LF', 'Transfer-Encoding:\n\0chunked\r\nY: foo\r\n', [['transfer-encoding', '\0chunked'], ['y', 'foo']]],
    ['after CRLF', 'Content-Encoding:\r\n\0gzip\r\n', [['content-encoding', '\0gzip']]],
  ])('a line starting with NUL continues the previous header (%s)', (_n, text, want) => {
    const out: Header[] = [];
    expect(parseHeaderBlock(text, out)).toBe(HEAD_FOLDING);
    expect(out).toEqual(want);
  });
});
