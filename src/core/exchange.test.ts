import { describe, expect, it } from 'vitest';
import { bodyByteLength, type HttpMessage } from './exchange.js';

const msg = (m: Partial<HttpMessage>): HttpMessage => ({ httpVersion: '1.1', headers: [], ...m });

describe('bodyByteLength', () => {
  it('takes the wire length of a body sent without a content coding', () => {
    // the decoder's count stands, even where the text would count otherwise
    expect(bodyByteLength(msg({ body: '成功', bodyWireLength: 6 }))).toBe(6);
    expect(bodyByteLength(msg({ body: 'abc', bodyWireLength: 40 }))).toBe(40);
  });

  it('measures the decoded text when the wire held something else', () => {
    expect(bodyByteLength(msg({ body: '成功', bodyWireLength: 3, headers: [['content-encoding', 'gzip']] }))).toBe(6);
    expect(bodyByteLength(msg({ body: '成功', bodyWireLength: 100, bodyTruncated: true }))).toBe(6);
    expect(bodyByteLength(msg({ body: '成功' }))).toBe(6);
    expect(bodyByteLength(msg({ body: 'AAEC', bodyEncoding: 'base64' }))).toBe(3);
    expect(bodyByteLength(msg({}))).toBe(0);
  });
});
