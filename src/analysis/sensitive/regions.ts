/**
 * Administrative division codes (the first 6 digits of a resident ID, digits 3–8 of a USCC),
 * parsed once from the generated table (data/cn-regions.ts).
 *
 * A code counts if it was ever in use: a number keeps the code it was issued with after the
 * county is renamed or merged. `regionValidAt` is the stricter python-stdnum-style check (the code
 * existed in a given year), for callers that want it.
 */
import { CN_REGION_TABLE } from './data/cn-regions.js';

/** code → null (always valid) or the [from, to] year intervals it was in use */
let table: Map<number, Array<[number, number]> | null> | undefined;
let provinces: Set<number> | undefined;

function load(): Map<number, Array<[number, number]> | null> {
  if (table) return table;
  table = new Map();
  provinces = new Set();
  let prov = 0;
  for (const line of CN_REGION_TABLE.split('\n')) {
    if (!line.trim()) continue;
    const parts = line.trim().split(' ');
    if (line[0] !== ' ') {
      prov = Number(parts.shift());
      provinces.add(prov);
    }
    for (const p of parts) {
      const [suffix, ...ranges] = p.split('/');
      const code = prov * 10000 + Number(suffix);
      table.set(
        code,
        ranges.length === 0
          ? null
          : ranges.map((r) => {
              const [a, b] = r.split('-');
              return [a ? Number(a) : 0, b ? Number(b) : 9999];
            }),
      );
    }
  }
  return table;
}

/** The 6-digit code (as a number) was a valid division code at some time. */
export function regionValid(code: number): boolean {
  return load().has(code);
}

/** The code was in use in `year`. */
export function regionValidAt(code: number, year: number): boolean {
  const t = load();
  if (!t.has(code)) return false;
  const ranges = t.get(code);
  return !ranges || ranges.some(([a, b]) => year >= a && year <= b);
}

/** The 2-digit province code exists (11 北京 … 82 澳门). */
export function provinceValid(code: number): boolean {
  load();
  return provinces!.has(code);
}

/** Number of codes in the table (for tests). */
export function regionCount(): number {
  return load().size;
}
