/**
 * The leak-trace index's keys (DESIGN §5): a sensitive value is never stored, only its keyed
 * digest, HMAC-SHA-256(installation secret, normalised value), its first 128 bits in hex. Without the secret (kept
 * outside the database) a digest cannot be checked against guessed values; with it, a searched
 * value is normalised the same way and digested, so `guanlan trace --value` finds it.
 *
 *   const d = new ValueDigester(secret);
 *   d.digest('11010519491231002X')               // '5f0c…' (64 hex)
 *   traceCandidates('+86 138-1234-5678')        // [{ label: 'cn_mobile', value: '13812345678' }]
 */
import { maskDigits } from '../../core/mask.js';
import type { LabelId } from './labels.js';
import { RECOGNISER } from './registry.js';
import type { ValueDigester } from './value-digester.js';

/** Labels that identify a person, an account or an enterprise: the ones indexed. */
export const TRACE_LABELS: readonly LabelId[] = ['cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'uscc', 'securities_account', 'fund_account'];
const TRACED = new Map<LabelId, number>(TRACE_LABELS.map((l, i) => [l, i]));

/** The label's place in TRACE_LABELS, -1 when it is not traced. */
export function traceLabelIndex(label: LabelId): number {
  return TRACED.get(label) ?? -1;
}

export { DIGEST_BYTES, DIGEST_HEX, ValueDigester } from './value-digester.js';

/**
 * How the leak-trace index names an account: its digit runs masked, as risk events show it, and
 * the first 32 bits of its keyed digest, so that two accounts masked alike (`*******5678`) stay
 * apart and `guanlan trace --account` can find one exactly, without the account in clear.
 *
 *   accountTag(d, '13812345678')   // '*******5678 [3fa2c1d9]'
 */
export function accountTag(d: ValueDigester, account: string): string {
  return `${maskDigits(account)} [${d.digest(`account:${account}`).slice(0, 8)}]`;
}

/**
 * The normalised forms a searched value may have been indexed under: as each traced label (or
 * the one given) validates it; when none does, each label's compact form.
 */
export function traceCandidates(value: string, label?: LabelId): { label: LabelId; value: string }[] {
  const labels = label ? [label] : TRACE_LABELS;
  const out: { label: LabelId; value: string }[] = [];
  for (const l of labels) {
    const r = RECOGNISER[l].validate(value, { hinted: true });
    if (r.ok) out.push({ label: l, value: r.value });
  }
  if (out.length === 0) for (const l of labels) out.push({ label: l, value: RECOGNISER[l].compact(value) });
  const seen = new Set<string>();
  return out.filter((c) => c.value !== '' && !seen.has(c.value) && (seen.add(c.value), true));
}
