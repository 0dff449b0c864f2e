import { describe, expect, it } from 'vitest';
import { srcIsClient } from './roles.js';

describe('srcIsClient (midstream role guess)', () => {
  it.each([
    { src: 51234, dst: 80, payload: '', client: true, why: 'well-known destination' },
    { src: 80, dst: 51234, payload: '', client: false, why: 'well-known source' },
    { src: 1500, dst: 8080, payload: '', client: true, why: 'common server port beats a low client port' },
    { src: 8443, dst: 3000, payload: '', client: false, why: 'common server port beats the lower port' },
    { src: 40000, dst: 9200, payload: '', client: true, why: 'both ephemeral: the lower port is the server' },
    { src: 9200, dst: 40000, payload: '', client: false, why: 'both ephemeral, other way round' },
    { src: 443, dst: 80, payload: '', client: true, why: 'both well known: the lower port is the server' },
    { src: 80, dst: 51234, payload: 'GET / HTTP/1.1\r\n', client: true, why: 'a request line decides' },
    { src: 51234, dst: 80, payload: 'HTTP/1.1 200 OK\r\n', client: false, why: 'a status line decides' },
    { src: 51234, dst: 80, payload: 'GETTING', client: true, why: 'not a method: ports decide' },
  ])('$why', ({ src, dst, payload, client }) => {
    expect(srcIsClient(src, dst, Buffer.from(payload))).toBe(client);
  });
});
