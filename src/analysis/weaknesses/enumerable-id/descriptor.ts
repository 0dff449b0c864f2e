import { z } from 'zod';
import type { DetectorDescriptor } from '../../../core/detector.js';
import { LABEL_IDS, type LabelId } from '../../sensitive/labels.js';

/** Query parameter names (normalised: lower case, no `_-.`) that select one object. */
export const ID_NAMES = [
  'id', 'uid', 'userid', 'custid', 'custno', 'customerid', 'customerno', 'khh', 'memberid', 'memberno',
  'accountid', 'acctid', 'accountno', 'acctno', 'orderid', 'orderno', 'billid', 'billno', 'loanid', 'loanno',
  'contractid', 'contractno', 'policyid', 'policyno', 'invoiceid', 'invoiceno', 'applyid', 'applyno',
  'receiptid', 'receiptno', 'statementid', 'addressid', 'cardid', 'profileid', 'walletid', 'docid', 'fileid',
];

/** Words (in the path or the parameter name) that say an object belongs to a customer. */
export const OWNED_WORDS = [
  'user', 'customer', 'cust', 'client', 'member', 'account', 'acct', 'profile', 'order', 'bill', 'loan', 'card',
  'policy', 'contract', 'invoice', 'statement', 'receipt', 'transaction', 'txn', 'trans', 'transfer', 'payment',
  'address', 'wallet', 'asset', 'deposit', 'credit', 'apply', 'application', 'kh', 'khh', 'zh',
];

/** Response labels that show the object is someone's (public reference data carries none of these). */
export const OWNER_LABELS: LabelId[] = [
  'person_name', 'cn_id', 'cn_mobile', 'bank_card', 'email', 'balance', 'transaction', 'fund_account', 'securities_account',
  'passport', 'hk_mo_permit', 'tw_permit', 'card_expiry',
];

export const params = z
  .object({
    /** distinct ids answered 2xx on the endpoint (over all callers) before it counts */
    minDistinctIds: z.number().int().min(2).default(5),
    /** distinct ids one credential (or one client ip without credential) must have been answered */
    minDistinctPerCaller: z.number().int().min(2).default(3),
    /** longest id taken as low-entropy (an optional short letter prefix plus digits) */
    maxIdLength: z.number().int().min(1).max(32).default(12),
    /** longest letter prefix of an id such as `ORD10023` */
    maxPrefixLength: z.number().int().min(0).max(8).default(4),
    /** query parameter names taken as object ids (normalised) */
    idNames: z.array(z.string().min(1)).default(ID_NAMES),
    /** also any query name ending in `_id`, `Id`, `_no`, `No` (`report_id`, `orderNo`) */
    idSuffixes: z.boolean().default(true),
    /** words that make an endpoint's objects someone's (normalised) */
    ownedWords: z.array(z.string().min(1)).default(OWNED_WORDS),
    /** response labels that make the object someone's */
    ownerLabels: z.array(z.enum(LABEL_IDS)).default(OWNER_LABELS),
    /** back-office endpoints (function class admin) serve staff who see many customers by design */
    skipAdmin: z.boolean().default(true),
    /** response bodies shorter than this are not an object */
    minBodyBytes: z.number().int().min(0).default(16),
    /** bounds: distinct ids and callers remembered per endpoint and parameter */
    maxTrackedIds: z.number().int().min(8).default(64),
    maxCallers: z.number().int().min(8).default(512),
  })
  .strict();

export const descriptor: DetectorDescriptor<typeof params> = {
  id: 'GL-W-0002',
  rev: 1,
  slug: 'enumerable-id',
  kind: 'weakness',
  title: { zh: '可遍历的对象标识（越权风险）', en: 'Enumerable object ids (BOLA-prone)' },
  description: {
    zh: '接口以连续或低熵的编号（如 /users/1001、orderNo=10023）定位客户、账户、订单等对象，且同一凭证（或未认证的同一来源）取到了多个不同对象并均返回 2xx。说明对象编号可猜测、未与调用者身份绑定，攻击者只需递增编号即可越权读取他人数据（水平越权 / BOLA）。',
    en: 'The endpoint selects customers, accounts, orders… by sequential or low-entropy ids (/users/1001, orderNo=10023), and one credential (or one unauthenticated source) was answered 2xx for several different objects. The ids are guessable and not bound to the caller: incrementing them reads other customers\' data (broken object level authorization).',
  },
  remediation: {
    zh: '服务端对每次对象访问校验其归属（对象的客户号须与会话中的客户号一致），不要信任请求中的客户号、账号；对外暴露的标识改用不可猜测的随机 ID（UUID 或加密令牌），并对单一凭证遍历大量对象的行为做监测和限流。',
    en: 'Check on the server, for every object access, that the object belongs to the session\'s customer; never trust customer or account numbers taken from the request. Expose unguessable ids (UUIDs or encrypted references) instead of sequential ones, and monitor and rate-limit credentials that walk through many objects.',
  },
  severity: 'high',
  owasp: ['API1:2023'],
  cwe: ['CWE-639', 'CWE-284'],
  references: ['https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/', 'JR/T 0185-2020 商业银行应用程序接口安全管理规范'],
  params,
  appliesTo: {
    zh: '路径参数或 id 类查询参数（userId、accountId、orderNo、custNo、id）取短数字值、响应为 2xx 的客户类对象接口',
    en: 'endpoints of customer-owned objects whose path parameter or id-like query parameter (userId, accountId, orderNo, custNo, id) takes short numeric values and is answered 2xx',
  },
};
