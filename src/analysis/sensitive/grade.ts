/**
 * Endpoint grading (高敏感 / 中敏感 / 低敏感 / 非敏感) from the labels an endpoint carries. The
 * rules are data, so a deployment can replace them (guanlan.yaml `sensitive.grading.rules`); an
 * endpoint takes the highest grade of any rule it matches, with that rule's `why`.
 *
 * A rule matches when, among the endpoint's label aggregates in its direction (request =
 * collection, response = disclosure), those of its labels or categories, clear when it asks for
 * clear values, number at least `minLabels` distinct labels and one of them reached `minRecords`
 * occurrences in one message.
 *
 *   gradeOf([{ label: 'cn_id', direction: 'response', clear: 20, maxRecords: 20, … }])
 *   // { grade: 'high', why: 'identity or card numbers in clear, 10+ records per response' }
 */
import { type Category, LABEL, type LabelId } from './labels.js';

export type Grade = 'high' | 'medium' | 'low' | 'none';
export const GRADE_ZH: Record<Grade, string> = { high: '高敏感', medium: '中敏感', low: '低敏感', none: '非敏感' };
const RANK: Record<Grade, number> = { none: 0, low: 1, medium: 2, high: 3 };

export interface GradeRule {
  grade: Exclude<Grade, 'none'>;
  why: string;
  direction?: 'request' | 'response';
  labels?: readonly LabelId[];
  categories?: readonly Category[];
  /** only clear (unmasked, or partially masked) occurrences count */
  clear?: boolean;
  minRecords?: number;
  minLabels?: number;
}

/** What grading needs to know about one (label, direction) of an endpoint. */
export interface GradeInput {
  label: LabelId;
  direction: 'request' | 'response';
  /** exchanges where it was seen in clear (or only partially masked) */
  clear: number;
  /** most occurrences in one message */
  maxRecords: number;
}

/** Labels that single out a person or an account. */
const IDENTIFIERS: LabelId[] = ['cn_id', 'bank_card', 'passport', 'hk_mo_permit', 'tw_permit', 'securities_account', 'fund_account', 'card_track'];
const AUTH_SECRETS: LabelId[] = ['password', 'pay_password', 'card_cvv', 'card_track', 'card_expiry'];

export const DEFAULT_GRADE_RULES: readonly GradeRule[] = [
  { grade: 'high', direction: 'response', labels: AUTH_SECRETS, clear: true, why: 'authentication data (password, CVV, track, expiry) returned in clear' },
  { grade: 'high', direction: 'response', labels: IDENTIFIERS, clear: true, minRecords: 10, why: 'identity or card numbers in clear, 10+ records per response' },
  { grade: 'high', direction: 'response', categories: ['C2'], clear: true, minLabels: 4, why: 'a personal profile in clear (4+ kinds of personal data)' },
  { grade: 'medium', direction: 'response', labels: IDENTIFIERS, clear: true, why: 'identity or card numbers in clear' },
  { grade: 'medium', direction: 'response', categories: ['C2'], clear: true, why: 'personal or financial data returned in clear' },
  { grade: 'medium', direction: 'request', labels: ['password', 'pay_password', 'card_cvv', 'card_track', 'card_expiry'], why: 'collects passwords or card secrets' },
  { grade: 'medium', direction: 'request', labels: IDENTIFIERS, why: 'collects identity or card numbers' },
  { grade: 'low', direction: 'response', categories: ['C2', 'C3'], why: 'personal data returned masked, or tokens' },
  { grade: 'low', direction: 'request', categories: ['C2'], why: 'collects personal data' },
  { grade: 'low', categories: ['C1'], why: 'internal data (IP addresses, enterprise codes)' },
];

function matches(rule: GradeRule, inputs: readonly GradeInput[]): boolean {
  const labels = new Set<LabelId>();
  let records = false;
  for (const i of inputs) {
    if (rule.direction && i.direction !== rule.direction) continue;
    if (rule.labels && !rule.labels.includes(i.label)) continue;
    if (rule.categories && !rule.categories.includes(LABEL[i.label]?.category)) continue;
    if (rule.clear && i.clear === 0) continue;
    labels.add(i.label);
    if (i.maxRecords >= (rule.minRecords ?? 0)) records = true;
  }
  return labels.size >= (rule.minLabels ?? 1) && records;
}

export function gradeOf(inputs: readonly GradeInput[], rules: readonly GradeRule[] = DEFAULT_GRADE_RULES): { grade: Grade; why: string } {
  let best: { grade: Grade; why: string } = { grade: 'none', why: '' };
  for (const r of rules) if (RANK[r.grade] > RANK[best.grade] && matches(r, inputs)) best = { grade: r.grade, why: r.why };
  return best;
}
