/** Builds EndpointFeatures for tests: only what a case is about needs saying. */
import type { ParamInfo } from '../../../core/endpoint.js';
import type { EndpointFeatures } from './features.js';

export type FeatureInput = Partial<Omit<EndpointFeatures, 'requestParams'>> & {
  /** `in:name` or `name` (a JSON body path), e.g. 'query:pageNo', 'user.password' */
  params?: string[];
};

export function features(method: string, pathTemplate: string, more: FeatureInput = {}): EndpointFeatures {
  const { params = [], ...rest } = more;
  const requestParams = params.map((p): ParamInfo => {
    const colon = p.indexOf(':');
    const where = colon > 0 ? (p.slice(0, colon) as ParamInfo['in']) : 'body';
    return { name: colon > 0 ? p.slice(colon + 1) : p, in: where, types: ['string'], count: 1 };
  });
  return {
    method,
    pathTemplate,
    format: 'rest',
    requestParams,
    responseShape: {},
    requestContentTypes: [],
    responseContentTypes: ['application/json'],
    calls: 10,
    status: { '200': 10 },
    setsCookie: 0,
    returnsToken: 0,
    attachments: 0,
    maxResponseArray: 0,
    avgResponseBytes: 512,
    clients: { public: 0, private: 0 },
    auth: {},
    ...rest,
  };
}
