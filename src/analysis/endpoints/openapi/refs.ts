/**
 * Local `$ref` resolution (`#/components/...`, `#/definitions/...`). Only references inside the
 * document are followed: a diff or a traffic generator must not fetch URLs named by a file a user
 * handed in. Chains are followed with a visited set, so `A → B → A` ends instead of looping.
 */
export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export interface Deref {
  node?: Obj;
  /** the refs followed to get here, outermost first (the cycle guard of deeper walks) */
  refs: string[];
  /** why the node could not be resolved */
  error?: string;
}

const MAX_CHAIN = 32;

export class RefResolver {
  private readonly cache = new Map<string, unknown>();
  constructor(private readonly root: unknown) {}

  /** The value a local JSON pointer (`#/a/b~1c`) names, or undefined. */
  pointer(ref: string): unknown {
    if (this.cache.has(ref)) return this.cache.get(ref);
    let cur: unknown = undefined;
    if (ref === '#') cur = this.root;
    else if (ref.startsWith('#/')) {
      cur = this.root;
      for (const raw of ref.slice(2).split('/')) {
        const key = unescapeToken(raw);
        if (Array.isArray(cur)) cur = cur[Number(key)];
        else if (isObj(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
        else {
          cur = undefined;
          break;
        }
      }
    }
    this.cache.set(ref, cur);
    return cur;
  }

  /**
   * Follow `$ref` until a plain object. Keys beside a `$ref` (allowed in 3.1) override the target's.
   * `seen` carries the refs already on the caller's walk, so a schema that contains itself stops.
   */
  deref(node: unknown, seen: readonly string[] = []): Deref {
    const refs: string[] = [];
    let cur = node;
    let overrides: Obj | undefined;
    for (let i = 0; isObj(cur) && typeof cur.$ref === 'string'; i++) {
      const ref = cur.$ref;
      if (i >= MAX_CHAIN || refs.includes(ref) || seen.includes(ref)) return { refs, error: `circular $ref ${ref}` };
      if (!ref.startsWith('#')) return { refs, error: `external $ref ${ref} is not followed` };
      const { $ref: _ref, ...rest } = cur;
      if (Object.keys(rest).length > 0) overrides = { ...rest, ...overrides };
      refs.push(ref);
      cur = this.pointer(ref);
      if (cur === undefined) return { refs, error: `$ref ${ref} points nowhere` };
    }
    if (!isObj(cur)) return { refs, error: node === undefined ? undefined : 'expected an object' };
    return { node: overrides ? { ...cur, ...overrides } : cur, refs };
  }
}

/** A pointer in a URI fragment is percent-encoded first, then `~1`/`~0`-escaped (RFC 6901 §6). */
function unescapeToken(t: string): string {
  let s = t;
  try {
    s = decodeURIComponent(s);
  } catch {
    // a literal % in a key: keep it as written
  }
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
