/** Shapes of the web-attack detection library (DESIGN §4.3, "Web attacks"). Pure data, no I/O. */

export type AttackClass =
  | 'sqli'
  | 'xss'
  | 'path-traversal'
  | 'command-injection'
  | 'ssrf'
  | 'xxe'
  | 'expression-injection'
  | 'scanner';

export const ATTACK_CLASSES: readonly AttackClass[] = [
  'sqli',
  'xss',
  'path-traversal',
  'command-injection',
  'ssrf',
  'xxe',
  'expression-injection',
  'scanner',
];

export interface AttackHit {
  class: AttackClass;
  /** Where: `path`, `query.<name>`, `form.<name>`, `body.<json.path>`, `body`, `header.<name>`, `cookie.<name>`. */
  location: string;
  /** Short, stable text: a SQL fingerprint (`s&sos`), `script tag`, `jndi lookup`, … */
  reason: string;
  /** The matched part of the (decoded) value, at most 64 characters. */
  sample: string;
}

export interface DetectOptions {
  /** Most characters of values examined per request (after extraction); the rest is skipped. */
  maxBytes?: number;
  /** Most values examined per request. */
  maxValues?: number;
  /** Classes to look for; all when absent. */
  classes?: readonly AttackClass[];
}

/** One finding of a per-value detector, before the location is attached. */
export interface ValueHit {
  reason: string;
  sample: string;
}
