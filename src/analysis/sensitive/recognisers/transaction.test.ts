import { describe, expect, it } from 'vitest';
import { isTransactionRecord, isValid } from './transaction.js';

describe('transaction', () => {
  it.each([
    [['txnAmt', 'txnTime', 'oppAcctName']],
    [['amount', 'tradeDate', 'balance', 'summary']],
    [['jyje', 'jysj', 'dfzh']],
    [['trans_amount', 'trans_time', 'dc_flag']],
  ])('ledger records %j', (keys) => expect(isTransactionRecord(keys)).toBe(true));
  it.each([
    [['price', 'createTime']],
    [['amount', 'currency']],
    [['name', 'idNo', 'mobile']],
  ])('other records %j', (keys) => expect(isTransactionRecord(keys)).toBe(false));
  it('scalars under a transaction key', () => {
    expect(isValid('{"amt":1}')).toBe(true);
    expect(isValid(' ')).toBe(false);
  });
});
