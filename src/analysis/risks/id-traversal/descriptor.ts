import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { ID_NAMES } from '../../weaknesses/enumerable-id/descriptor.js';

export const params = z
  .object({
    /** distinct object ids one caller asked of one endpoint parameter in the window */
    minIds: z.number().int().min(2).default(30),
    /** share of the caller's requests whose id is next to the previous one (±maxStep): a walk */
    minSequentialRatio: z.number().min(0).max(1).default(0.6),
    /** largest id step still counted as a walk (1: strictly consecutive) */
    maxStep: z.number().int().min(1).default(3),
    /** or share of the caller's requests refused (401, 403, 404, 410, or a 2xx carrying a business error) */
    minDeniedRatio: z.number().min(0).max(1).default(0.5),
    windowSeconds: z.number().int().min(10).default(600),
    /** caller × endpoint parameter keys kept */
    maxKeys: z.number().int().min(100).default(100_000),
    /** ids longer than this (with their letter prefix) are not enumerable */
    maxIdLength: z.number().int().min(1).max(15).default(12),
    /** query parameter names taken for object ids (normalised: lower case without `_-.`) */
    idNames: z.array(z.string().min(1)).default(ID_NAMES),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-R-0015',
  rev: 1,
  slug: 'id-traversal',
  kind: 'risk',
  title: { zh: '对象 ID 遍历', en: 'Object id traversal' },
  description: {
    zh: '同一账号或客户端在短时间内对同一接口的对象 ID（路径或查询参数）逐个递增请求大量不同的 ID，且多数被拒绝（403/404），疑似越权遍历他人数据（BOLA）。',
    en: 'One account or client asks one endpoint for many different object ids (path or query parameter) in a short time, mostly one after the other or mostly refused (403/404): someone is walking other people\'s objects (BOLA).',
  },
  remediation: {
    zh: '服务端对每个对象校验归属（当前会话只能访问本人对象），对象 ID 改为不可预测的随机值；限制单账号的 ID 查询频率，核查返回 200 的越权记录并冻结该会话。',
    en: 'Check object ownership on the server for every request (a session reads only its own objects), use unpredictable ids, rate-limit id lookups per account; review the answers that were 200 and revoke the session.',
  },
  severity: 'high',
  owasp: ['API1:2023'],
  cwe: ['CWE-639', 'CWE-284'],
  params,
  appliesTo: {
    zh: '路径或查询参数中带数字对象 ID 的请求及其响应状态',
    en: 'requests carrying a numeric object id in the path or query, and their answers',
  },
};
