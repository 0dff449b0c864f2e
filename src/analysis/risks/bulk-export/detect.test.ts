import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { bulkExportRisk } from './detect.js';

const csv = (rows: number): string => `date,summary,amount,counterparty\n${Array.from({ length: rows }, (_, i) => `2024-05-${String((i % 28) + 1).padStart(2, '0')},消费,${i}.00,某商户`).join('\n')}\n`;

/** one CSV statement export of `rows` rows by the session in `cookie` */
function exportCsv(sec: number, rows: number, o: { cookie?: string; client?: string; url?: string; attachment?: boolean } = {}): Exchange {
  return at(sec, {
    url: o.url ?? `/ebank/statement/export.do?acctId=600${sec}&format=csv`,
    client: o.client ?? '192.0.2.150',
    request: { headers: [['cookie', o.cookie ?? 'JSESSIONID=0A1B2C3D4E5F60718293A4B5C6D7E8F9']] },
    response: { headers: [['content-type', 'text/csv;charset=UTF-8'], ...(o.attachment === false ? [] : ([['content-disposition', 'attachment; filename="statement.csv"']] as [string, string][]))], body: csv(rows) },
  });
}

describe('bulk-export', () => {
  it('raises one event for 6 exports of 5,000 rows within 10 minutes by one session', () => {
    const ev = events(bulkExportRisk, Array.from({ length: 6 }, (_, i) => exportCsv(i * 100, 5000)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'bulk-export', subject: { ip: '192.0.2.150' }, threshold: 10_000 });
    expect(ev[0]!.value).toBe(30_000);
  });

  it('does not fire for one large export, nor for a few small ones, nor for exports spread beyond the window', () => {
    expect(events(bulkExportRisk, [exportCsv(0, 40_000)])).toEqual([]);
    expect(events(bulkExportRisk, Array.from({ length: 5 }, (_, i) => exportCsv(i * 60, 50)))).toEqual([]);
    expect(events(bulkExportRisk, Array.from({ length: 4 }, (_, i) => exportCsv(i * 3600, 6000)))).toEqual([]);
  });

  it('counts CSV answers without an export path or attachment header, and many small exports', () => {
    const plain = Array.from({ length: 3 }, (_, i) => exportCsv(i * 60, 5000, { url: `/api/report/q${i}`, attachment: false }));
    expect(events(bulkExportRisk, plain)).toHaveLength(1);
    const many = Array.from({ length: 20 }, (_, i) => exportCsv(i * 30, 20));
    expect(events(bulkExportRisk, many)).toHaveLength(1);
    expect(events(bulkExportRisk, many, { manyExports: 25 })).toEqual([]);
  });

  it('keeps callers apart: two sessions of 5,000 rows each from two addresses', () => {
    const a = exportCsv(0, 5000, { cookie: 'JSESSIONID=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', client: '203.0.113.9' });
    const b = exportCsv(60, 5000, { cookie: 'JSESSIONID=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', client: '203.0.113.10' });
    expect(events(bulkExportRisk, [a, b])).toEqual([]);
  });

  it('finds the simulated mass export with its client, and stays quiet on benign traffic', async () => {
    const { events: ev, labels } = await simulated(bulkExportRisk, ['bulk-export']);
    expect(missed(ev, labels, 'bulk-export')).toEqual([]);
    expect(ev).toHaveLength(1);
    for (const seed of [7, 11]) {
      const benign = await simulated(bulkExportRisk, [], { seed });
      expect(benign.events.length).toBeLessThanOrEqual(0);
    }
  }, 120_000);
});
