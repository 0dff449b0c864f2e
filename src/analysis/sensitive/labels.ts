/**
 * The data-label catalogue (DESIGN §4.1) as data: one entry per label, with its permanent id,
 * names, grading and the key names that hint at it.
 *
 * Ids: `GL-S-0001`…`GL-S-0999` are built-in labels, `GL-S-9000`… are reserved for labels defined
 * in deployment config. An id is never reused; when a recogniser's logic changes, bump `rev`.
 *
 * Grading: JR/T 0171-2020 category C3 (authentication information), C2 (identity and financial
 * status), C1 (internal); JR/T 0197-2020 level follows from it (C3→4, C2→3, C1→2).
 *
 * Key hints are written the way Chinese bank systems name fields: English (`idCard`, `cardNo`),
 * pinyin initials (`sfzh` 身份证号, `sjhm` 手机号码, `xm` 姓名, `yhkh` 银行卡号) and Chinese. They
 * are matched after normalisation (lower case, `_`/`-`/`.` removed, see keys.ts): `exact` hints
 * must equal the whole key, `suffix` hints may end a longer key (`payerMobile`, `custIdNo`).
 * Short pinyin abbreviations are exact-only: `xm` must not match `xml`.
 */
export const LABEL_IDS = [
  'address',
  'amount',
  'balance',
  'bank_card',
  'card_cvv',
  'card_expiry',
  'card_track',
  'cn_id',
  'cn_mobile',
  'credential',
  'email',
  'fund_account',
  'geo',
  'hk_mo_permit',
  'ip',
  'landline',
  'passport',
  'password',
  'pay_password',
  'person_name',
  'plate',
  'securities_account',
  'sms_code',
  'transaction',
  'tw_permit',
  'uscc',
] as const;
export type LabelId = (typeof LABEL_IDS)[number];

export type Category = 'C3' | 'C2' | 'C1';
/** JR/T 0197-2020 level for each JR/T 0171-2020 category. */
export const LEVEL_OF: Record<Category, 2 | 3 | 4> = { C3: 4, C2: 3, C1: 2 };

export interface LabelInfo {
  id: LabelId;
  /** Permanent catalogue id, never reused. */
  code: string;
  /** Bumped when the recogniser's logic changes (results may differ from an earlier run). */
  rev: number;
  name: { zh: string; en: string };
  category: Category;
  level: 2 | 3 | 4;
  hints: { exact: readonly string[]; suffix: readonly string[] };
}

type Row = [code: number, id: LabelId, zh: string, en: string, cat: Category, exact: string, suffix: string];

