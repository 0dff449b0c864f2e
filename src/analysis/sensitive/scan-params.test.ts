import { describe, expect, it } from 'vitest';
import { scanParams } from './scan-params.js';

describe('scanParams', () => {
  it('query, form, header and cookie pairs', () => {
    const hits = scanParams(
      [
        ['mobile', '13812345678'],
        ['pwd', 'secret'],
        ['authorization', 'Bearer abcdefghijklmnop1234'],
        ['JSESSIONID', 'A1B2C3D4E5F60718293A4B5C6D7E8F90'],
        ['to', '13812345678'],
        ['to', '13912345678'],
        ['_', '1714567890123'],
      ],
      { locationPrefix: 'req' },
    );
    expect(hits.map((h) => `${h.label}@${h.location}×${h.count}`).sort()).toEqual([
      'cn_mobile@req.mobile×1',
      'cn_mobile@req.to×2',
      'credential@req.JSESSIONID×1',
      'credential@req.authorization×1',
      'password@req.pwd×1',
    ]);
  });
});
