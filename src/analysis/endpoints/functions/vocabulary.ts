/**
 * The words that name API functions, as data: English plus the pinyin and pinyin abbreviations
 * Chinese bank back ends use (`zhuce` 注册, `zhmm` 找回密码, `yzm` 验证码, `daochu` 导出). Extend
 * here; classify.ts holds only the rules. All entries are lower-case with no separators: the word
 * splitter lower-cases, and also joins neighbouring words (`forget-password` → `forgetpassword`).
 *
 * `part` decides how a word may hide inside an unsplit lower-case segment (`userlogin`, `getsmscode`):
 * nouns as a suffix (the head of an English compound is last), verbs as a prefix, namespace names
 * (`admin`, `openapi`) either way. Nouns followed by a QUALIFIER in the same segment describe records
 * about the thing, not the thing (`loginHistory`); verbs take objects (`exportRecords`) and names
 * label a whole area (`adminLog`), so neither is qualified.
 * `scope: 'action'` words count only in the last path segment or the operation's method name;
 * `scope: 'any'` words count in any segment (namespaces such as `/admin/…`, `/pay/…`).
 */

export interface WordClass {
  words: readonly string[];
  part: 'verb' | 'noun' | 'name';
  scope: 'action' | 'any';
  /** words that count only when they are the whole segment (`/oauth/token`, `/api/ping`) */
  whole?: readonly string[];
}

const w = (s: string): string[] => s.split(/\s+/).filter(Boolean);

export const VOCAB = {
  login: {
    words: w('login logon signin denglu authenticate authentication authorize sso dologin userlogin'),
    whole: w('auth token tokens oauth'),
    part: 'noun',
    scope: 'action',
  },
  logout: { words: w('logout logoff signout tuichu zhuxiao dengchu'), whole: w('exit'), part: 'noun', scope: 'action' },
  register: {
    words: w('register registration signup enroll enrol enrollment zhuce kaihu openaccount createaccount'),
    part: 'noun',
    scope: 'action',
  },
  passwordReset: {
    words: w(
      'resetpwd resetpassword forgetpwd forgetpassword forgotpassword forgotpwd changepwd changepassword modifypwd modifypassword ' +
        'updatepwd updatepassword findpwd findpassword retrievepassword setpassword password passwd pwd mima zhmm xgmm czmm wjmm',
    ),
    part: 'noun',
    scope: 'action',
  },
  /** a verification code, its channel or its challenge (send vs check is decided by verbs and params) */
  verification: {
    words: w(
      'sms smscode captcha kaptcha otp totp mfa yzm dxyzm duanxin verifycode verificationcode checkcode validcode ' +
        'validatecode vcode msgcode mobilecode phonecode emailcode imgcode imagecode piccode',
    ),
    part: 'noun',
    scope: 'any',
  },
  /** verify-email, validate-token: a check verb with a channel or code noun */
  verifyObject: { words: w('email token code otp'), part: 'noun', scope: 'action' },
  sendVerb: { words: w('send resend get fetch apply request generate gen issue obtain acquire fasong huoqu'), part: 'verb', scope: 'action' },
  checkVerb: { words: w('check verify validate confirm activate jiaoyan yanzheng'), part: 'verb', scope: 'action' },
  export: { words: w('export daochu'), part: 'verb', scope: 'action' },
  import: { words: w('import daoru'), part: 'verb', scope: 'action' },
  upload: { words: w('upload shangchuan'), part: 'verb', scope: 'action' },
  download: { words: w('download xiazai'), part: 'verb', scope: 'action' },
  /** nouns of files that are exports when served as attachments */
  exportFile: { words: w('excel xls xlsx csv report reports statement statements bill bills duizhangdan'), part: 'noun', scope: 'action' },
  payment: {
    words: w(
      'pay payment payments payout payouts transfer transfers zhuanzhang zhifu fukuan huikuan remit remittance withdraw ' +
        'withdrawal withdrawals recharge chongzhi tixian cashout cashouts refund refunds charge charges checkout purchase ' +
        'pisp repay repayment huankuan topup',
    ),
    part: 'noun',
    scope: 'any',
  },
  admin: {
    words: w('admin administrator admins superadmin manage management mgmt console backoffice backend guanli houtai sys system'),
    part: 'name',
    scope: 'any',
  },
  /** health words count as the whole segment: the last one, or anywhere for the unambiguous ones */
  health: {
    words: w('health healthz healthcheck actuator prometheus'),
    whole: w('ping readiness liveness readyz livez ready alive isalive heartbeat xintiao metrics monitor monitoring'),
    part: 'noun',
    scope: 'action',
  },
  list: { words: w('list lists search page find findall all recent latest history histories records liebiao mingxi liushui'), part: 'verb', scope: 'action' },
  /** reads: one object unless the response or paging says list */
  queryVerb: { words: w('query chaxun get view show fetch calculate calc estimate quote preview shisuan'), part: 'verb', scope: 'action' },
  queryNoun: { words: w('detail details info xiangqing profile me'), part: 'noun', scope: 'action' },
  create: { words: w('add create new save insert submit apply xinzeng tianjia'), part: 'verb', scope: 'action' },
  update: { words: w('update modify edit change set xiugai gengxin bianji'), part: 'verb', scope: 'action' },
  delete: { words: w('delete remove del destroy shanchu'), part: 'verb', scope: 'action' },
  internal: { words: w('internal inner intranet private admin actuator neibu'), part: 'name', scope: 'any' },
  /** partner words anywhere; `open` and `channel` only in the first two segments (`/open/v1/…`), since `/account/open` opens an account */
  partner: { words: w('partner partners openapi openbanking third thirdparty isv tpp'), whole: w('open channel'), part: 'name', scope: 'any' },
} as const satisfies Record<string, WordClass>;

