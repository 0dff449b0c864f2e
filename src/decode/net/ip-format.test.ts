import { describe, expect, it } from 'vitest';
import { ipv4Bytes, ipv6Bytes } from './craft.js';
import { formatIPv4, formatIPv6 } from './ip-format.js';

describe('formatIPv6 (RFC 5952 canonical text)', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first of two equal runs
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'], // the longest run, not the first
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not shortened
    ['2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:1', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['0:0:1:0:0:0:0:2', '0:0:1::2'],
    ['1:0:0:2:0:0:0:0', '1:0:0:2::'],
    ['ff02:0:0:0:0:0:1:2', 'ff02::1:2'],
    ['0:0:0:0:0:ffff:c000:0280', '::ffff:192.0.2.128'], // IPv4-mapped, §5
    ['0:0:0:0:0:0:c000:0280', '::c000:280'], // deprecated IPv4-compatible: plain hex
    ['64:ff9b:0:0:0:0:c000:0280', '64:ff9b::c000:280'],
    ['0001:0020:0300:4000:0005:0060:0700:8000', '1:20:300:4000:5:60:700:8000'],
  ])('%s → %s', (input, want) => {
    const b = Buffer.concat([Buffer.from([0xaa, 0xbb]), ipv6Bytes(input)]);
    expect(formatIPv6(b, 2)).toBe(want);
    // again, from the cache
    expect(formatIPv6(b, 2)).toBe(want);
  });

  it('agrees with the URL parser on random addresses (outside the IPv4-mapped range)', () => {
    let seed = 7;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 5000; i++) {
      const b = Buffer.alloc(16);
      // many zero groups, so every run shape shows up
      for (let g = 0; g < 8; g++) b.writeUInt16BE(rnd() % 3 === 0 ? rnd() : 0, g * 2);
      if (b.readUInt32BE(8) === 0 && b.readUInt16BE(10) === 0xffff) continue;
      const text = formatIPv6(b, 0);
      expect(new URL(`http://[${text}]/`).hostname).toBe(`[${text}]`);
      expect(ipv6Bytes(text).equals(b)).toBe(true);
    }
  });
});

describe('formatIPv4', () => {
  it('formats dotted quads, also when cache slots collide', () => {
    const seen = new Map<string, Buffer>();
    for (let i = 0; i < 6000; i++) {
      const b = Buffer.from([i & 255, (i * 7) & 255, (i >> 8) & 255, 255 - (i & 255)]);
      seen.set(formatIPv4(b, 0), b);
    }
    for (const [text, b] of seen) {
      expect(formatIPv4(b, 0)).toBe(text);
      expect(ipv4Bytes(text).equals(b)).toBe(true);
    }
    expect(formatIPv4(Buffer.from([0, 0, 0, 0]), 0)).toBe('0.0.0.0');
    expect(formatIPv4(Buffer.from([9, 255, 255, 255, 255, 9]), 1)).toBe('255.255.255.255');
  });
});
