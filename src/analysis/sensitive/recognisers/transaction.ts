/**
 * transaction — 交易记录: a record of money moving, found by record shape rather than a value: an
 * element of a list with an amount, a time, and a ledger field (balance after, counterparty,
 * direction or transaction type), or any element of a list under a transaction key (`txnList`,
 * `jyjl`). The key roles are in keys.ts (`recordRole`), computed once per key.
 *
 *   isTransactionRecord(['txnAmt', 'txnTime', 'oppAcctName']) // true
 *   isTransactionRecord(['price', 'createTime'])              // false (no ledger field)
 */
import { normaliseKey, recordRole } from '../keys.js';
import { invalid, recogniser } from '../recogniser.js';
import type { Validation } from '../types.js';

/** The keys (raw or normalised) of one object make it a transaction record. */
export function isTransactionRecord(keys: Iterable<string>): boolean {
  let bits = 0;
  for (const k of keys) bits |= recordRole(normaliseKey(k));
  return bits === 7;
}

export function compact(v: string): string {
  return v.trim();
}

/** A scalar under a transaction key (a serialised record or description) counts when non-empty. */
export function validate(v: string): Validation {
  const s = compact(v);
  return s.length === 0 ? invalid('length') : { ok: true, value: s };
}

export const transaction = recogniser({ label: 'transaction', trigger: 'hint', compact, validate });
export const isValid = transaction.isValid;
