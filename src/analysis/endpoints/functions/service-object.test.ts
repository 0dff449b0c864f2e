import { describe, expect, it } from 'vitest';
import type { ServiceObject } from '../../../core/endpoint.js';
import type { EndpointFeatures } from './features.js';
import { classifyServiceObject, type ServiceObjectHints } from './index.js';
import { features as ep } from './test-helpers.js';

const cases: [string, EndpointFeatures, ServiceObject, string, ServiceObjectHints?][] = [
  ['internet clients', ep('POST', '/mbank/user/login.do', { clients: { public: 1200, private: 3 } }), 'public', 'public client addresses (1200)'],
  ['only private clients', ep('GET', '/core/acct/{acctNo}/balance', { clients: { public: 0, private: 4 } }), 'internal', 'only private client addresses (4)'],
  ['actuator, no clients seen', ep('GET', '/actuator/env'), 'internal', 'path word "actuator" and no public clients'],
  ['inner path, private clients', ep('POST', '/inner/ledger/post', { clients: { public: 0, private: 2 } }), 'internal', 'path word "inner" and no public clients (2 private)'],
  ['admin reachable from the internet', ep('GET', '/admin/users', { clients: { public: 5, private: 0 } }), 'public', 'path word "admin" yet reachable from public clients'],
  ['openapi platform', ep('POST', '/openapi/v1/acct/balance', { clients: { public: 3, private: 0 } }), 'partner', 'path word "openapi"; 3 public clients'],
  ['/open/ prefix', ep('POST', '/open/v1/loan/apply'), 'partner', 'path word "open"'],
  ['UK Open Banking', ep('GET', '/open-banking/v4.0/aisp/accounts', { clients: { public: 8, private: 0 } }), 'partner', 'path words "open banking"'],
  ['channel prefix', ep('POST', '/channel/v1/order/create'), 'partner', 'path word "channel"'],
  ['opening an account is not a partner API', ep('POST', '/api/account/open', { clients: { public: 50, private: 0 } }), 'public', 'public client addresses (50)'],
  ['pay channel list is not a partner API', ep('GET', '/api/pay/channel/list', { clients: { public: 50, private: 0 } }), 'public', 'public client addresses (50)'],
  [
    'signed requests from few public clients',
    ep('POST', '/api/fund/query', { calls: 40, auth: { signature: 40 }, clients: { public: 3, private: 0 } }),
    'partner',
    'signature auth on 40 of 40 requests from 3 public clients',
  ],
  [
    'mTLS from one client',
    ep('GET', '/cds-au/v1/banking/accounts', { calls: 10, auth: { 'mtls-header': 9, none: 1 }, clients: { public: 1, private: 0 } }),
    'partner',
    'mtls-header auth on 9 of 10 requests from 1 public client',
  ],
  ['api keys from many clients are public', ep('GET', '/v1/rates', { calls: 900, auth: { 'api-key': 900 }, clients: { public: 500, private: 0 } }), 'public', 'public client addresses (500)'],
  ['operator internal prefix', ep('GET', '/ops/reconcile', { clients: { public: 9, private: 0 } }), 'internal', 'path prefix "/ops/" is configured internal', { internalPrefixes: ['/ops/'] }],
  ['operator partner prefix', ep('POST', '/gw/cmb/pay'), 'partner', 'path prefix "/gw/" is configured partner', { partnerPrefixes: ['/gw/'] }],
  ['nothing known', ep('GET', '/api/news/list'), 'public', 'no client addresses seen; assumed public'],
];

describe('classifyServiceObject', () => {
  it.each(cases)('%s', (_name, f, value, reason, hints) => {
    const got = classifyServiceObject(f, hints);
    expect(got.value, got.reason).toBe(value);
    expect(got.reason).toContain(reason);
  });
});
