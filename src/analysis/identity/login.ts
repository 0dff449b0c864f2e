/**
 * Whether a login attempt succeeded, judged from its response alone: the status, the business
 * code and message bank back ends wrap every answer in (`retCode: '000000'`, `errcode: 40001`,
 * `success: false`, `msg: '密码错误'`), and whether a session credential was handed out (a token in
 * the body, a session Set-Cookie). Takes plain inputs so weakness detectors and the identity risk
 * work (brute force, credential stuffing) judge logins the same way.
 *
 *   loginOutcome({ status: 200, json: { code: '0000', data: { token: 'eyJhbGciOi…' } } })  // 'success'
 *   loginOutcome({ status: 200, json: { retCode: 'E1001', retMsg: '用户名或密码错误' } })   // 'failure'
 *   loginOutcome({ status: 401 })                                                        // 'failure'
 *   loginOutcome({ status: 200, json: { data: [] } })                                    // 'unknown'
 *
 * Order of evidence, strongest first: the status class; an explicit boolean (`success`, `ok`);
 * an error-number field (`errcode`: 0 or nothing else); a result-code field, whose non-success
 * value still counts as success when a token was issued (APIs where `code: 1` means success); the
 * message text; an OAuth `error`; a token; a session cookie. Anything else is 'unknown': callers
 * that need a verdict must not guess.
 */
import { setsSessionCookie } from '../endpoints/auth/cookies.js';

export type LoginOutcome = 'success' | 'failure' | 'unknown';

export interface LoginResponse {
  /** HTTP status; -1 (or anything below 100) when the exchange had no response */
  status: number;
  /** the body parsed as JSON, when it was JSON */
  json?: unknown;
  /** the body as text, used when it is not JSON (only the first TEXT_LIMIT characters are read) */
  text?: string;
  /** response headers as [name, value]; names in lower case (as in Exchange) */
  headers?: readonly (readonly [string, string])[];
}

export interface LoginVerdict {
  outcome: LoginOutcome;
  /** what decided it, for evidence lines: `status 401`, `retCode=000000`, `token issued`… (never a value of a secret) */
  reason: string;
}

/** Text bodies (HTML login pages) are searched in their first 4 KiB only. */
export const TEXT_LIMIT = 4096;
/** Messages longer than this are not read (a message field holding a document is not a verdict). */
const MESSAGE_LIMIT = 200;
/** How deep wrappers (`head`, `result`, `data`) are searched for code, message and token fields. */
const MAX_DEPTH = 3;
const MIN_TOKEN_LENGTH = 8;

const norm = (k: string): string => k.toLowerCase().replace(/[-_.]/g, '');

