import { describe, expect, it } from 'vitest';
import { Counters } from '../core/anomalies.js';
import type { Exchange } from '../core/exchange.js';
import { scanExchange } from '../analysis/sensitive/exchange-scan.js';
import { prescanner, takeAttackHits, takePrescanned } from './prescan.js';

function ex(i: number): Exchange {
  return {
    v: 1,
    id: `p${i}`,
    ts: '2024-05-01T08:00:00.000Z',
    client: { ip: '203.0.113.9', port: 1000 + i },
    server: { ip: '10.0.0.2', port: 80 },
    request: { method: 'GET', url: `/api/users/${i}/profile`, httpVersion: '1.1', headers: [['host', 'bank.example']] },
    response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/json']], body: JSON.stringify({ name: '张三', idNo: '11010519491231002X', mobile: '13812345678' }) },
    source: 'jsonl:t',
  };
}

describe('scanning in the decode threads', () => {
  it('finds what the stage would, and hands the hits over once', () => {
    const scan = prescanner({ disabled: [], allowKeys: [], maxBodyBytes: 1 << 18, withValues: false }, new Counters())!;
    const e = ex(1);
    scan(e);
    const hits = takePrescanned(e);
    expect(hits).toEqual(scanExchange(ex(1), { refTime: Date.parse(e.ts), maxBodyBytes: 1 << 18 }));
    expect(hits!.response.map((h) => h.label).sort()).toEqual(expect.arrayContaining(['cn_id', 'cn_mobile']));
    expect(takePrescanned(e)).toBeUndefined();
  });

  it('scans its share of the exchanges, spread evenly, and leaves the rest', () => {
    const scan = prescanner({ disabled: [], allowKeys: [], maxBodyBytes: 1 << 18, withValues: false, share: 0.5 }, new Counters())!;
    const done = Array.from({ length: 8 }, (_, i) => {
      const e = ex(i);
      scan(e);
      return takePrescanned(e) !== undefined;
    });
    expect(done).toEqual([false, true, false, true, false, true, false, true]);
  });

  it('honours disabled labels', () => {
    const scan = prescanner({ disabled: ['cn_id'], allowKeys: [], maxBodyBytes: 1 << 18, withValues: false }, new Counters())!;
    const e = ex(2);
    scan(e);
    const labels = takePrescanned(e)!.response.map((h) => h.label);
    expect(labels).not.toContain('cn_id');
    expect(labels).toContain('cn_mobile');
  });

  it('scans every request for web attacks when the risk stage asks, even with no body share', () => {
    expect(prescanner({ disabled: [], allowKeys: [], maxBodyBytes: 0, withValues: false, share: 0 }, new Counters())).toBeUndefined();
    const scan = prescanner({ disabled: [], allowKeys: [], maxBodyBytes: 0, withValues: false, share: 0, attacks: true }, new Counters())!;
    const bad = ex(3);
    bad.request.url = "/api/users/3/profile?q=1'%20or%20'1'='1";
    const good = ex(4);
    scan(bad);
    scan(good);
    expect(takeAttackHits(bad)!.map((h) => h.class)).toEqual(['sqli']);
    expect(takeAttackHits(good)).toEqual([]);
    expect(takeAttackHits(good)).toBeUndefined();
    expect(takePrescanned(bad)).toBeUndefined();
  });
});
