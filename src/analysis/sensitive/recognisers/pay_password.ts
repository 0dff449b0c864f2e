/**
 * pay_password — 交易密码/支付密码/取款密码: under a payment-password key (`payPwd`, `jymm`, `zfmm`,
 * `pinBlock`…). Usually a 6-digit PIN, or a PIN block / encrypted blob; same forms as `password`.
 *
 *   validate('123456') // { ok: true, value: '123456', detail: { form: 'plain' } }
 */
import { recogniser } from '../recogniser.js';
import { checkMasked, compact, validate } from './password.js';

export { checkMasked, compact, validate };

export const payPassword = recogniser({ label: 'pay_password', trigger: 'hint', compact, validate, checkMasked });
export const isValid = payPassword.isValid;
