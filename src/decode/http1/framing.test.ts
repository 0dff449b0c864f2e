import { describe, expect, it } from 'vitest';
import type { Header } from '../../core/exchange.js';
import {
  CHUNK_BAD,
  CHUNK_BLANK,
  chunkSizeLooseStart,
  chunkSizePrefixOk,
  framingOf,
  isChunkedLast,
  looseHeaderName,
  mentionsChunked,
  parseChunkSize,
  parseChunkSizeLoose,
  parseContentLength,
  type Framing,
} from './framing.js';

describe('framingOf', () => {
  const base: Framing = { contentLength: -1, badContentLength: false, multipleContentLength: false, transferEncoding: null, chunked: false, hasHost: false, expectContinue: false };
  it.each<[string, Header[], Partial<Framing>]>([
    ['nothing', [], {}],
    ['Content-Length', [['content-length', '12']], { contentLength: 12 }],
    ['equal repeats', [['content-length', '12'], ['content-length', '12, 12']], { contentLength: 12 }],
    ['differing repeats: the first', [['content-length', '12'], ['content-length', '13']], { contentLength: 12, multipleContentLength: true }],
    ['differing list', [['content-length', '5, 6']], { contentLength: 5, multipleContentLength: true }],
    ['not a number', [['content-length', '-1']], { badContentLength: true }],
    ['chunked last', [['transfer-encoding', 'gzip'], ['transfer-encoding', 'Chunked']], { transferEncoding: 'gzip,Chunked', chunked: true }],
    ['chunked not last', [['transfer-encoding', 'chunked, gzip']], { transferEncoding: 'chunked, gzip' }],
    ['host and expect', [['host', 'h'], ['expect', '100-Continue']], { hasHost: true, expectContinue: true }],
  ])('%s', (_n, headers, want) => {
    expect(framingOf(headers)).toEqual({ ...base, ...want });
  });

  it('parseContentLength and isChunkedLast', () => {
    expect([parseContentLength('0'), parseContentLength(' 42 '), parseContentLength('4 2'), parseContentLength('+1'), parseContentLength('')]).toEqual([0, 42, -1, -1, -1]);
    expect([isChunkedLast('\0chunked'), isChunkedLast('chunked\r '), isChunkedLast('chunked,'), isChunkedLast('xchunked')]).toEqual([true, true, true, false]);
  });
});

describe('chunk-size lines', () => {
  const size = (s: string) => parseChunkSize(Buffer.from(s, 'latin1'), 0, s.length);
  it.each([
    ['a', 10],
    ['A', 10],
    ['1F', 31],
    ['  1f  ', 31],
    ['\r1f', 31],
    ['4;name=value', 4],
    ['4 ; ext', 4],
    ['4\r', 4],
    ['0', 0],
    ['', CHUNK_BLANK],
    ['  \r', CHUNK_BLANK],
    ['0x1A', CHUNK_BAD],
    ['g', CHUNK_BAD],
    ['-1', CHUNK_BAD],
    ['4 x', CHUNK_BAD],
    ['80000000', CHUNK_BAD],
    ['7fffffff', 0x7fffffff],
  ])('%j', (line, want) => {
    expect(size(line)).toBe(want);
  });

  it('tells early when bytes cannot begin a size line', () => {
    const ok = (s: string) => chunkSizePrefixOk(Buffer.from(s), 0, s.length);
    expect([ok(''), ok('  '), ok('1f'), ok('1f '), ok('1f;e'), ok('X5O!'), ok('1fz'), ok('123456789')]).toEqual([true, true, true, true, true, false, false, false]);
  });
});

describe('lenient readings (what browsers accept)', () => {
  it('Content-Length with any number of leading zeros', () => {
    expect([parseContentLength('00000000000000000000000000000050'), parseContentLength('0'), parseContentLength('007, 7'), parseContentLength('0000000000000001234567890123456')]).toEqual([50, 0, 7, -1]);
  });

  it.each([
    ['content-length', 'content-length'],
    ['transfer\0-encoding', 'transfer-encoding'],
    ['Content-Encoding\v', 'content-encoding'],
    ['content-encoding\f', 'content-encoding'],
    ['\0 host', 'host'],
  ])('looseHeaderName(%j)', (name, want) => {
    expect(looseHeaderName(name)).toBe(want);
  });

  it('framingOf matches names leniently only when asked (a block with bad names)', () => {
    const h: Header[] = [['transfer\0-encoding', 'chunked'], ['content-length\v', '5']];
    expect([framingOf(h).chunked, framingOf(h).contentLength]).toEqual([false, -1]);
    expect([framingOf(h, true).chunked, framingOf(h, true).contentLength]).toEqual([true, 5]);
  });

  it.each([
    ['chunked', true],
    ['xchunked', true],
    ['chunked, lalala', true],
    ['Chunked x', true],
    ['chun\0ked', true],
    ['\u00a0chunked', true],
    ['gzip', false],
    ['chunk', false],
  ])('mentionsChunked(%j)', (te, want) => {
    expect(mentionsChunked(te)).toBe(want);
  });

  const loose = (s: string) => parseChunkSizeLoose(Buffer.from(s, 'latin1'), 0, s.length);
  it.each([
    ['fx', 15],
    ['f,', 15],
    ['f\0', 15],
    ['f\v', 15],
    ['f x', 15],
    ['0x1A', 26],
    ['  8;x', 8],
    ['0', 0],
    ['x5', CHUNK_BAD],
    ['', CHUNK_BAD],
    ['ffffffffff', CHUNK_BAD],
  ])('parseChunkSizeLoose(%j)', (line, want) => {
    expect(loose(line)).toBe(want);
  });

  it('chunkSizeLooseStart: may a line end still make these bytes a size line?', () => {
    const start = (s: string) => chunkSizeLooseStart(Buffer.from(s), 0, s.length);
    expect([start(''), start('  '), start('f'), start('fx'), start('X5O!'), start(';')]).toEqual([true, true, true, true, false, false]);
  });
});
