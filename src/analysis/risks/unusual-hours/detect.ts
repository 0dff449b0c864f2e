/**
 * unusual-hours: logins and sensitive actions (transfers, payee changes, exports, password
 * resets) of an account at hours it is not active, when the app is quiet.
 *
 * Each account has 24 local hour-of-day counters: one count per (day, hour) it was active, learnt
 * from completed days only (today's hours wait in a bit mask until the day is over, so tonight's
 * activity never makes itself normal). Each app learns its own hourly load of logins the same way.
 *  - A mature account (`minDays` active days) is off its hours when the hour and its neighbours
 *    hold at most `maxShare` of its history and the app is not busy then (`offHourLoad`); a
 *    sensitive action there, or `minMatureLogins` logins in one night, is an event.
 *  - An account without that history is judged by policy: the quiet hours (`quietFrom`–`quietTo`,
 *    while the app's learnt load confirms they are quiet) with no activity of its own at that hour
 *    before. One night session is common enough (insomnia, night shifts, travel) to stay quiet:
 *    `minNightLogins` logins in one night, or `minNightLoginsWithAction` with a sensitive action.
 */
import { accountKey } from '../account-profile/digest.js';
import { inHours, localDay, localHour, nightOf } from '../account-profile/local-time.js';
import { ProfileStore } from '../account-profile/profile-store.js';
import type { RiskFacts } from '../types.js';
import { defineRisk } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { AppLoad, HOURS_VERSION, type HourProfile, decodeProfile, emptyProfile, roll } from './hours.js';

const DAY = 86_400_000;
const newLoad = (): AppLoad => new AppLoad();
const PAYEE = /payee|beneficiar|receiver|counterpart|shoukuan|收款/i;

/** A change worth a second look at night: money out, where money goes, data out, credentials. */
function sensitive(f: RiskFacts): boolean {
  const fn = f.functions();
  if (fn.has('payment') || fn.has('export') || fn.has('password-reset')) return true;
  return (fn.has('create') || fn.has('update') || fn.has('delete')) && PAYEE.test(f.template());
}

export const unusualHoursRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const tz = p.tzMinutes;
    const profiles = new ProfileStore<HourProfile>({ maxKeys: p.maxAccounts, ttlMs: p.profileDays * DAY, kind: 'unusual-hours-profiles', v: HOURS_VERSION, encode: (x) => x, decode: decodeProfile });
    const apps = new KeyedStore<string, AppLoad>({ maxKeys: p.maxApps, ttlMs: p.profileDays * DAY });

    return {
      onExchange(f, emit) {
        const account = f.identity.account;
        if (!account) return;
        const login = f.login();
        if (login !== undefined && login !== 'success') return;
        const ts = f.tsMs;
        const hr = localHour(ts, tz);
        const day = localDay(ts, tz);
        const app = apps.upsert(f.app, ts, newLoad);
        if (login === 'success') app.record(day, hr);

        const prof = profiles.upsert(accountKey(account), ts, emptyProfile);
        roll(prof, day);
        if (day === prof.day) prof.mask |= 1 << hr;
        const action = login === undefined && sensitive(f);
        if (login !== 'success' && !action) return;

        // judged against completed days only
        const h = prof.h;
        const near = h[(hr + 23) % 24]! + h[hr]! + h[(hr + 1) % 24]!;
        const mature = prof.days >= p.minDays;
        const load = app.days >= p.populationDays ? app.load(hr) : undefined;
        let off: boolean;
        if (mature) {
          const total = h.reduce((a, b) => a + b, 0);
          off = near <= p.maxShare * total && (load === undefined ? inHours(hr, p.quietFrom, p.quietTo) : load <= p.offHourLoad);
        } else {
          off = near === 0 && inHours(hr, p.quietFrom, p.quietTo) && (load === undefined || load <= p.quietHourLoad);
        }
        if (!off) return;

        const night = nightOf(ts, tz, 12);
        if (prof.night !== night) {
          prof.night = night;
          prof.logins = 0;
          prof.actions = 0;
          prof.since = ts;
        }
        if (action) prof.actions++;
        else prof.logins++;
        const fire = mature
          ? prof.actions > 0 || prof.logins >= p.minMatureLogins
          : prof.logins >= p.minNightLogins || (prof.logins >= p.minNightLoginsWithAction && prof.actions > 0);
        if (!fire) return;

        const hh = `${String(hr).padStart(2, '0')}:00`;
        const history = mature ? `${Math.round((100 * near) / Math.max(1, h.reduce((a, b) => a + b, 0)))}% of this account's activity over ${prof.days} days falls near ${hh}` : `no activity of this account near ${hh} before`;
        emit({
          at: f,
          subject: { account, ip: f.identity.client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: prof.logins + prof.actions,
          baseline: mature ? near : null,
          threshold: mature ? p.minMatureLogins : p.minNightLogins,
          windowStartMs: Math.min(prof.since, ts),
          detail: `${prof.logins} logins and ${prof.actions} sensitive actions tonight at ${hh} local (app quiet); ${history}`,
        });
      },
      save: () => ({ kind: 'unusual-hours', v: HOURS_VERSION, profiles: profiles.toJSON(), apps: [...apps.entries()].map(([k, a, last]) => [k, last, a.toJSON()]) }),
      load: (state) => {
        const s = state as { kind?: unknown; v?: unknown; profiles?: unknown; apps?: unknown } | null;
        if (!s || s.kind !== 'unusual-hours' || s.v !== HOURS_VERSION) return;
        profiles.load(s.profiles);
        if (!Array.isArray(s.apps)) return;
        for (const e of s.apps as unknown[]) {
          if (!Array.isArray(e) || typeof e[0] !== 'string' || !Number.isFinite(e[1])) continue;
          const a = AppLoad.fromJSON(e[2]);
          if (a) apps.set(e[0], e[1] as number, a);
        }
      },
    };
  },
});
