import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './features.js';

describe('isPrivateAddress', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.10', true],
    ['127.0.0.1', true],
    ['169.254.10.1', true],
    ['203.0.113.7', false],
    ['114.114.114.114', false],
    ['::1', true],
    ['fd12:3456:789a::1', true],
    ['fe80::1', true],
    ['2408:8207:1850::1', false],
    ['::ffff:10.0.0.8', true],
    ['::ffff:8.8.8.8', false],
  ])('%s', (ip, priv) => expect(isPrivateAddress(ip)).toBe(priv));
});
