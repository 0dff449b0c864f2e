/**
 * Sensitive data (DESIGN §4.1): the label catalogue, the recognisers and the scanners.
 *
 *   scanJson(JSON.parse(body), { refTime: Date.parse(ex.ts) })  // JSON bodies
 *   scanParams(queryPairs, { locationPrefix: 'query' })           // query, form, headers, cookies
 *   scanText(body)                                                // HTML, XML, text, broken JSON
 */
export { LABEL, LABEL_IDS, LABELS, LEVEL_OF, type Category, type LabelId, type LabelInfo } from './labels.js';
export { RECOGNISER, RECOGNISERS } from './registry.js';
export { keyInfo, normaliseKey, type KeyInfo } from './keys.js';
export { maskSample, maskShape } from './mask.js';
export { scanJson } from './scan-json.js';
export { scanParams } from './scan-params.js';
export { scanText } from './scan-text.js';
export type { CheckContext, DataHit, InvalidReason, MaskedForm, Recogniser, ScanOptions, Validation } from './types.js';