/** Booleans that say the call succeeded. */
const FLAG_KEYS = new Set(['success', 'succeed', 'succeeded', 'issuccess', 'ok', 'result']);
/** Error numbers: 0 (or empty) is success, anything else failure (WeChat `errcode`, `errno`). */
const ERRNO_KEYS = new Set(['errcode', 'errorcode', 'errno', 'errnum']);
/** Result codes of bank and payment back ends. */
const CODE_KEYS = new Set([
  'code', 'retcode', 'returncode', 'resultcode', 'respcode', 'rspcode', 'rescode', 'rtncode', 'ret', 'statuscode', 'status',
  'bizcode', 'msgcode', 'errorno', 'state', 'resultstatus', 'respstatus', 'retstatus',
]);
/** Envelope-only code names: nested, `status`/`state` describe the payload (an account's status), not the call. */
const TOP_ONLY = new Set(['status', 'state', 'ret']);
const SUCCESS_CODES = new Set(['0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '200', 'success', 'succeed', 'ok', 's', 'aaaaaaa', 'suc']);
/** Codes that say nothing on their own: `code: 1` is success in some APIs and failure in others. */
const AMBIGUOUS_CODES = new Set(['1', 'true', 'y', 'yes']);
const MESSAGE_KEYS = new Set([
  'msg', 'message', 'errmsg', 'errormsg', 'errormessage', 'retmsg', 'returnmsg', 'resultmsg', 'respmsg', 'rspmsg', 'resmsg', 'rtnmsg',
  'desc', 'description', 'tip', 'tips', 'info', 'hint', 'errdesc', 'errordescription', 'statusmsg', 'retinfo',
]);
/** A credential handed out: an access token, a session id, an SSO ticket. */
const TOKEN_KEYS = new Set([
  'token', 'accesstoken', 'authtoken', 'authorization', 'jwt', 'idtoken', 'refreshtoken', 'sessionid', 'sessiontoken', 'sessionkey',
  'sid', 'ticket', 'usertoken', 'logintoken', 'tgt', 'jsessionid', 'satoken',
]);

const FAILURE_TEXT = /密码错误|密码不正确|密码有误|用户名或密码|账号或密码|帐号或密码|账户或密码|登录失败|登陆失败|认证失败|验证失败|校验失败|已锁定|被锁定|已冻结|不存在|未注册|错误|失败|有误|不正确|无效|invalid|incorrect|wrong|fail|denied|locked|unauthori[sz]ed|forbidden|bad credential|not match|mismatch|expired|error/i;
const SUCCESS_TEXT = /成功|success|succeed|^ok$|^okay$/i;
/** In HTML pages only unmistakable phrases count: a login page carries generic words everywhere. */
const PAGE_FAILURE_TEXT = /密码错误|密码不正确|用户名或密码|账号或密码|帐号或密码|登录失败|登陆失败|invalid (?:user ?name or )?password|incorrect (?:user ?name or )?password|login failed|bad credentials/i;

interface Signals {
  flag?: boolean;
  errno?: string;
  code?: string;
  codeKey?: string;
  message?: string;
  oauthError?: boolean;
  token?: string;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Signal fields, breadth first: a top-level `code` wins over a nested one, so a business payload
 * (`data.status: 'ACTIVE'`) does not override the envelope's verdict.
 */
function collect(doc: unknown): Signals {
  const s: Signals = {};
  let level: Record<string, unknown>[] = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? [doc as Record<string, unknown>] : [];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: Record<string, unknown>[] = [];
    for (const o of level) {
      let keys = 0;
      for (const k in o) {
        if (++keys > 200) break;
        const v = o[k];
        const n = norm(k);
        if (typeof v === 'object' && v !== null) {
          if (!Array.isArray(v)) {
            if (n === 'error' && s.oauthError === undefined && depth === 0) s.oauthError = true;
            next.push(v as Record<string, unknown>);
          }
          continue;
        }
        if (typeof v === 'boolean' && depth <= 1 && FLAG_KEYS.has(n)) s.flag ??= v;
        else if (depth <= 1 && ERRNO_KEYS.has(n)) s.errno ??= scalar(v);
        else if (depth <= 1 && CODE_KEYS.has(n) && (depth === 0 || !TOP_ONLY.has(n))) {
          const c = scalar(v);
          if (s.code === undefined && c) {
            s.code = c;
            s.codeKey = k;
          }
        } else if (depth <= 1 && MESSAGE_KEYS.has(n) && typeof v === 'string' && v.length <= MESSAGE_LIMIT) s.message ??= v;
        else if (n === 'error' && typeof v === 'string' && v !== '' && depth === 0) s.oauthError = true;
        else if (TOKEN_KEYS.has(n) && typeof v === 'string' && v.length >= MIN_TOKEN_LENGTH && !/^(null|undefined|none)$/i.test(v)) s.token ??= k;
      }
    }
    level = next;
  }
  return s;
}

function header(headers: LoginResponse['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  for (const [n, v] of headers) if (n === name) return v;
  return undefined;
}

function setsSession(headers: LoginResponse['headers']): boolean {
  if (!headers) return false;
  for (const [n, v] of headers) if (n === 'set-cookie' && setsSessionCookie(v)) return true;
  return false;
}

/** The verdict with what decided it. */
export function judgeLogin(r: LoginResponse): LoginVerdict {
  const st = r.status;
  if (st < 100) return { outcome: 'unknown', reason: 'no response' };
  if (st === 401 || st === 403 || st === 423) return { outcome: 'failure', reason: `status ${st}` };
  if (st === 400 || st === 422) return { outcome: 'failure', reason: `status ${st}` };
  if (st >= 400) return { outcome: 'unknown', reason: `status ${st}` };
  if (st >= 300) {
    // form logins answer with a redirect: back to the login page or an error page, or on into the application
    const loc = (header(r.headers, 'location') ?? '').toLowerCase();
    if (/error|fail|denied|login|signin|logon/.test(loc)) return { outcome: 'failure', reason: `redirect to a login or error page` };
    if (setsSession(r.headers)) return { outcome: 'success', reason: 'redirect with a session cookie' };
    return { outcome: 'unknown', reason: `status ${st}` };
  }
  if (r.json !== undefined) {
    const s = collect(r.json);
    if (s.flag !== undefined) return { outcome: s.flag ? 'success' : 'failure', reason: `success flag ${s.flag}` };
    if (s.errno !== undefined) {
      const ok = s.errno === '0' || s.errno === '';
      return { outcome: ok ? 'success' : 'failure', reason: `error number ${ok ? '0' : 'non-zero'}` };
    }
    if (s.code !== undefined) {
      const c = s.code.toLowerCase();
      if (SUCCESS_CODES.has(c)) return { outcome: s.message && FAILURE_TEXT.test(s.message) && !SUCCESS_TEXT.test(s.message) ? 'failure' : 'success', reason: `${s.codeKey}=${s.code}` };
      if (s.token) return { outcome: 'success', reason: `token issued (${s.token}) with ${s.codeKey}=${s.code}` };
      if (s.message && SUCCESS_TEXT.test(s.message) && !FAILURE_TEXT.test(s.message)) return { outcome: 'success', reason: 'success message' };
      if (AMBIGUOUS_CODES.has(c) && !(s.message && FAILURE_TEXT.test(s.message))) return { outcome: 'unknown', reason: `${s.codeKey}=${s.code} (ambiguous)` };
      return { outcome: 'failure', reason: `${s.codeKey}=${s.code}` };
    }
    if (s.message !== undefined) {
      if (FAILURE_TEXT.test(s.message) && !SUCCESS_TEXT.test(s.message)) return { outcome: 'failure', reason: 'failure message' };
      if (SUCCESS_TEXT.test(s.message)) return { outcome: 'success', reason: 'success message' };
    }
    if (s.oauthError) return { outcome: 'failure', reason: 'error field' };
    if (s.token) return { outcome: 'success', reason: `token issued (${s.token})` };
    if (setsSession(r.headers)) return { outcome: 'success', reason: 'session cookie set' };
    return { outcome: 'unknown', reason: 'no verdict in the body' };
  }
  const text = r.text ?? '';
  if (text !== '') {
    if (PAGE_FAILURE_TEXT.test(text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text)) return { outcome: 'failure', reason: 'failure message in the page' };
    return { outcome: 'unknown', reason: 'no verdict in the page' };
  }
  if (setsSession(r.headers)) return { outcome: 'success', reason: 'session cookie set' };
  return { outcome: 'unknown', reason: 'empty body' };
}

export function loginOutcome(r: LoginResponse): LoginOutcome {
  return judgeLogin(r).outcome;
}
