/** Where the shared external corpus lives: `../shared/corpus` beside the repository. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');
export const corpusPath = (...p: string[]): string => path.join(CORPUS, ...p);
export const haveCorpus = existsSync(CORPUS);
