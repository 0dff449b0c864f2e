/**
 * The value at a hit's JSON location in a parsed body, following the sensitive scan's paths:
 * `a.b[].c` takes the first array element, `a["x y"]` quotes a key, and a string that holds JSON
 * (double-encoded gateway payloads, which the scan walks in place) is parsed on the way down.
 * Every detector that reads the value behind a sensitive hit uses it (values.ts `requestValue` too).
 *
 *   jsonAt({ data: '{"ak":"LTAI…"}' }, 'data.ak')  // 'LTAI…'
 */

/** `data.list[].idNo` → ['data', 'list', null, 'idNo'] (null: an array element); undefined when not a plain path. */
function segments(path: string): (string | null)[] | undefined {
  const out: (string | null)[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      if (path[i + 1] === ']') {
        out.push(null);
        i += 2;
        continue;
      }
      // ["quoted key"]: JSON string up to the closing `"]`
      const end = path.indexOf('"]', i + 2);
      if (path[i + 1] !== '"' || end < 0) return undefined;
      try {
        out.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
      } catch {
        return undefined;
      }
      i = end + 2;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

function descend(cur: unknown): unknown {
  if (typeof cur !== 'string' || cur.length < 2 || cur.length > 256 * 1024) return cur;
  const c = cur.charCodeAt(0);
  if (c !== 123 && c !== 91) return cur;
  try {
    return JSON.parse(cur) as unknown;
  } catch {
    return cur;
  }
}

/** The value at `path` in `doc`, or undefined. */
export function jsonAt(doc: unknown, path: string): unknown {
  if (path === '') return doc;
  const segs = segments(path);
  if (!segs) return undefined;
  let cur: unknown = doc;
  for (const s of segs) {
    cur = descend(cur);
    if (s === null) {
      if (!Array.isArray(cur) || cur.length === 0) return undefined;
      cur = cur[0];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}

/** The parent location of a path (`data.ak` → `data`, `ak` → ''). */
export function parentOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}
