/**
 * plaintext-credentials: a password field in the request whose value is neither a hash nor an
 * encrypted blob (the password recogniser's `secretForm`). Masked echoes (`******`) are not
 * passwords in clear. One finding per endpoint and field.
 */
import { secretForm } from '../../sensitive/recognisers/password.js';
import { defineDetector } from '../types.js';
import { requestValue } from '../values.js';
import { descriptor } from './descriptor.js';

export const plaintextCredentials = defineDetector({
  descriptor,
  create: (p) => ({
    onExchange(f, report) {
      for (const h of f.requestHits) {
        if (h.masked || !(h.label === 'password' || (p.payPasswords && h.label === 'pay_password'))) continue;
        const v = requestValue(f, h.location);
        if (v === undefined || v === '') continue;
        const form = secretForm(v);
        if (p.acceptHashed && form !== 'plain') continue;
        report({
          at: f,
          location: h.location,
          detail: `${h.label === 'pay_password' ? 'payment password' : 'password'} sent in clear in "${h.location}" (${v.length} characters, not a hash or ciphertext)`,
          data: { label: h.label, length: v.length, form },
        });
      }
    },
  }),
});
