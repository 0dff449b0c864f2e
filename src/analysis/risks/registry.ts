/**
 * The one explicit list of risk detectors (DESIGN §4.3), sorted by slug. Adding one: a folder
 * `<slug>/` with descriptor.ts, detect.ts and detect.test.ts, and one line here.
 */
import { bruteForceRisk } from './brute-force/detect.js';
import { commandInjectionRisk } from './command-injection/detect.js';
import { credentialStuffingRisk } from './credential-stuffing/detect.js';
import { expressionInjectionRisk } from './expression-injection/detect.js';
import { pathTraversalRisk } from './path-traversal/detect.js';
import { scannerRisk } from './scanner/detect.js';
import { sqliRisk } from './sqli/detect.js';
import { ssrfRisk } from './ssrf/detect.js';
import type { RiskDetector } from './types.js';
import { xssRisk } from './xss/detect.js';
import { xxeRisk } from './xxe/detect.js';

export const RISK_DETECTORS: readonly RiskDetector[] = [
  bruteForceRisk,
  commandInjectionRisk,
  credentialStuffingRisk,
  expressionInjectionRisk,
  pathTraversalRisk,
  scannerRisk,
  sqliRisk,
  ssrfRisk,
  xssRisk,
  xxeRisk,
];
