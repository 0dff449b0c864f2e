/**
 * Passwords everyone tries first: the heads of the well-known public lists (the 2011 CSDN and
 * 12306-era Chinese leaks, the yearly "worst passwords" lists, keyboard walks, dates and love
 * numbers such as 5201314 我爱你一生一世), in lower case. Compared with the lower-cased password,
 * so `Password1` and `QQ123456` are caught too. Written by hand; a deployment adds its own via the
 * detector's `extraWeakPasswords` param.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // digits: runs, repeats, walks
  '123456', '1234567', '12345678', '123456789', '1234567890', '0123456789', '12345', '1234', '123123', '123123123',
  '123321', '123321123', '1234554321', '12344321', '654321', '87654321', '987654321', '9876543210', '123654', '123654789',
  '147258', '147258369', '159357', '159753', '258369', '369258', '741852963', '789456', '789456123', '456789',
  '111111', '1111111', '11111111', '111111111', '1111111111', '000000', '0000000', '00000000', '000000000', '0000000000',
  '222222', '22222222', '333333', '33333333', '444444', '555555', '55555555', '666666', '6666666', '66666666',
  '777777', '77777777', '888888', '8888888', '88888888', '999999', '99999999', '112233', '11223344', '121212',
  '12121212', '123412341', '12341234', '131313', '101010', '202020', '100200', '110110', '110110110', '119119',
  '168168', '168888', '518518', '886886', '888666', '666888', '31415926', '314159', '19491001', '123000',
  // love numbers and dates
  '520520', '5201314', '1314520', '521521', '5211314', '13145200', '52013145', '201314', '25251325', '7758521',
  '19900101', '19911111', '19880808', '20080808', '20000101', '19870707', '19891212', '11111988',
  // letters and digits
  'a123456', 'a1234567', 'a12345678', 'a123456789', 'aa123456', 'aa12345678', 'abc123', 'abc1234', 'abc12345', 'abc123456',
  'abcd1234', 'abcd123456', 'abc123abc', 'a111111', 'a000000', 'a5201314', 'a112233', 'aaa123456', 'aaaaaa', 'aaaaaaaa',
  'asd123', 'asd123456', 'asdf1234', 'qwe123', 'qwe123456', 'qwer1234', 'qwerty', 'qwerty123', 'qwertyuiop', 'qwe123qwe',
  'qq123456', 'qq123123', 'qq5201314', 'q123456', 'q1w2e3r4', 'q1w2e3r4t5', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e', '1qaz2wsx',
  '1qaz@wsx', '1qaz!qaz', '1qazxsw2', 'qazwsx', 'qazwsxedc', 'qazwsx123', 'zaq12wsx', 'zxcvbnm', 'zxcvbnm123', 'zxc123',
  'zxc123456', 'zxcv1234', 'asdfgh', 'asdfghjkl', 'asdasd', 'asdasdasd', '123qwe', '123qweasd', '123456a', '123456aa',
  '123456abc', '123abc', '1234qwer', '1234abcd', 'a1b2c3', 'a1b2c3d4', 'abcdef', 'abcdefg', 'abcdefgh', 'test123',
  'test1234', 'testtest', 'iloveyou', 'iloveyou1', '5201314a', 'woaini', 'woaini1314', 'woaini520', 'woaini123', 'woaiwojia',
  'wodemima', 'mima123', 'mima1234', 'zhang123', 'wang123', 'li123456', 'liu123456', 'chen123456', 'zhangwei', 'wangwei',
  // words and admin habits
  'password', 'password1', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass123', 'pass1234', 'admin', 'admin123',
  'admin888', 'admin@123', 'admin1234', 'administrator', 'root', 'root123', 'root@123', 'huawei@123', 'sunshine', 'welcome',
  'welcome1', 'letmein', 'monkey', 'dragon', 'master', 'football', 'baseball', 'shadow', 'superman', 'trustno1',
  'princess', 'qwerty1', 'abc@123', 'aa123456.', 'a123456.', 'dearbook', 'xiazhili', 'computer', 'internet', 'changeme',
  'default', 'guest', 'user123', 'bank123', 'bank@123', 'china123', 'beijing', 'shanghai', 'qq1314520', 'love1314',
];

/** The list as a set, for lookups. */
export const COMMON_PASSWORD_SET: ReadonlySet<string> = new Set(COMMON_PASSWORDS);
