import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** successful downloads naming a file by path in the same parameter before it is a finding */
    minOccurrences: z.number().int().min(1).default(1),
    /**
     * names (normalised: lower case, no `_ - .`) of parameters that hold a file name or directory:
     * under these a bare name (`statement_202405.pdf`) or a directory (`/data/reports`) is enough;
     * elsewhere the value must be a path with a file extension, an absolute system path or `..`
     */
    fileNames: z
      .array(z.string())
      .default([
        'file', 'filename', 'fname', 'filepath', 'fpath', 'path', 'filedir', 'dir', 'directory', 'folder', 'doc', 'docname', 'document',
        'attachment', 'attach', 'attachname', 'attachpath', 'resource', 'template', 'templatename', 'report', 'reportname', 'reportfile',
        'objectkey', 'key', 'downloadfile', 'downfile', 'realpath', 'savepath', 'storepath', 'wj', 'wjm', 'wjmc', 'wjlj', 'wjdz', 'fjmc', 'fjlj',
      ]),
    /**
     * request parameters of a server-issued signed link (S3, OSS, COS, Qiniu, CDN auth_key; names
     * normalised): with one of `signatureNames` and one of `expiryNames` the path is bound by an
     * expiring signature and not reported. A client-side request signature (`sign` + `timestamp`)
     * does not count: the app holds its key.
     */
    signatureNames: z.array(z.string()).default(['signature', 'sign', 'xamzsignature', 'xosssignature', 'qsignature', 'authkey', 'token']),
    expiryNames: z.array(z.string()).default(['expires', 'expire', 'expiry', 'expiretime', 'xamzexpires', 'xossexpires', 'qsigntime', 'qkeytime', 'e', 'deadline', 'authkey']),
    /** parameters looked at per request */
    maxParams: z.number().int().min(1).default(100),
    /** per endpoint, parameters tracked (bounds memory) */
    maxTrackedParams: z.number().int().min(1).default(32),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0017',
  rev: 1,
  slug: 'file-download-by-path',
  kind: 'weakness',
  title: { zh: '按路径或文件名下载文件', en: 'File download by path' },
  description: {
    zh:
      '下载接口由客户端在参数中直接指定文件路径或文件名（如 path=/data/reports/a.pdf、fileName=2024/05/statement.pdf、filePath=…），服务端据此读取文件返回。' +
      '若未把文件与当前用户绑定并校验路径，攻击者可用 ../ 目录穿越读取任意文件（配置、密钥、日志），或猜测他人对账单、回单等文件名越权下载。',
    en:
      'A download API lets the client name the file by path or file name in a parameter (path=/data/reports/a.pdf, fileName=2024/05/statement.pdf, filePath=…) and reads that file. ' +
      'Unless the file is bound to the caller and the path is checked, ../ traversal reads any file (configuration, keys, logs) and guessed names download other customers\' statements and receipts.',
  },
  remediation: {
    zh:
      '下载请求只传不可猜测的文件标识（UUID 等），由服务端查询文件记录并校验其归属于当前用户后再读取；确需路径时，将路径规范化后限制在固定根目录内，拒绝 ../、绝对路径与编码绕过；' +
      '对象存储使用短时效签名链接。',
    en:
      'Send only an unguessable file id (a UUID) and have the server look up the file record and check it belongs to the caller before reading it; where a path is unavoidable, canonicalise it and confine it to one root directory, rejecting ../, absolute paths and encoded bypasses; ' +
      'serve object storage through short-lived signed URLs.',
  },
  severity: 'high',
  owasp: ['API1:2023', 'API8:2023'],
  cwe: ['CWE-22', 'CWE-73', 'CWE-639'],
  references: ['https://owasp.org/www-community/attacks/Path_Traversal', 'https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html'],
  params,
  appliesTo: {
    zh: '成功的下载应答（附件、文件类型正文，或被识别为下载功能的接口），其请求参数以路径或文件名指定文件',
    en: 'successful download answers (attachments, file-type bodies, or endpoints classified as downloads) whose request parameters name the file by path or file name',
  },
};
