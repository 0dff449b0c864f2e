/** Decode a file in this thread the way the CLI does (content sniffing, gzip, every source). */
import type { InputIssue } from '../../src/core/errors.js';
import type { Exchange } from '../../src/core/exchange.js';
import type { DecodeLimits } from '../../src/decode/types.js';
import { decodeInput, newTally } from '../../src/sources/decode.js';
import { openInput } from '../../src/sources/open.js';

export interface Decoded {
  exchanges: Exchange[];
  issues: InputIssue[];
  counters: Record<string, number>;
  packets: number;
}

export async function decodeFile(file: string, limits?: Partial<DecodeLimits>): Promise<Decoded> {
  const input = await openInput(file);
  const tally = newTally();
  const issues: InputIssue[] = [];
  const exchanges: Exchange[] = [];
  for await (const batch of decodeInput(input.kind, input.chunks, { name: file, limits, onIssue: (i) => issues.push(i) }, tally)) {
    exchanges.push(...batch);
  }
  return { exchanges, issues, counters: tally.counters.toJSON(), packets: tally.packets };
}
