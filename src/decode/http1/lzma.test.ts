import { describe, expect, it } from 'vitest';
import { isLzmaAlone, lzmaDecode } from './lzma.js';

// LZMA-alone streams (props 0x5d, 8 MiB dictionary, size unknown, end marker), made once with
// Python's lzma module (FORMAT_ALONE) and pasted here
const HELLO = Buffer.from('5d00008000ffffffffffffffff00341949ee8def8c873201b0b9beaf9a56bcdfffffb7de0000', 'hex');
const HELLO_TEXT = 'hello, hello, hello world';
/** `{"id":1,"name":"alpha"},` × 40: long matches and repeated distances */
const JSON40 = Buffer.from(
  '5d00008000ffffffffffffffff003d888926819353b1e635cec50fd8c8db83ba98d51286b3efb54d810c0149db27249bdc2ffffff999d000',
  'hex',
);
const JSON40_TEXT = '{"id":1,"name":"alpha"},'.repeat(40);

/** the same stream with its size declared in the header */
function withSize(stream: Buffer, size: number): Buffer {
  const b = Buffer.from(stream);
  b.writeUInt32LE(size, 5);
  b.writeUInt32LE(0, 9);
  return b;
}

describe('lzmaDecode', () => {
  it.each<[string, Buffer, string]>([
    ['literals and a repeated match', HELLO, HELLO_TEXT],
    ['long matches, rep distances', JSON40, JSON40_TEXT],
    ['declared size, end marker after it', withSize(JSON40, JSON40_TEXT.length), JSON40_TEXT],
  ])('%s', (_name, stream, text) => {
    const r = lzmaDecode(stream, 1 << 20)!;
    expect([r.data.toString(), r.truncated, r.complete]).toEqual([text, false, true]);
  });

  it('a stream cut short yields its decoded prefix, not complete', () => {
    const r = lzmaDecode(JSON40.subarray(0, JSON40.length - 12), 1 << 20)!;
    expect(r.complete).toBe(false);
    expect(r.data.length).toBeGreaterThan(0);
    expect(JSON40_TEXT.startsWith(r.data.toString())).toBe(true);
  });

  it('stops at the cap', () => {
    const r = lzmaDecode(JSON40, 100)!;
    expect([r.data.toString(), r.truncated, r.complete]).toEqual([JSON40_TEXT.slice(0, 100), true, false]);
  });

  it('stops at a declared size shorter than the stream', () => {
    const r = lzmaDecode(withSize(JSON40, 50), 1 << 20)!;
    expect([r.data.toString(), r.complete]).toEqual([JSON40_TEXT.slice(0, 50), false]);
  });

  it('never throws on corrupt input', () => {
    const bad = Buffer.from(JSON40);
    for (let i = 14; i < bad.length; i += 3) bad[i] ^= 0x5a;
    const r = lzmaDecode(bad, 1 << 20)!;
    expect(r.complete).toBe(false);
  });

  it('knows what is no LZMA-alone header', () => {
    expect([isLzmaAlone(HELLO), isLzmaAlone(Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR')), isLzmaAlone(Buffer.alloc(10))]).toEqual([true, false, false]);
    expect(lzmaDecode(Buffer.from('not lzma at all, plain text'), 1 << 20)).toBeNull();
  });
});
