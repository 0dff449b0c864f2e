/**
 * Small stable digests for per-account profiles: a profile remembers "which devices, networks,
 * countries" as a few integers instead of strings, so hundreds of thousands of accounts fit in
 * memory, and the saved state names accounts by digest rather than in clear.
 *
 * Unlike identity's keyed digests (linking within one process), these must be the same after a
 * restart so a profile saved today is found again. A running installation keys them with its
 * per-installation secret (`setProfileSecret`, the same key file as the leak-trace index, kept
 * outside the database): then the account names in the saved state are HMAC-SHA-256 digests and
 * cannot be found again by trying every mobile number without that key. Without a secret (tests,
 * in-memory runs) they are plain FNV hashes: pseudonyms only.
 *
 *   small('d:9fQ…')            // 0 ≤ n < 2^28: fits a V8 small integer with a 2-bit tag beside it
 *   accountKey('13812345678')  // 0 ≤ n < 2^52: collisions ~1e-4 among a million accounts
 */

import { createHmac } from 'node:crypto';
import { hash32 } from '../../../core/hash.js';


/** 28 bits: room for a 2-bit kind tag while staying a small integer (no heap number per entry). */
export function small(s: string): number {
  return hash32(s) >>> 4;
}

let secret: Buffer | undefined;
/** keyed digests by app, then account: an account comes back on every request it makes */
const keyed = new Map<string, Map<string, number>>();
const MAX_KEYED = 65_536;

/** Key account digests with the installation's secret from now on (undefined: unkeyed). */
export function setProfileSecret(key: Buffer | undefined): void {
  secret = key ? createHmac('sha256', key).update('guanlan:account-profile:v1').digest() : undefined;
  keyed.clear();
  lastAccount = undefined;
}

/** the last call's answer: every per-account detector asks for the same account in a row */
let lastAccount: string | undefined;
let lastApp = '';
let lastKey = 0;

/** A 52-bit number naming an account (and, when given, the app it uses): the profile store's key. */
export function accountKey(account: string, app = ''): number {
  if (account === lastAccount && app === lastApp) return lastKey;
  let m = keyed.get(app);
  if (!m) keyed.set(app, (m = new Map()));
  let k = m.get(account);
  if (k === undefined) {
    const s = app ? `${app}\n${account}` : account;
    if (secret) {
      const d = createHmac('sha256', secret).update(s).digest();
      k = d.readUInt32BE(0) * 0x100000 + (d.readUInt32BE(4) >>> 12);
    } else k = hash32(s, 0x9e3779b9) * 0x100000 + (hash32(s, 0x85ebca6b) >>> 12);
    if (m.size >= MAX_KEYED) m.clear();
    m.set(account, k);
  }
  lastAccount = account;
  lastApp = app;
  lastKey = k;
  return k;
}
