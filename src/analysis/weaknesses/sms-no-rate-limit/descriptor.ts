import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** more successful sends than this to one number (or e-mail) within the window, with no refusal, is the weakness */
    maxSendsPerNumber: z.number().int().positive().default(5),
    /** more distinct numbers than this from one client within the window (carrier NAT shares addresses: keep it generous) */
    maxNumbersPerClient: z.number().int().positive().default(20),
    windowSeconds: z.number().int().positive().default(3600),
    /** numbers (and clients) tracked per endpoint; the least recently seen are forgotten */
    maxTrackedKeys: z.number().int().positive().default(10_000),
    /** send endpoints tracked */
    maxEndpoints: z.number().int().positive().default(64),
    /** read the client from X-Forwarded-For / X-Real-IP when present (behind a load balancer the peer is the balancer) */
    trustForwardedFor: z.boolean().default(true),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0014',
  rev: 1,
  slug: 'sms-no-rate-limit',
  kind: 'weakness',
  title: { zh: '短信验证码发送接口缺少频率限制', en: 'Verification-code send API without rate limiting' },
  description: {
    zh: '短信/邮件验证码发送接口在时间窗口内对同一手机号多次成功发送，或同一客户端向大量不同手机号发送，期间从未返回 429 或“发送过于频繁”等拒绝。攻击者可借此进行短信轰炸、消耗银行短信费用，并为暴力破解验证码创造条件。',
    en: 'A verification-code (SMS or e-mail) send API sent to the same number many times within a window, or from one client to many numbers, and never answered 429 or a "too frequent" refusal. Attackers can use it to bomb phones with SMS, run up the bank\'s SMS bill and brute-force codes.',
  },
  remediation: {
    zh: '在服务端按手机号、设备、客户端 IP 和会话多维度限频（如同一手机号 60 秒 1 次、每小时不超过 5 次、每日不超过 10 次），超限返回明确的拒绝；发送前校验图形验证码或滑块等人机识别；对异常发送量告警并支持黑名单。',
    en: 'Rate-limit sends on the server per number, device, client IP and session (for example one per 60 s, at most 5 an hour and 10 a day per number) and refuse clearly beyond the limit; require a CAPTCHA or slider before sending; alert on unusual volumes and support block lists.',
  },
  severity: 'medium',
  owasp: ['API4:2023', 'API6:2023'],
  cwe: ['CWE-770', 'CWE-799'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/', 'JR/T 0068-2020 (网上银行系统信息安全通用规范)'],
  params,
  appliesTo: {
    zh: '验证码发送类接口（功能分类为 verification-send）中请求带手机号或邮箱的交换；以事件时间计窗口',
    en: 'exchanges of verification-code send endpoints (function class verification-send) whose request carries a mobile number or e-mail; windows use event time',
  },
};
