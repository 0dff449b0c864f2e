import { describe, expect, it } from 'vitest';
import { keyInfo, normaliseKey } from './keys.js';

describe('key hints', () => {
  it('normalises', () => {
    expect(normaliseKey('cust_Id-No')).toBe('custidno');
    expect(normaliseKey('手机号')).toBe('手机号');
  });
  it.each([
    ['idNo', ['cn_id', 'passport', 'hk_mo_permit', 'tw_permit']],
    ['sfzh', ['cn_id']],
    ['custIdCardNo', ['cn_id']],
    ['mobile', ['cn_mobile']],
    ['payerMobile', ['cn_mobile']],
    ['sjhm', ['cn_mobile']],
    ['phone', ['cn_mobile', 'landline']],
    ['xm', ['person_name']],
    ['custName', ['person_name']],
    ['cardNo', ['bank_card']],
    ['yhkh', ['bank_card']],
    ['payPwd', ['pay_password']],
    ['loginPwd', ['password']],
    ['password', ['password']],
    ['smsCode', ['sms_code']],
    ['certNo', ['cn_id', 'passport', 'hk_mo_permit', 'tw_permit']],
    ['txnAmt', ['amount']],
    ['availBal', ['balance']],
    ['accessToken', ['credential']],
    ['身份证号', ['cn_id']],
  ])('%s hints %j', (k, labels) => {
    expect(keyInfo(k).hints).toEqual(labels);
  });
  it.each(['v1', 'data', 'f3', 'xml', 'value', 'username', 'fileName', 'list'])('%s is neutral', (k) => {
    expect(keyInfo(k)).toMatchObject({ hints: [], quiet: false });
  });
  it.each(['orderId', 'traceNo', 'trace_no', 'orderid', 'serialno', 'createTime', 'timestamp', 'ts', 'seq', 'snowflakeId', 'requestId', 'txnAmt', 'createdAt', 'bizSeqNo', 'jylsh'])(
    '%s is quiet',
    (k) => expect(keyInfo(k).quiet).toBe(true),
  );
  it.each(['cardNo', 'mobileNo', 'idNo', 'account', 'accounts', 'lat', 'data'])('%s is not quiet', (k) => expect(keyInfo(k).quiet).toBe(false));
  it('allow-listed keys are quiet', () => {
    expect(keyInfo('refCode2', new Set(['refcode2'])).quiet).toBe(true);
  });
});
