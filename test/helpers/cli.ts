/** Running the built `guanlan` binary (bin/guanlan.js → dist/) the way a user does, for end-to-end tests. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './corpus.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'guanlan.js');
export const SAMPLE = path.join(REPO_ROOT, 'samples', 'bank-sample.pcap');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function guanlan(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, maxBuffer: 1 << 30, encoding: 'utf8', env: opts.env ? { ...process.env, ...opts.env } : process.env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    else child.stdin!.end();
  });
}

export const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'guanlan-test-'));
/** User errors are one line, never a stack trace. */
export const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
