/**
 * Stable error codes from one table. A GuanlanError is a user-facing error: the CLI prints its
 * message as one line (no stack) and exits with `exitCode`. Anything else is a bug.
 */
export const ErrorCodes = {
  USAGE: 'GL_USAGE',
  INPUT_NOT_FOUND: 'GL_INPUT_NOT_FOUND',
  INPUT_UNKNOWN_FORMAT: 'GL_INPUT_UNKNOWN_FORMAT',
  INPUT_CORRUPT: 'GL_INPUT_CORRUPT',
  CONFIG_INVALID: 'GL_CONFIG_INVALID',
  CAPTURE_UNAVAILABLE: 'GL_CAPTURE_UNAVAILABLE',
  STORE: 'GL_STORE',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class GuanlanError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, exitCode = 2) {
    super(message);
    this.name = 'GuanlanError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/**
 * A problem with one input at one place. Sources report these and go on; the CLI prints each
 * as `guanlan: FILE: at byte N: message` (or `line N`) and exits 1 at the end.
 */
export interface InputIssue {
  input: string;
  /** e.g. `byte 1234`, `line 17`, `entry 3` */
  where?: string;
  message: string;
}

export function formatInputIssue(i: InputIssue): string {
  return `${i.input}${i.where ? `: at ${i.where}` : ''}: ${i.message}`;
}
