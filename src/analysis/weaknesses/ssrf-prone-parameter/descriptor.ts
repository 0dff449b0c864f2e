import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';

export const params = z
  .object({
    /** successful calls with a URL in the same parameter before it is a finding */
    minOccurrences: z.number().int().min(1).default(1),
    /**
     * names (normalised: lower case, no `_ - .`) of parameters the server fetches or calls back;
     * names ending in url/uri/link/addr/address/endpoint/host count too
     */
    fetchNames: z
      .array(z.string())
      .default([
        'url', 'uri', 'link', 'src', 'source', 'fetch', 'load', 'import', 'feed', 'rss', 'proxy', 'remote', 'target', 'dest', 'destination',
        'endpoint', 'webhook', 'hook', 'callback', 'notify', 'notifyurl', 'backurl', 'server', 'host', 'api', 'wsdl', 'image', 'img', 'avatar',
        'pic', 'picture', 'photo', 'icon', 'logo', 'file', 'pdf', 'doc', 'attachment', 'download', 'template', 'resource', 'preview', 'xml',
      ]),
    /** redirect targets: counted only when the answer shows the server fetched (an image or file came back), never on a 3xx */
    redirectNames: z
      .array(z.string())
      .default([
        'redirect', 'redirecturl', 'returnurl', 'return', 'returnto', 'next', 'nexturl', 'goto', 'gotourl', 'jump', 'jumpurl', 'backto',
        'successurl', 'failurl', 'failureurl', 'cancelurl', 'errorurl', 'continue', 'continueurl', 'forward', 'forwardurl', 'fronturl', 'service',
      ]),
    /** never counted: OAuth redirect_uri (checked against the client's registration) and page-tracking fields the server only stores */
    ignoreNames: z
      .array(z.string())
      .default([
        'redirecturi', 'postlogoutredirecturi', 'referer', 'referrer', 'ref', 'pageurl', 'page', 'currenturl', 'cururl', 'href', 'locationhref',
        'fromurl', 'landingurl', 'shareurl', 'weburl', 'h5url', 'homepage', 'website', 'siteurl', 'blog',
      ]),
    /** path words of analytics beacons, whose URL fields record pages and are not fetched */
    trackingPathWords: z
      .array(z.string())
      .default(['track', 'tracking', 'tracker', 'beacon', 'collect', 'collector', 'analytics', 'stat', 'stats', 'statistics', 'log', 'logs', 'pixel', 'maidian', 'buried', 'sensors']),
    /** request bodies longer than this are not looked at */
    maxBodyBytes: z.number().int().min(1024).default(64 * 1024),
    /** parameters looked at per request */
    maxParams: z.number().int().min(1).default(200),
    /** per endpoint, parameters tracked (bounds memory) */
    maxTrackedParams: z.number().int().min(1).default(32),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0018',
  rev: 1,
  slug: 'ssrf-prone-parameter',
  kind: 'weakness',
  title: { zh: '服务端按参数中的 URL 发起请求（SSRF 风险）', en: 'URL parameters fetched server-side (SSRF-prone)' },
  description: {
    zh:
      '请求参数携带完整 URL（http/https/ftp/gopher/file/dict 等）或 host:port，且从参数名与应答看服务端会去访问它：图片/文件抓取、回调与异步通知地址（notifyUrl、callbackUrl、银联 backUrl）、Webhook、代理与预览接口等。' +
      '攻击者可借此让服务端访问内网系统、云主机元数据（169.254.169.254）或本机服务，探测内网、读取内部数据或绕过访问控制。参数指向内网地址时风险更高。',
    en:
      'A request parameter carries a full URL (http/https/ftp/gopher/file/dict…) or host:port, and its name and the answer show the server fetches it: image or file fetching, callback and asynchronous notification URLs (notifyUrl, callbackUrl, UnionPay backUrl), webhooks, proxies and previews. ' +
      'Attackers use it to make the server reach internal systems, cloud metadata (169.254.169.254) or local services, to map the internal network, read internal data or bypass access control. Values pointing at internal addresses raise the confidence.',
  },
  remediation: {
    zh:
      '不接受客户端提交任意 URL：回调地址在商户/渠道入网时登记，请求中只传登记编号；必须抓取外部资源时，使用白名单域名与协议（仅 https），解析后校验目标 IP 不属于内网、回环、链路本地与元数据地址并防 DNS 重绑定，禁止跟随重定向，' +
      '抓取服务部署在隔离网段并经出口代理访问外网。',
    en:
      'Do not accept arbitrary URLs from clients: register callback URLs when a merchant or channel is onboarded and send only the registration id; where external resources must be fetched, allow-list hosts and schemes (https only), check after resolution that the target IP is not internal, loopback, link-local or a metadata address and guard against DNS rebinding, do not follow redirects, ' +
      'and run fetchers in an isolated segment behind an egress proxy.',
  },
  severity: 'high',
  owasp: ['API7:2023'],
  cwe: ['CWE-918'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa7-server-side-request-forgery/', 'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html'],
  params,
  appliesTo: {
    zh: '查询参数、表单字段与 JSON 请求体中值为 URL 或 host:port、且服务端成功应答（2xx 且未拒绝、非重定向）的交换',
    en: 'exchanges whose query, form or JSON parameters hold a URL or host:port and that the server answers with success (2xx, not refused, not a redirect)',
  },
};
