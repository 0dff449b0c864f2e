/**
 * Local wall-clock positions of an event time for profiles of habits ("active 8–10 and 19–22"):
 * the bank's time zone as a fixed offset in minutes (China has no daylight saving; a deployment
 * elsewhere sets its offset), hours 0–23 and day numbers that change at local midnight.
 *
 *   localHour(Date.UTC(2024, 5, 2, 18, 30), 480)   // 2 (02:30 in Beijing, 3 June)
 *   localDay(Date.UTC(2024, 5, 2, 18, 30), 480)    // 19877 (days since 1970-01-01, local)
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function localHour(tsMs: number, tzMinutes: number): number {
  const ms = tsMs + tzMinutes * 60_000;
  return Math.floor((((ms % DAY) + DAY) % DAY) / HOUR);
}

export function localDay(tsMs: number, tzMinutes: number): number {
  return Math.floor((tsMs + tzMinutes * 60_000) / DAY);
}

/** Whether local hour `h` lies in [from, to), a range that may wrap midnight (23 → 5). */
export function inHours(h: number, from: number, to: number): boolean {
  return from <= to ? h >= from && h < to : h >= from || h < to;
}

/** One number per night of the range [from, to): the local day on which that night began. */
export function nightOf(tsMs: number, tzMinutes: number, from: number): number {
  return Math.floor((tsMs + tzMinutes * 60_000 - from * HOUR) / DAY);
}
