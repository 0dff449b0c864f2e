/**
 * The one explicit list of risk detectors (DESIGN §4.3), sorted by slug. Adding one: a folder
 * `<slug>/` with descriptor.ts, detect.ts and detect.test.ts, and one line here.
 */
import { abnormalVolumeRisk } from './abnormal-volume/detect.js';
import { bruteForceRisk } from './brute-force/detect.js';
import { commandInjectionRisk } from './command-injection/detect.js';
import { credentialStuffingRisk } from './credential-stuffing/detect.js';
import { expressionInjectionRisk } from './expression-injection/detect.js';
import { passwordSprayingRisk } from './password-spraying/detect.js';
import { pathTraversalRisk } from './path-traversal/detect.js';
import { scannerRisk } from './scanner/detect.js';
import { sensitiveVolumeRisk } from './sensitive-volume/detect.js';
import { smsBombingRisk } from './sms-bombing/detect.js';
import { sqliRisk } from './sqli/detect.js';
import { ssrfRisk } from './ssrf/detect.js';
import { successAfterFailuresRisk } from './success-after-failures/detect.js';
import { xssRisk } from './xss/detect.js';
import { xxeRisk } from './xxe/detect.js';
import type { RiskDetector } from './types.js';

export const RISK_DETECTORS: readonly RiskDetector[] = [
  abnormalVolumeRisk,
  bruteForceRisk,
  commandInjectionRisk,
  credentialStuffingRisk,
  expressionInjectionRisk,
  passwordSprayingRisk,
  pathTraversalRisk,
  scannerRisk,
  sensitiveVolumeRisk,
  smsBombingRisk,
  sqliRisk,
  ssrfRisk,
  successAfterFailuresRisk,
  xssRisk,
  xxeRisk,
];
