/**
 * The one explicit list of risk detectors (DESIGN §4.3), sorted by slug. Adding one: a folder
 * `<slug>/` with descriptor.ts, detect.ts and detect.test.ts, and one line here.
 */
import { abnormalLoginRisk } from './abnormal-login/detect.js';
import { abnormalVolumeRisk } from './abnormal-volume/detect.js';
import { accountSharingRisk } from './account-sharing/detect.js';
import { bruteForceRisk } from './brute-force/detect.js';
import { bulkExportRisk } from './bulk-export/detect.js';
import { commandInjectionRisk } from './command-injection/detect.js';
import { crawlerRisk } from './crawler/detect.js';
import { credentialStuffingRisk } from './credential-stuffing/detect.js';
import { crossBorderRisk } from './cross-border/detect.js';
import { disallowedSourceLoginRisk } from './disallowed-source-login/detect.js';
import { dumpingRisk } from './dumping/detect.js';
import { expressionInjectionRisk } from './expression-injection/detect.js';
import { idTraversalRisk } from './id-traversal/detect.js';
import { passwordSprayingRisk } from './password-spraying/detect.js';
import { pathTraversalRisk } from './path-traversal/detect.js';
import { scannerRisk } from './scanner/detect.js';
import { sensitiveVolumeRisk } from './sensitive-volume/detect.js';
import { smsBombingRisk } from './sms-bombing/detect.js';
import { sqliRisk } from './sqli/detect.js';
import { ssrfRisk } from './ssrf/detect.js';
import { successAfterFailuresRisk } from './success-after-failures/detect.js';
import { unusualHoursRisk } from './unusual-hours/detect.js';
import { xssRisk } from './xss/detect.js';
import { xxeRisk } from './xxe/detect.js';
import type { RiskDetector } from './types.js';

export const RISK_DETECTORS: readonly RiskDetector[] = [
  abnormalLoginRisk,
  abnormalVolumeRisk,
  accountSharingRisk,
  bruteForceRisk,
  bulkExportRisk,
  commandInjectionRisk,
  crawlerRisk,
  credentialStuffingRisk,
  crossBorderRisk,
  disallowedSourceLoginRisk,
  dumpingRisk,
  expressionInjectionRisk,
  idTraversalRisk,
  passwordSprayingRisk,
  pathTraversalRisk,
  scannerRisk,
  sensitiveVolumeRisk,
  smsBombingRisk,
  sqliRisk,
  ssrfRisk,
  successAfterFailuresRisk,
  unusualHoursRisk,
  xssRisk,
  xxeRisk,
];
