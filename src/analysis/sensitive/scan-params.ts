/**
 * scanParams: query, form, header or cookie pairs (already split and decoded by the caller). The
 * location is the parameter name, after `locationPrefix` (`query.mobile`, `header.authorization`);
 * repeated names aggregate.
 *
 *   scanParams([['mobile', '13812345678'], ['pwd', 'secret']], { locationPrefix: 'form' })
 *   // cn_mobile at form.mobile, password at form.pwd
 */
import { HitCollector } from './collector.js';
import { type KeyInfo, keyInfo, NEUTRAL_KEY } from './keys.js';
import type { LabelId } from './labels.js';
import { scanContext } from './scan-context.js';
import type { KeySource, Sink } from './tokens.js';
import type { DataHit, MaskedForm, ScanOptions } from './types.js';
import { scanValue } from './value-scan.js';

export function scanParams(pairs: ReadonlyArray<readonly [string, string]>, opts: ScanOptions = {}): DataHit[] {
  const out = new HitCollector(opts);
  const ctx = scanContext(opts);
  let name = '';
  let key: KeyInfo = NEUTRAL_KEY;
  const keys: KeySource = { keyAt: () => key };
  const sink: Sink = {
    hit: (label: LabelId, masked: MaskedForm | undefined, value: string) => out.add(label, name, masked, value),
    candidate: () => out.candidate(name),
  };
  for (const [k, v] of pairs) {
    name = k;
    key = keyInfo(k, opts.allowKeys);
    scanValue(v, key, keys, ctx, sink);
  }
  return out.finish();
}
