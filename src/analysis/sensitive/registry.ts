/**
 * The one explicit list of recognisers, sorted by label id. Nothing registers itself on import:
 * adding a label means adding its module under recognisers/ (with its test), its row in
 * labels.ts, and one line here.
 */
import type { LabelId } from './labels.js';
import { address } from './recognisers/address.js';
import { amount } from './recognisers/amount.js';
import { balance } from './recognisers/balance.js';
import { bankCard } from './recognisers/bank_card.js';
import { cardCvv } from './recognisers/card_cvv.js';
import { cardExpiry } from './recognisers/card_expiry.js';
import { cardTrack } from './recognisers/card_track.js';
import { cnId } from './recognisers/cn_id.js';
import { cnMobile } from './recognisers/cn_mobile.js';
import { credential } from './recognisers/credential.js';
import { email } from './recognisers/email.js';
import { fundAccount } from './recognisers/fund_account.js';
import { geo } from './recognisers/geo.js';
import { hkMoPermit } from './recognisers/hk_mo_permit.js';
import { ip } from './recognisers/ip.js';
import { landline } from './recognisers/landline.js';
import { passport } from './recognisers/passport.js';
import { password } from './recognisers/password.js';
import { payPassword } from './recognisers/pay_password.js';
import { personName } from './recognisers/person_name.js';
import { plate } from './recognisers/plate.js';
import { securitiesAccount } from './recognisers/securities_account.js';
import { smsCode } from './recognisers/sms_code.js';
import { transaction } from './recognisers/transaction.js';
import { twPermit } from './recognisers/tw_permit.js';
import { uscc } from './recognisers/uscc.js';
import type { Recogniser } from './types.js';

export const RECOGNISERS: readonly Recogniser[] = [
  address,
  amount,
  balance,
  bankCard,
  cardCvv,
  cardExpiry,
  cardTrack,
  cnId,
  cnMobile,
  credential,
  email,
  fundAccount,
  geo,
  hkMoPermit,
  ip,
  landline,
  passport,
  password,
  payPassword,
  personName,
  plate,
  securitiesAccount,
  smsCode,
  transaction,
  twPermit,
  uscc,
];

export const RECOGNISER: Readonly<Record<LabelId, Recogniser>> = Object.fromEntries(RECOGNISERS.map((r) => [r.label, r])) as Record<LabelId, Recogniser>;
