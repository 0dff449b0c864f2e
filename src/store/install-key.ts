/**
 * The per-installation secret of the leak-trace index (32 random bytes), kept OUTSIDE the
 * database, so that a copy of the database alone cannot confirm a guessed ID number against the
 * stored digests. Where it lives:
 *   - `--key-file FILE` or GUANLAN_KEY_FILE when given;
 *   - a SQLite store `x.db`: `x.db.key` beside it;
 *   - a PostgreSQL store: `~/.guanlan/key`.
 * Created (mode 0600) at the first run that writes; read-only commands never create it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { parseTarget } from './engines.js';

export const KEY_BYTES = 32;

export function keyFileFor(db: string, keyFile?: string): string {
  const given = keyFile ?? process.env.GUANLAN_KEY_FILE;
  if (given) return given;
  const t = parseTarget(db);
  return t.engine === 'sqlite' ? `${t.file}.key` : path.join(homedir(), '.guanlan', 'key');
}

/** The secret at `file`; created when absent and `create`; undefined when absent otherwise. */
export function loadInstallKey(file: string, create: boolean): Buffer | undefined {
  try {
    const k = readFileSync(file);
    if (k.length !== KEY_BYTES) throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `key file ${file}: expected ${KEY_BYTES} bytes, found ${k.length}`);
    return k;
  } catch (err) {
    if (err instanceof GuanlanError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `key file ${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    if (!create) return undefined;
  }
  const k = randomBytes(KEY_BYTES);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another process created meanwhile
    writeFileSync(file, k, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadInstallKey(file, false);
    throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `key file ${file}: cannot create: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return k;
}
