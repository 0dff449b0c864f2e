/**
 * abnormal-login: each successful login is compared with the profile of the account on that app,
 * learnt from its earlier successful logins: the devices, network prefixes (/24, /48), ASNs and
 * countries it came from, and where and when it last logged in. Once the profile holds
 * `minHistory` logins, each novelty counts one (new device, new network, new country) and
 * `minSignals` of them (default 2: a new device on a new network) make an event. A login from
 * another country than the previous one within `travelMinutes` is impossible travel and counts
 * two, so it is an event even on a young profile. The login is learnt after it is judged.
 *
 * Why per app: a customer's first visit to internet banking from the office PC is a new device on
 * a new network by nature; the app and the web each learn their own habits. Why prefixes as well
 * as ASNs: the customers of one country share a handful of carrier ASNs, so "same ASN" says little
 * about place; the /24 or /48 says where. A client address that is internal (the bank's own
 * networks, a proxy without forwarding headers) gives no opinion on network or country.
 */
import { accountKey, small } from '../account-profile/digest.js';
import { deviceDigest } from '../account-profile/device.js';
import { networkPrefix } from '../account-profile/network.js';
import { ProfileStore, smallInts } from '../account-profile/profile-store.js';
import { defineRisk } from '../types.js';
import { descriptor } from './descriptor.js';

const DAY = 86_400_000;
/** tags of remembered entries: kind << 28 | 28-bit digest */
const DEVICE = 0;
const NETWORK = 1 << 28;
const ASN = 2 << 28;
const COUNTRY = 3 << 28;
const KIND = 3 << 28;

export interface LoginProfile {
  /** successful logins learnt (saturates) */
  n: number;
  /** time of the latest login, ms */
  t: number;
  /** country of the latest login, two letters packed (0: unknown) */
  cc: number;
  /** devices, networks, ASNs and countries seen, most recent first */
  seen: number[];
}

const packCountry = (c: string): number => (c.charCodeAt(0) << 8) | c.charCodeAt(1);
const unpackCountry = (n: number): string => String.fromCharCode(n >> 8, n & 0xff);

function has(p: LoginProfile, tag: number): boolean {
  return p.seen.includes(tag);
}

function hasKind(p: LoginProfile, kind: number): boolean {
  return p.seen.some((x) => (x & KIND) === kind);
}

/** Moves `tag` to the front; forgets the least recent entry of its kind beyond `cap`. */
function remember(p: LoginProfile, tag: number, cap: number): void {
  const at = p.seen.indexOf(tag);
  if (at >= 0) p.seen.splice(at, 1);
  p.seen.unshift(tag);
  const kind = tag & KIND;
  let n = 0;
  for (let i = 0; i < p.seen.length; i++) {
    if ((p.seen[i]! & KIND) === kind && ++n > cap) {
      p.seen.splice(i, 1);
      return;
    }
  }
}

function decode(x: unknown): LoginProfile | undefined {
  const o = x as Partial<LoginProfile> | null;
  if (!o || typeof o !== 'object') return undefined;
  const seen = smallInts(o.seen, 64);
  if (!Number.isInteger(o.n) || !Number.isFinite(o.t) || !Number.isInteger(o.cc) || !seen) return undefined;
  return { n: o.n!, t: o.t!, cc: o.cc!, seen: [...seen] };
}

export const abnormalLoginRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const travelMs = p.travelMinutes * 60_000;
    const profiles = new ProfileStore<LoginProfile>({
      maxKeys: p.maxAccounts,
      ttlMs: p.profileDays * DAY,
      kind: 'abnormal-login-profiles',
      v: 1,
      encode: (x) => ({ n: x.n, t: x.t, cc: x.cc, seen: x.seen }),
      decode,
    });
    return {
      onExchange(f, emit) {
        if (f.login() !== 'success') return;
        const account = f.identity.account;
        if (!account) return;
        const prof = profiles.upsert(accountKey(account, f.app), f.tsMs, () => ({ n: 0, t: 0, cc: 0, seen: [] }));

        const dev = deviceDigest(f.ex.request.headers);
        const g = f.geo();
        const place = g.internal !== true;
        const prefix = place ? networkPrefix(f.identity.client) : undefined;
        const tags = {
          device: dev === undefined ? undefined : DEVICE | dev,
          network: prefix === undefined ? undefined : NETWORK | small(prefix),
          asn: place && g.asn !== undefined ? ASN | small(`AS${g.asn}`) : undefined,
          country: place && g.country?.length === 2 ? COUNTRY | small(g.country) : undefined,
        };
        const cc = tags.country === undefined ? 0 : packCountry(g.country!);

        // a kind the profile never saw (no device header before, no geo database) gives no opinion
        const isNew = (tag: number | undefined): boolean => tag !== undefined && hasKind(prof, tag & KIND) && !has(prof, tag);
        const mature = prof.n >= p.minHistory;
        const newDevice = mature && isNew(tags.device);
        const newAsn = mature && isNew(tags.asn);
        const newNetwork = mature && (isNew(tags.network) || newAsn);
        const newCountry = mature && isNew(tags.country);
        const travel = cc !== 0 && prof.cc !== 0 && prof.cc !== cc && Math.abs(f.tsMs - prof.t) <= travelMs;
        const signals = +newDevice + +newNetwork + +newCountry + (travel ? 2 : 0);

        if (signals >= p.minSignals && (mature || travel)) {
          const what: string[] = [];
          if (newDevice) what.push('a new device');
          if (newNetwork) what.push(newAsn ? `a new network (AS${g.asn})` : 'a new network prefix');
          if (newCountry) what.push(`a new country (${g.country})`);
          if (travel) what.push(`${unpackCountry(prof.cc)} → ${g.country} within ${Math.max(1, Math.round(Math.abs(f.tsMs - prof.t) / 60_000))} min`);
          emit({
            at: f,
            subject: { account, ip: f.identity.client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
            value: signals,
            baseline: 0,
            threshold: p.minSignals,
            windowStartMs: prof.t > 0 && prof.t < f.tsMs ? prof.t : f.tsMs,
            detail: `login from ${what.join(' and ')} after ${prof.n} earlier logins on this app`,
          });
        }

        // learn it
        prof.n = Math.min(prof.n + 1, 0xffff);
        if (f.tsMs >= prof.t) {
          prof.t = f.tsMs;
          if (cc !== 0) prof.cc = cc;
        }
        if (tags.device !== undefined) remember(prof, tags.device, p.maxDevices);
        if (tags.network !== undefined) remember(prof, tags.network, p.maxNetworks);
        if (tags.asn !== undefined) remember(prof, tags.asn, p.maxNetworks);
        if (tags.country !== undefined) remember(prof, tags.country, p.maxCountries);
      },
      save: () => profiles.toJSON(),
      load: (state) => void profiles.load(state),
    };
  },
});
