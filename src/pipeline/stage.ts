/**
 * The stage interface (DESIGN §1). Sources and decoders produce Exchanges; stages observe them in
 * decode order and keep their own keyed, bounded state; at the end of each input the runner asks
 * every stage for its results and hands them to the sinks (the store first). Stages never import
 * storage, server or CLI code: what they return is plain data.
 *
 * A new analysis is one module implementing Stage plus one line in `createStages` (stages.ts).
 */
import type { Exchange } from '../core/exchange.js';
import type { InputKind } from '../sources/sniff.js';

export interface InputContext {
  /** as named on the command line */
  name: string;
  kind: InputKind;
  /** `<kind>:<name>` */
  source: string;
}

export interface Stage<R = unknown> {
  readonly name: string;
  beginInput?(input: InputContext): void;
  /** The hot path: synchronous, small, allocation-light. */
  onExchange(ex: Exchange): void;
  /** Results for the input just finished; the stage resets its per-input state. */
  endInput(input: InputContext): R;
}