// Hints are space-separated and already normalised (lower case, no separators).
const ROWS: Row[] = [
  [1, 'cn_id', '居民身份证号', 'Resident ID number', 'C2',
    'idno idcard sfz sfzh sfzhm zjhm zjh certno certid certcode cardid idnumber identityno identitycard identitynumber 身份证 身份证号 证件号码',
    'idno idcard idcardno idnumber sfzh sfzhm zjhm certno certid identityno identitycard identitynumber residentid 身份证号 身份证号码 证件号码'],
  [2, 'cn_mobile', '手机号', 'Mobile phone number', 'C2',
    'mobile phone tel sjh sjhm shouji lxdh lxfs cellphone telno phoneno mobileno 手机 手机号 电话 联系电话',
    'mobile mobileno mobilephone mobilenum phone phoneno phonenum phonenumber cellphone telno telephone sjh sjhm lxdh 手机号 手机号码 联系电话'],
  [3, 'bank_card', '银行卡号', 'Bank card number', 'C2',
    'card cardno yhkh yhk zh account acctno acct accno accountno pan 卡号 银行卡 银行卡号 账号',
    'cardno cardnum cardnumber bankcard bankcardno cardid yhkh acctno accountno accno accountnum accountnumber payeracct payeeacct 卡号 银行卡号 账号'],
  [4, 'card_cvv', '卡验证码', 'Card verification code', 'C3',
    'cvv cvv2 cvc cvc2 cvn cvn2 aqm 安全码',
    'cvv cvv2 cvc cvc2 cvn cvn2 securitycode cardcode verificationvalue'],
  [5, 'card_expiry', '卡有效期', 'Card expiry date', 'C3',
    'exp expiry expdate expiredate expirydate yxq validthru validdate 有效期',
    'expiry expdate expiredate expirydate expirationdate cardexpiry cardexp validthru cardvaliddate'],
  [6, 'card_track', '磁道信息', 'Card track data', 'C3',
    'track track1 track2 track3 trackdata cdxx 磁道 磁道信息',
    'track1 track2 track3 track1data track2data track3data trackdata magstripe'],
  [7, 'password', '登录密码', 'Password', 'C3',
    'password passwd pwd pass mm dlmm pw passcode 密码 登录密码',
    'password passwd pwd loginpwd userpwd newpwd oldpwd confirmpwd dlmm'],
  [8, 'pay_password', '交易密码', 'Payment password', 'C3',
    'paypwd paypassword tradepwd tradepassword jymm zfmm qkmm pinblock pin txnpwd transpwd 交易密码 支付密码 取款密码',
    'paypwd paypassword paypass tradepwd tradepassword txnpwd transpwd transpassword withdrawpwd pinblock jymm zfmm qkmm 交易密码 支付密码'],
  [9, 'sms_code', '短信验证码', 'SMS verification code', 'C2',
    'smscode sms yzm dxyzm otp verifycode vcode checkcode validatecode verificationcode dynamiccode 验证码 短信验证码',
    'smscode smsverifycode verifycode verificationcode validatecode checkcode otpcode otp dynamiccode dxyzm yzm'],
  [10, 'person_name', '姓名', 'Person name', 'C2',
    'name xm xingming realname custname khxm khmc fullname truename holdername acctname accountname cardholder payername payeename 姓名 客户姓名 户名',
    'realname custname customername clientname holdername cardholdername acctname accountname payername payeename counterpartyname truename fullname contactname contactsname khxm 姓名 户名'],
  [11, 'address', '地址', 'Address', 'C2',
    'address addr dz zz jtdz txdz hjdz zzdz lxdz 地址 住址 家庭住址 通讯地址',
    'address addr homeaddr homeaddress contactaddr contactaddress mailaddress residence jtdz txdz hjdz zzdz lxdz 地址 住址'],
  [12, 'email', '邮箱', 'E-mail address', 'C2',
    'email mail dzyx 邮箱 电子邮箱',
    'email emailaddr emailaddress mail mailbox 邮箱'],
  [13, 'passport', '护照号', 'Passport number', 'C2',
    'passport passportno hzh hzhm 护照 护照号',
    'passport passportno passportnum passportnumber hzhm 护照号'],
  [14, 'hk_mo_permit', '港澳通行证号', 'HK/Macao travel permit number', 'C2',
    'gatxz hxz hkmopermit hkmacaopermit homereturnpermit 港澳通行证 回乡证',
    'hkmopermit hkmacaopermit hkpermit homereturnpermit gatxz hxz 港澳通行证'],
  [15, 'tw_permit', '台湾通行证号', 'Taiwan travel permit number', 'C2',
    'twtxz tbz twpermit mtp 台胞证 台湾通行证',
    'twpermit taiwanpermit tbz twtxz 台胞证'],
  [16, 'uscc', '统一社会信用代码', 'Unified social credit code', 'C1',
    'uscc creditcode tyshxydm shxydm 统一社会信用代码',
    'uscc creditcode socialcreditcode unifiedcode tyshxydm shxydm 统一社会信用代码'],
  [17, 'securities_account', '证券账号', 'Securities account number', 'C2',
    'zqzh gdzh gddm stockaccount secaccount 证券账号 股东账号',
    'stockaccount stockacct secaccount secacct securitiesaccount shareholderaccount holderacct gdzh zqzh 股东账号 证券账号'],
  [18, 'fund_account', '资金账号', 'Fund account number', 'C2',
    'zjzh fundaccount fundacct capitalaccount 资金账号',
    'fundaccount fundacct fundaccountno capitalaccount capitalacct zjzh 资金账号'],
  [19, 'balance', '余额', 'Account balance', 'C2',
    'balance bal ye kyye zhye 余额 可用余额',
    'balance bal availbal acctbal availablebalance ledgerbalance kyye zhye 余额'],
  [20, 'amount', '金额', 'Amount', 'C2',
    'amount amt je money jyje fse 金额 交易金额',
    'amount amt money jyje 金额'],
  [21, 'transaction', '交易记录', 'Transaction record', 'C2',
    'transactions txns txnlist translist tradelist jyjl jymx mxlist 交易记录 交易明细',
    'transactions txnlist translist transactionlist tradelist tradedetails transdetails txndetails jyjl jymx 交易记录 交易明细'],
  [22, 'landline', '固定电话', 'Landline number', 'C2',
    'tel phone gddh lxdh zzdh bgdh fax telephone 固定电话 座机 电话',
    'tel telno telephone landline homephone hometel officephone officetel worktel gddh bgdh zzdh 固定电话 座机'],
  [23, 'plate', '车牌号', 'Licence plate', 'C2',
    'plate plateno carno cph chepai vehicleno licenseplate 车牌 车牌号',
    'plate plateno platenum platenumber carno carplate vehicleno vehicleplate licenseplate cph 车牌号'],
  [24, 'geo', '经纬度', 'Geo-location', 'C2',
    'lat lng lon latitude longitude gps coord coordinate coordinates location latlng lnglat jwd 经纬度 经度 纬度',
    'lat lng lon latitude longitude gps coord coordinate coordinates latlng lnglat jwd 经纬度'],
  [25, 'ip', 'IP 地址', 'IP address', 'C1',
    'ip ipaddr ipaddress clientip remoteip loginip 登录ip',
    'ip ipaddr ipaddress ipv4 ipv6 clientip remoteip loginip sourceip'],
  [26, 'credential', '令牌/密钥', 'Token / secret key', 'C3',
    'token authorization auth secret apikey appsecret secretkey accesskey privatekey accesstoken refreshtoken idtoken jwt sessionid sid ticket 令牌 密钥',
    'token accesstoken refreshtoken idtoken authtoken apikey apisecret appsecret clientsecret secretkey secret accesskeysecret privatekey sessionid jsessionid jwt'],
];

function info([code, id, zh, en, category, exact, suffix]: Row): LabelInfo {
  return {
    id,
    code: `GL-S-${String(code).padStart(4, '0')}`,
    rev: 1,
    name: { zh, en },
    category,
    level: LEVEL_OF[category],
    hints: { exact: exact.split(' '), suffix: suffix.split(' ') },
  };
}

/** Every built-in label, in catalogue-code order. */
export const LABELS: readonly LabelInfo[] = ROWS.map(info);

export const LABEL: Readonly<Record<LabelId, LabelInfo>> = Object.fromEntries(LABELS.map((l) => [l.id, l])) as Record<LabelId, LabelInfo>;
