/**
 * Function classes and service object of an endpoint, from the features the catalog gathers.
 * Pure functions over EndpointFeatures; vocabularies are data in vocabulary.ts.
 */
export { classifyFunctions } from './classify.js';
export { classifyServiceObject, PARTNER_MAX_CLIENTS, type ServiceObjectHints } from './service-object.js';
export { isPrivateAddress, type EndpointFeatures } from './features.js';
