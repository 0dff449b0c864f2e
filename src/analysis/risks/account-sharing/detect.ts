/**
 * account-sharing, two views of one account in many hands:
 *  - per account, the distinct devices, client addresses and networks (/24, /48) of its
 *    successful logins and authenticated requests over `windowMinutes`: `minDevices` devices on
 *    `minAddresses` addresses in at least `minNetworks` networks is an event on the account. A
 *    customer moving between home Wi-Fi and 4G shows two addresses on one device; a family on one
 *    router shows one address; a carrier pool that rotates addresses still shows one device.
 *  - per app device id (x-device-id and the like, sent by the bank's own app), the distinct
 *    accounts that logged in successfully from it over `deviceWindowMinutes`: one handset working
 *    `minAccountsPerDevice` accounts is an event on its address. Only an explicit device id counts:
 *    a User-Agent is shared by millions, and one address by everybody behind a carrier NAT or a
 *    partner's server, so "one address, many accounts" is left to credential-stuffing and
 *    password-spraying, which also require failures.
 * Failed logins name the account tried, not the account's holder: they are not counted.
 */
import { headerValue } from '../../../core/exchange.js';
import { hash32 } from '../../../core/hash.js';
import { small } from '../account-profile/digest.js';
import { deviceDigest } from '../account-profile/device.js';
import { networkPrefix } from '../account-profile/network.js';
import { defineRisk } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { RecentValues } from './recent.js';

class AccountUse {
  readonly devices = new RecentValues();
  readonly addresses = new RecentValues();
  readonly networks = new RecentValues();
}

/** A key of bounded size: a long name (a hostile header, a huge JWT claim) is held as two 32-bit hashes of it. */
function bounded(s: string): string {
  return s.length <= 64 ? s : `#${hash32(s, 0x9e3779b9)}:${hash32(s, 0x85ebca6b)}`;
}

const newUse = (): AccountUse => new AccountUse();
const newValues = (): RecentValues => new RecentValues();

const DEVICE_ID_HEADERS = ['x-device-id', 'device-id', 'deviceid'];

/** small digests of a client address and its network (/24, /48), cached: a client sends many requests */
const places = new Map<string, { address: number; network: number }>();
function placeOf(client: string): { address: number; network: number } {
  let p = places.get(client);
  if (!p) {
    p = { address: small(client), network: small(networkPrefix(client) ?? client) };
    if (places.size >= 65_536) places.clear();
    places.set(client, p);
  }
  return p;
}

export const accountSharingRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowMinutes * 60_000;
    const deviceWindowMs = p.deviceWindowMinutes * 60_000;
    // keyed by the account and the device id themselves: this state is never saved, so no keyed
    // digest is needed (accountKey's HMAC per new key: 0.26 s of one profiled analyze of the bench capture), and
    // the account string is the one every detector looks up for this exchange (hashed once)
    const perAccount = new KeyedStore<string, AccountUse>({ maxKeys: p.maxAccounts, ttlMs: windowMs });
    const perDevice = new KeyedStore<string, RecentValues>({ maxKeys: p.maxDeviceIds, ttlMs: deviceWindowMs });
    return {
      onExchange(f, emit) {
        const account = f.identity.account;
        if (!account) return;
        const login = f.login();
        if (login !== undefined && login !== 'success') return;
        const ts = f.tsMs;
        const client = f.identity.client;

        const use = perAccount.upsert(bounded(account), ts, newUse);
        const dev = deviceDigest(f.ex.request.headers);
        if (dev !== undefined) use.devices.add(dev, ts, p.maxValues);
        const where = placeOf(client);
        use.addresses.add(where.address, ts, p.maxValues);
        use.networks.add(where.network, ts, p.maxValues);
        // cheap first: a count can only pass its threshold once that many values are held
        if (use.devices.size >= p.minDevices && use.addresses.size >= p.minAddresses && use.networks.size >= p.minNetworks) {
          const since = ts - windowMs;
          const d = use.devices.count(since);
          const a = d >= p.minDevices ? use.addresses.count(since) : 0;
          const n = a >= p.minAddresses ? use.networks.count(since) : 0;
          if (n >= p.minNetworks) {
            emit({
              at: f,
              subject: { account, ip: client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
              value: d,
              baseline: null,
              threshold: p.minDevices,
              windowStartMs: since,
              detail: `${d} devices on ${a} addresses in ${n} networks used one account within ${p.windowMinutes} min`,
            });
          }
        }

        if (login !== 'success') return;
        let id: string | undefined;
        for (const h of DEVICE_ID_HEADERS) if ((id = headerValue(f.ex.request.headers, h))) break;
        if (!id) return;
        const accounts = perDevice.upsert(bounded(id), ts, newValues);
        accounts.add(small(account), ts, p.maxValues);
        if (accounts.size < p.minAccountsPerDevice) return;
        const since = ts - deviceWindowMs;
        const k = accounts.count(since);
        if (k < p.minAccountsPerDevice) return;
        emit({
          at: f,
          subject: { ip: client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: k,
          baseline: null,
          threshold: p.minAccountsPerDevice,
          windowStartMs: since,
          detail: `one app device id logged in to ${k} accounts within ${p.deviceWindowMinutes} min`,
        });
      },
    };
  },
});
