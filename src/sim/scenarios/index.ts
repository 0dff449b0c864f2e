/** The scenario registry: one line per scenario, sorted by dimension then id. */
import { abnormalLogin, accountSharing, bruteForce, credentialStuffing, disallowedSourceLogin, passwordSpraying, smsBombing, successAfterFailures, unusualHours } from './account.js';
import { commandInjection, expressionInjection, pathTraversal, scanner, sqli, ssrf, xss, xxe } from './attacks.js';
import { abnormalVolume, bulkExport, crawler, crossBorder, dumping, idTraversal, sensitiveVolume } from './data.js';
import type { Scenario } from './types.js';

export const SCENARIOS: readonly Scenario[] = [
  abnormalLogin,
  accountSharing,
  bruteForce,
  credentialStuffing,
  disallowedSourceLogin,
  passwordSpraying,
  smsBombing,
  successAfterFailures,
  unusualHours,
  abnormalVolume,
  bulkExport,
  crawler,
  crossBorder,
  dumping,
  idTraversal,
  sensitiveVolume,
  commandInjection,
  expressionInjection,
  pathTraversal,
  scanner,
  sqli,
  ssrf,
  xss,
  xxe,
];

export type { Scenario } from './types.js';
