/**
 * The one explicit list of weakness detectors (DESIGN §4.2), sorted by slug. Adding a detector:
 * a folder `<slug>/` with descriptor.ts, detect.ts and detect.test.ts, end-to-end cases under
 * test/cases/, and one line here. Nothing registers itself on import.
 */
import { cleartextSensitiveTransport } from './cleartext-sensitive-transport/detect.js';
import { credentialsInUrl } from './credentials-in-url/detect.js';
import { enumerableId } from './enumerable-id/detect.js';
import { fileDownloadByPath } from './file-download-by-path/detect.js';
import { inconsistentMasking } from './inconsistent-masking/detect.js';
import { jwtWeakness } from './jwt-weakness/detect.js';
import { plaintextCredentials } from './plaintext-credentials/detect.js';
import { secretInResponse } from './secret-in-response/detect.js';
import { sensitiveDataInUrl } from './sensitive-data-in-url/detect.js';
import { shadowApi } from './shadow-api/detect.js';
import { singleFactorLogin } from './single-factor-login/detect.js';
import { smsCodeInResponse } from './sms-code-in-response/detect.js';
import { smsNoRateLimit } from './sms-no-rate-limit/detect.js';
import { sqlInParameter } from './sql-in-parameter/detect.js';
import { ssrfProneParameter } from './ssrf-prone-parameter/detect.js';
import { unauthenticatedSensitiveAccess } from './unauthenticated-sensitive-access/detect.js';
import { unboundedPageSize } from './unbounded-page-size/detect.js';
import { unmaskedSensitiveData } from './unmasked-sensitive-data/detect.js';
import { verboseError } from './verbose-error/detect.js';
import { weakPasswordAccepted } from './weak-password-accepted/detect.js';
import { zombieApi } from './zombie-api/detect.js';
import type { WeaknessDetector } from './types.js';

export const WEAKNESS_DETECTORS: readonly WeaknessDetector[] = [
  cleartextSensitiveTransport,
  credentialsInUrl,
  enumerableId,
  fileDownloadByPath,
  inconsistentMasking,
  jwtWeakness,
  plaintextCredentials,
  secretInResponse,
  sensitiveDataInUrl,
  shadowApi,
  singleFactorLogin,
  smsCodeInResponse,
  smsNoRateLimit,
  sqlInParameter,
  ssrfProneParameter,
  unauthenticatedSensitiveAccess,
  unboundedPageSize,
  unmaskedSensitiveData,
  verboseError,
  weakPasswordAccepted,
  zombieApi,
];
