import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { fileDownloadByPath } from './detect.js';
import { pathShape } from './path-shape.js';

type H = [string, string][];
const attachment = (name = 'file.pdf'): { headers: H; body: string } => ({ headers: [['content-type', 'application/octet-stream'], ['content-disposition', `attachment; filename="${name}"`]], body: 'BIN' });
const pdfBody = { headers: [['content-type', 'application/pdf']] as H, body: '%PDF-1.7' };
const get = (url: string, response: object = attachment(), status = 200) => ex({ url, status, response, host: 'ebank.bank.example.cn' });
const post = (url: string, body: object | string, headers: H = [], response: object = attachment()) => ex({ method: 'POST', url, request: { body, headers }, response, host: 'ebank.bank.example.cn' });

describe('pathShape', () => {
  const yes: [string, string, string][] = [
    ['/data/reports/2024/05/a.pdf', 'absolute', 'pdf'],
    ['../../../etc/passwd', 'traversal', ''],
    ['%2e%2e%2fetc%2fpasswd', 'traversal', ''],
    ['..\\..\\web.config', 'traversal', ''],
    ['2024/05/statement.pdf', 'relative', 'pdf'],
    ['D:\\reports\\daily.xlsx', 'absolute', 'xlsx'],
    ['\\\\nas01\\share\\a.csv', 'absolute', 'csv'],
    ['file:///etc/hosts', 'absolute', ''],
    ['statement_202405.pdf', 'file-name', 'pdf'],
    ['/data/reports', 'absolute', ''],
    ['reports/2024', 'directory', ''],
    ['/bankdoc/2024', 'directory', ''],
  ];
  for (const [v, kind, ext] of yes) it(`${v} is ${kind}`, () => expect(pathShape(v)).toMatchObject({ kind, ext }));
  for (const v of ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', '12345678', '2024/05/01', '/2024/05/01', 'application/pdf', '1.2.3', 'https://cdn.example.com/a.pdf', 'zhang', 'a'])
    it(`${v} is not a path`, () => expect(pathShape(v)).toBeUndefined());
});

describe('file-download-by-path', () => {
  const valid: [string, Exchange[], string, Record<string, unknown>][] = [
    ['absolute path in the query', [get('/api/file/download?path=%2Fdata%2Freports%2F2024%2F05%2Fbranch_0101.pdf')], 'GET /api/file/download query.path', { shape: 'absolute', systemPath: true, download: 'attachment' }],
    ['relative path under fileName, PDF body', [get('/api/v1/statement/download?fileName=2024%2F05%2Fstatement_6222020200112233445.pdf', pdfBody)], 'GET /api/v1/statement/download query.fileName', { shape: 'relative', extension: 'pdf', download: 'file-type' }],
    ['traversal answered with a file', [get('/api/file/get?file=..%2F..%2F..%2Fetc%2Fpasswd')], 'GET /api/file/get query.file', { traversal: true }],
    ['path in a JSON body', [post('/api/v1/receipt/download', { filePath: 'receipt/20240501/R202405010001.pdf', channel: 'MB' })], 'POST /api/v1/receipt/download filePath', { shape: 'relative' }],
    ['bare file name under a pinyin name in a form', [post('/mgr/attach/down.do', 'wjm=%E5%90%88%E5%90%8C2024.pdf&lx=1', [['content-type', 'application/x-www-form-urlencoded']])], 'POST /mgr/attach/down.do form.wjm', { shape: 'file-name' }],
    ['Windows path', [get('/api/report/get?path=D%3A%5Creports%5Cdaily_0501.xlsx')], 'GET /api/report/get query.path', { shape: 'absolute', extension: 'xlsx' }],
    ['download endpoint answering JSON content', [get('/api/file/download?fileName=contract_2024.pdf', { body: { code: '0', data: 'JVBERi0xLjcK' } })], 'GET /api/file/download query.fileName', { download: 'download-endpoint' }],
  ];
  for (const [name, exchanges, at, data] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(fileDownloadByPath, exchanges);
      expect(where(f)).toEqual([at]);
      expect(f[0]!.ruleId).toBe('GL-W-0017');
      expect(f[0]!.data).toMatchObject(data);
      // the path itself (it may carry a card number or a customer's name) is never in the detail
      expect(f[0]!.detail).not.toMatch(/6222|branch_0101|passwd|receipt|合同|daily|contract|reports/);
    });
  }

  const invalid: [string, Exchange[]][] = [
    ['UUID file id', [get('/api/file/download?fileId=3f2504e0-4f89-11d3-9a0c-0305e82c3301')]],
    ['numeric file id', [get('/api/file/download?id=1002345&type=pdf')]],
    ['opaque stored name', [get('/api/file/download?fileName=3f2504e04f8911d39a0c0305e82c3301.pdf')]],
    ['server-issued signed link', [get('/api/oss/get?key=reports%2F2024%2Fa.pdf&OSSAccessKeyId=LTAI5tAbc&Expires=1714550400&Signature=abc%3D')]],
    ['export output name', [get('/api/v1/txn/export?fileName=%E4%BA%A4%E6%98%93%E6%98%8E%E7%BB%86.xlsx&startDate=20240501', attachment('txn.xlsx'))]],
    ['not a download', [get('/api/v1/profile?path=%2Fdata%2Fa.pdf', { body: { code: '0', data: {} } })]],
    ['refused with 404', [get('/api/file/download?path=%2Fdata%2Fa.pdf', { body: { code: 'E404' } }, 404)]],
    ['refused in a JSON 200', [get('/api/file/download?fileName=a.pdf', { body: { code: 'E404', msg: '文件不存在' } })]],
    ['dates and MIME types', [get('/api/file/download?date=2024%2F05%2F01&type=application%2Fpdf&fileId=9')]],
    ['route to go back to', [get('/api/file/download?fileId=9&returnUrl=%2Fhome%2Findex.html')]],
    ['file name under an unrelated name', [get('/api/file/download?fileId=9&title=annual_report.pdf')]],
    ['URL rather than path', [get('/api/file/download?src=https%3A%2F%2Fcdn.example.com%2Fa.pdf')]],
  ];
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(fileDownloadByPath, exchanges)).toEqual([]);
    });
  }

  it('one finding per endpoint and parameter, counting every download', () => {
    const f = findings(fileDownloadByPath, [1, 2, 3, 4].map((i) => get(`/api/file/download?path=%2Fdata%2Fstmt%2F${i}.pdf`)));
    expect(where(f)).toEqual(['GET /api/file/download query.path']);
    expect(f[0]!.count).toBe(4);
    expect(f[0]!.evidence).toHaveLength(3);
    expect(findings(fileDownloadByPath, [get('/api/file/download?path=%2Fdata%2Fa.pdf')], { minOccurrences: 2 })).toEqual([]);
  });
});
