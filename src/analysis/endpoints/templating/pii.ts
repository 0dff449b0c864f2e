/**
 * Personal data in a path segment (`/customers/110101199003071234/accounts`): the templater types
 * such segments with the sensitive-data recognisers' own validators (checksum, region, prefix
 * tables), so a path parameter flagged `cn_id` passed the same check a body value would.
 */
import { isValid as isCnId } from '../../sensitive/recognisers/cn_id.js';
import { isValid as isCnMobile } from '../../sensitive/recognisers/cn_mobile.js';
import { isValid as isBankCard } from '../../sensitive/recognisers/bank_card.js';
import type { PathPiiCheck } from './segments.js';

export const PATH_PII_CHECKS: readonly PathPiiCheck[] = [
  { label: 'cn_id', test: (s) => (s.length === 18 || s.length === 15) && isCnId(s) },
  { label: 'cn_mobile', test: (s) => s.length === 11 && isCnMobile(s) },
  { label: 'bank_card', test: (s) => s.length >= 16 && s.length <= 19 && isBankCard(s) },
];
