/**
 * What unusual-hours learns: per account, 24 local hour-of-day counters of completed days (one
 * count per day and hour it was active, halved when one reaches 255 so old habits fade) and
 * today's hours as a bit mask; per app, the logins of each local hour over completed days. Both
 * save as plain JSON with a version.
 *
 *   const p = emptyProfile();
 *   roll(p, day); p.mask |= 1 << hour;    // active now
 *   roll(p, day + 1);                     // yesterday's hours join p.h, p.days + 1
 */
import { smallInts } from '../account-profile/profile-store.js';

export const HOURS_VERSION = 1;
const CAP = 255;

export interface HourProfile {
  /** active (day, hour) slots per local hour, completed days only */
  h: number[];
  /** completed days with any activity */
  days: number;
  /** the local day `mask` belongs to (-1: none yet) */
  day: number;
  /** hours active on `day`, bit per hour */
  mask: number;
  /** the night the counters below belong to (local day of the preceding noon) */
  night: number;
  /** successful logins and sensitive actions at off hours in that night */
  logins: number;
  actions: number;
  /** first of them, ms */
  since: number;
}

export function emptyProfile(): HourProfile {
  return { h: new Array<number>(24).fill(0), days: 0, day: -1, mask: 0, night: -1, logins: 0, actions: 0, since: 0 };
}

/** Folds the hours of days before `day` into the counters. An older day (late event) changes nothing. */
export function roll(p: HourProfile, day: number): void {
  if (day <= p.day) return;
  if (p.mask !== 0) {
    let full = false;
    for (let i = 0; i < 24; i++) if (p.mask & (1 << i) && ++p.h[i]! >= CAP) full = true;
    if (full) for (let i = 0; i < 24; i++) p.h[i] = p.h[i]! >> 1;
    p.days = Math.min(p.days + 1, 0xffff);
  }
  p.day = day;
  p.mask = 0;
}

export function decodeProfile(x: unknown): HourProfile | undefined {
  const o = x as Partial<HourProfile> | null;
  if (!o || typeof o !== 'object') return undefined;
  const h = smallInts(o.h, 24);
  const ints = [o.days, o.day, o.mask, o.night, o.logins, o.actions];
  if (!h || h.length !== 24 || !ints.every((n) => Number.isInteger(n)) || !Number.isFinite(o.since)) return undefined;
  return { h: [...h], days: o.days!, day: o.day!, mask: o.mask! & 0xffffff, night: o.night!, logins: o.logins!, actions: o.actions!, since: o.since! };
}

/** An app's logins per local hour, over completed days. */
export class AppLoad {
  h = new Array<number>(24).fill(0);
  cur = new Array<number>(24).fill(0);
  day = -1;
  days = 0;

  record(day: number, hour: number): void {
    if (day > this.day) {
      if (this.day >= 0 && this.cur.some((n) => n > 0)) {
        for (let i = 0; i < 24; i++) this.h[i] += this.cur[i]!;
        this.days++;
        // keep the shares, not the totals, of a busy app for years
        if (this.h.some((n) => n >= 2 ** 29)) for (let i = 0; i < 24; i++) this.h[i] = this.h[i]! >> 1;
      }
      this.cur.fill(0);
      this.day = day;
    }
    if (day === this.day) this.cur[hour]++;
  }

  /** this hour's logins as a fraction of an average hour's (1 = average); 0 with nothing learnt */
  load(hour: number): number {
    const total = this.h.reduce((a, b) => a + b, 0);
    return total > 0 ? (24 * this.h[hour]!) / total : 0;
  }

  toJSON(): { h: number[]; cur: number[]; day: number; days: number } {
    return { h: this.h, cur: this.cur, day: this.day, days: this.days };
  }

  static fromJSON(x: unknown): AppLoad | undefined {
    const o = x as { h?: unknown; cur?: unknown; day?: unknown; days?: unknown } | null;
    const h = smallInts(o?.h, 24);
    const cur = smallInts(o?.cur, 24);
    if (!h || !cur || h.length !== 24 || cur.length !== 24 || !Number.isInteger(o!.day) || !Number.isInteger(o!.days)) return undefined;
    const a = new AppLoad();
    a.h = [...h];
    a.cur = [...cur];
    a.day = o!.day as number;
    a.days = o!.days as number;
    return a;
  }
}