/** Nouns that turn a preceding keyword into a description of records or settings (`loginHistory`, `smsLog`, `payStatus`, `payPwd`). */
export const QUALIFIERS: ReadonlySet<string> = new Set(
  w(
    'history histories log logs record records info status result results method methods type types config configs ' +
      'setting settings rule rules template templates stat stats statistics count limit limits detail details query ' +
      'password passwd pwd mima instrument instruments schedule schedules',
  ),
);

/** Short words whose prefix or suffix match inside a compound misleads (`address`, `settings`, `delivery`, `news`, `pager`, `username`). */
export const NO_COMPOUND: ReadonlySet<string> = new Set(w('add set new all del gen page me sys'));

/**
 * Request parameter names, matched on the normalised leaf (`user.newPassword` → `newpassword`).
 * `*Parts` match as substrings, the others exactly.
 */
export const PARAMS = {
  passwordParts: w('password passwd pwd mima'),
  /** transaction passwords authorise a payment, not a login */
  payPasswordParts: w('paypwd paypassword tradepwd tradepassword transpwd transpassword txpwd jymm zfmm'),
  newPasswordParts: w('newpass newpwd oldpass oldpwd originalpass'),
  confirmParts: w('confirm repeat again retype repassword repwd password2 pwd2'),
  identityParts: w('user account acct login mobile phone email cust cardno certno idno'),
  contactParts: w('mobile phone email cellphone'),
  contact: w('tel sjh shoujihao'),
  smsCode: w(
    'code smscode verifycode verificationcode vcode otp otpcode yzm dxyzm checkcode validcode validatecode dynamiccode ' +
      'mobilecode phonecode emailcode msgcode smsverifycode',
  ),
  imageCode: w('captcha captchacode imgcode imagecode piccode graphcode kaptcha txyzm tpyzm'),
  paging: w('page size pageno pagesize pagenum pagenumber pageindex limit offset perpage currentpage current cursor rows'),
} as const;
