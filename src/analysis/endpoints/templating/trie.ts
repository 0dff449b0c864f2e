/**
 * The path trie of one application: learns path templates from raw request paths.
 *
 * - Typed values (integers, UUIDs, hex, tokens, dates, mixed ids, personal data) become a parameter
 *   child at once.
 * - Words stay literal.
 * - Generic strings start literal; `learn()` folds siblings into a parameter when enough of them
 *   look alike (same methods and sub-paths, similar response shapes): sibling-cardinality learning
 *   with a higher bar than typed values, so `/orders/export` and `/orders/summary` never merge.
 * - Each node holds at most `maxChildren` literal children and the trie at most `maxNodes` nodes:
 *   beyond, new segments go to a parameter and the node is marked unbounded (an anomaly).
 * - Pins (user rules, documented specs) create literal and parameter nodes up front and name
 *   parameters; never-merge prefixes keep every child literal (up to the cap).
 *
 * Endpoints hang off nodes as opaque payloads (`E`), keyed by method (plus operation name for
 * GraphQL/SOAP/RPC). When nodes merge, payloads merge through `hooks.merge`, which is how
 * templates learned later re-home what was counted under raw paths before.
 */
import type { SegmentKind } from '../../../core/endpoint.js';
import { classifySegment, type SegmentClass, type SegmentOptions } from './segments.js';
import { paramName } from './names.js';

export interface TrieHooks<E> {
  /** fold `from` into `into` (both at the same method key) */
  merge(into: E, from: E): void;
  /** response shape keys of a payload (JSON paths), for the similarity check; undefined if unknown */
  shape(e: E): ReadonlySet<string> | undefined;
  /** a payload moved to another node (its template changed) */
  moved?(e: E): void;
}

export interface TrieLimits {
  /** literal children per node */
  maxChildren: number;
  /** nodes per trie (per application) */
  maxNodes: number;
  /** endpoint keys (method + operation) per node */
  maxKeysPerNode: number;
  /** similar generic siblings needed to become a parameter */
  genericMin: number;
}

export const DEFAULT_TRIE_LIMITS: TrieLimits = { maxChildren: 256, maxNodes: 20_000, maxKeysPerNode: 200, genericMin: 3 };

export class PathNode<E> {
  literals: Map<string, PathNode<E>> | undefined;
  param: PathNode<E> | undefined;
  /** kinds of the values that went to this (parameter) node */
  kinds: Set<SegmentKind> | undefined;
  /** fixed parameter name (pins) */
  pinnedName: string | undefined;
  /** a pinned literal: never folded into a parameter */
  pinned = false;
  /** never-merge prefix: children stay literal */
  noMerge = false;
  /** the literal child class, cached at creation */
  cls: SegmentClass | undefined;
  /** children cap reached: new segments were forced into the parameter */
  unbounded = false;
  /** generic literal children created since this node last learned */
  newGeneric = 0;
  endpoints: Map<string, E> | undefined;
  /** this node's template as `PathTrie.template` last rendered it, and the trie's version then */
  tpl: string | undefined;
  tplVersion = -1;

  constructor(
    public parent: PathNode<E> | undefined,
    /** raw segment for literal nodes, undefined for the parameter node */
    public segment: string | undefined,
  ) {}

  get isParam(): boolean {
    return this.segment === undefined && this.parent !== undefined;
  }
}

export interface TrieEvent {
  kind: 'unbounded' | 'merged';
  /** template of the node the event happened under */
  at: string;
  detail: string;
}

export class PathTrie<E> {
  readonly root = new PathNode<E>(undefined, '');
  nodes = 1;
  /** unbounded / merge events since the last drain */
  events: TrieEvent[] = [];
  /** number of generic literal children created since the last learn() */
  private pending = 0;
  /**
   * Bumped by every change that can rename a template: a parameter's kinds, a pinned name, nodes
   * merged or moved (a node's new children change no other template). Rendered templates are kept
   * on their nodes until it moves: each exchange asks for its endpoint's template (risk facts,
   * weaknesses), and rendering one walks its path and names its parameters again.
   */
  private version = 0;

  /** Templates rendered before now are stale (a change made outside the trie's methods, as a restore does). */
  changed(): void {
    this.version++;
  }

  constructor(
    readonly hooks: TrieHooks<E>,
    readonly limits: TrieLimits = DEFAULT_TRIE_LIMITS,
    readonly segOpts: SegmentOptions = {},
  ) {}

  /** Walk (and grow) the trie for a path's segments; returns the node the path ends at. */
  walk(segments: readonly string[]): PathNode<E> {
    let node = this.root;
    for (const seg of segments) node = this.step(node, seg);
    return node;
  }

  private step(node: PathNode<E>, seg: string): PathNode<E> {
    const lit = node.literals?.get(seg);
    if (lit) return lit;
    const cls = classifySegment(seg, this.segOpts);
    if (cls.kind === 'value' && !node.noMerge) return this.toParam(node, cls.type === 'pinned' ? 'string' : cls.type);
    let size = node.literals?.size ?? 0;
    if (size >= this.limits.maxChildren && !node.noMerge && !node.unbounded) {
      // learn here first: the siblings may be values that fold into a parameter
      this.learnAt(node);
      size = node.literals?.size ?? 0;
    }
    if (size >= this.limits.maxChildren || this.nodes >= this.limits.maxNodes) {
      if (!node.unbounded) {
        node.unbounded = true;
        this.events.push({ kind: 'unbounded', at: this.template(node), detail: `more than ${size} distinct segments` });
        this.foldGeneric(node, [...(node.literals?.values() ?? [])].filter((c) => c.cls?.kind !== 'word' && !c.pinned));
      }
      return this.toParam(node, cls.kind === 'value' ? cls.type : 'string');
    }
    const child = new PathNode<E>(node, seg);
    child.cls = cls;
    (node.literals ??= new Map()).set(seg, child);
    this.nodes++;
    if (cls.kind === 'generic') {
      this.pending++;
      // a node that keeps getting new generic children is a value position: learn it early
      if (++node.newGeneric >= 32) this.learnAt(node);
    }
    return child;
  }

  private toParam(node: PathNode<E>, kind: SegmentKind): PathNode<E> {
    let p = node.param;
    if (!p) {
      p = node.param = new PathNode<E>(node, undefined);
      this.nodes++;
    }
    const kinds = (p.kinds ??= new Set());
    if (!kinds.has(kind)) {
      kinds.add(kind);
      this.version++;
    }
    return p;
  }

  /** The payload for a method/operation key at a node, created on first use (bounded per node). */
  payload(node: PathNode<E>, key: string, create: () => E): E {
    const eps = (node.endpoints ??= new Map());
    let e = eps.get(key);
    if (e) return e;
    if (eps.size >= this.limits.maxKeysPerNode) {
      const method = key.split(' ', 1)[0] ?? key;
      const other = `${method} {other}`;
      e = eps.get(other);
      if (e) return e;
      key = other;
    }
    e = create();
    eps.set(key, e);
    return e;
  }

  /**
   * Sibling-cardinality learning: under every node, fold generic literal children that look alike
   * into the parameter child. Cheap when nothing new arrived (the common case between calls).
   */
  learn(): void {
    if (this.pending === 0) return;
    this.pending = 0;
    const visit = (node: PathNode<E>): void => {
      if (node.literals) {
        if (!node.noMerge) this.learnAt(node);
        for (const c of node.literals.values()) visit(c);
      }
      if (node.param) visit(node.param);
    };
    visit(this.root);
  }

  /** subtree keys, memoised for the duration of one learnAt (the trie does not change meanwhile) */
  private keyMemo: Map<PathNode<E>, Set<string>> | undefined;
  private keysOf(n: PathNode<E>): Set<string> {
    let k = this.keyMemo?.get(n);
    if (!k) {
      k = subtreeKeys(n);
      this.keyMemo?.set(n, k);
    }
    return k;
  }

  private learnAt(node: PathNode<E>): void {
    this.keyMemo = new Map();
    try {
      this.learnChildren(node);
    } finally {
      this.keyMemo = undefined;
    }
  }

  private learnChildren(node: PathNode<E>): void {
    node.newGeneric = 0;
    if (!node.literals) return;
    const generic: PathNode<E>[] = [];
    for (const c of node.literals!.values()) if (c.cls?.kind === 'generic' && !c.pinned) generic.push(c);
    if (generic.length === 0) return;
    // with a parameter already there, a generic sibling that looks like it joins it
    if (node.param) {
      const fold = generic.filter((c) => this.similar(c, node.param!, true));
      if (fold.length) this.foldGeneric(node, fold);
      return;
    }
    if (generic.length < this.limits.genericMin) return;
    const clusters: PathNode<E>[][] = [];
    for (const c of generic) {
      const home = clusters.find((cl) => cl.some((m) => this.similar(m, c)));
      if (home) home.push(c);
      else clusters.push([c]);
    }
    const big = clusters.filter((cl) => cl.length >= this.limits.genericMin);
    if (big.length === 0) return;
    // the largest cluster is the parameter; other big clusters join only if they look like it
    big.sort((a, b) => b.length - a.length);
    this.foldGeneric(node, big[0]!);
    for (const cl of big.slice(1)) if (this.similar(cl[0]!, node.param!)) this.foldGeneric(node, cl);
  }

  /** Move literal children into the parameter child, merging their subtrees and payloads. */
  private foldGeneric(node: PathNode<E>, children: PathNode<E>[]): void {
    if (children.length === 0) return;
    const p = this.toParam(node, 'string');
    for (const c of children) {
      node.literals!.delete(c.segment!);
      this.nodes--;
      this.mergeInto(p, c);
    }
    this.events.push({ kind: 'merged', at: this.template(p), detail: `${children.length} values folded` });
  }

  /** Merge node `from` (detached) into `into`: payloads by key, literals by segment, parameters. */
  private mergeInto(into: PathNode<E>, from: PathNode<E>): void {
    if (from.kinds) for (const k of from.kinds) (into.kinds ??= new Set()).add(k);
    if (from.endpoints) {
      const eps = (into.endpoints ??= new Map());
      for (const [k, e] of from.endpoints) {
        const there = eps.get(k);
        if (there) this.hooks.merge(there, e);
        else {
          eps.set(k, e);
          this.hooks.moved?.(e);
        }
      }
    }
    if (from.literals) {
      for (const [seg, c] of from.literals) {
        const there = into.literals?.get(seg);
        if (there) {
          this.nodes--;
          this.mergeInto(there, c);
        } else {
          (into.literals ??= new Map()).set(seg, c);
          c.parent = into;
          this.movedSubtree(c);
        }
      }
    }
    if (from.param) {
      if (into.param) {
        this.nodes--;
        this.mergeInto(into.param, from.param);
      } else {
        into.param = from.param;
        from.param.parent = into;
        this.movedSubtree(from.param);
      }
    }
    // whatever was rendered before or while the nodes moved is stale
    this.version++;
  }

  private movedSubtree(n: PathNode<E>): void {
    if (this.hooks.moved && n.endpoints) for (const e of n.endpoints.values()) this.hooks.moved(e);
    if (n.literals) for (const c of n.literals.values()) this.movedSubtree(c);
    if (n.param) this.movedSubtree(n.param);
  }

  /**
   * Two nodes look alike when they share some method keys or sub-paths, and wherever both answer
   * the same method their response shapes overlap. Without shared keys there is no evidence that
   * they are one operation, and under-merging is the safer error. `strict` (joining an existing
   * parameter, which typed ids made) also asks for a response shape in common when both have one:
   * `/paymentInstruments/reveal` must not join `/paymentInstruments/{id}` on the method alone.
   */
  private similar(a: PathNode<E>, b: PathNode<E>, strict = false): boolean {
    const sa = this.keysOf(a);
    const sb = this.keysOf(b);
    let shared = 0;
    for (const k of sa) if (sb.has(k)) shared++;
    if (shared === 0) return false;
    let compared = 0;
    let unshaped = 0;
    if (a.endpoints && b.endpoints) {
      for (const [k, ea] of a.endpoints) {
        const eb = b.endpoints.get(k);
        if (!eb) continue;
        const ha = this.hooks.shape(ea);
        const hb = this.hooks.shape(eb);
        if (!ha || !hb || (ha.size === 0 && hb.size === 0)) {
          unshaped++;
          continue;
        }
        if (overlap(ha, hb) < 0.5 || ha.size === 0 || hb.size === 0) return false;
        compared++;
      }
    }
    return !strict || compared > 0 || unshaped > 0;
  }

  /** Render the template of a node: `/users/{userId}/orders`. */
  template(node: PathNode<E>): string {
    if (node.tplVersion === this.version) return node.tpl!;
    const parts: PathNode<E>[] = [];
    for (let n: PathNode<E> | undefined = node; n && n.parent; n = n.parent) parts.push(n);
    parts.reverse();
    const used = new Map<string, number>();
    let out = '';
    for (const n of parts) {
      if (n.isParam) {
        let name = n.pinnedName ?? paramName(n);
        const seen = used.get(name) ?? 0;
        used.set(name, seen + 1);
        if (seen) name = `${name}${seen + 1}`;
        out += `/{${name}}`;
      } else out += `/${n.segment}`;
    }
    node.tpl = out === '' ? '/' : out;
    node.tplVersion = this.version;
    return node.tpl;
  }

  /**
   * Where a path (or a stored template: `{x}` is no literal, so it takes the parameter) ends after
   * learning, without growing the trie: literal first, else the parameter.
   */
  resolve(segments: readonly string[]): PathNode<E> | undefined {
    let node: PathNode<E> | undefined = this.root;
    for (const seg of segments) {
      node = node.literals?.get(seg) ?? node.param;
      if (!node) return undefined;
    }
    return node;
  }

  /** Pin a template: literals are pinned, parameters named; `noMerge` pins a never-merge prefix. */
  pin(segments: readonly string[], opts: { noMerge?: boolean } = {}): PathNode<E> {
    let node = this.root;
    for (const seg of segments) {
      if (seg === '*' || seg === '**') break;
      if (seg.startsWith('{') && seg.endsWith('}')) {
        const had = node.param;
        node = this.toParam(node, 'pinned');
        if (!had) node.kinds!.delete('pinned');
        node.pinnedName = seg.slice(1, -1);
        // values already counted under literal children of this kind of position move in
        this.foldGeneric(
          node.parent!,
          [...(node.parent!.literals?.values() ?? [])].filter((c) => c.cls?.kind !== 'word' && !c.pinned),
        );
      } else {
        let lit = node.literals?.get(seg);
        if (!lit) {
          lit = new PathNode<E>(node, seg);
          lit.cls = classifySegment(seg, this.segOpts);
          (node.literals ??= new Map()).set(seg, lit);
          this.nodes++;
        }
        lit.pinned = true;
        node = lit;
      }
    }
    if (opts.noMerge) node.noMerge = true;
    // a pinned name, a kind taken back
    this.version++;
    return node;
  }

  /** Every node with payloads, with its template. */
  *entries(): Generator<[PathNode<E>, string]> {
    const stack: PathNode<E>[] = [this.root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.endpoints?.size) yield [n, this.template(n)];
      if (n.param) stack.push(n.param);
      if (n.literals) for (const c of n.literals.values()) stack.push(c);
    }
  }

  drainEvents(): TrieEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}

/** Method keys at the node and `seg/…` literal sub-paths below it (parameters as `{}`), depth ≤ 3. */
function subtreeKeys<E>(n: PathNode<E>): Set<string> {
  const out = new Set<string>();
  const walk = (m: PathNode<E>, prefix: string, depth: number): void => {
    if (m.endpoints) for (const k of m.endpoints.keys()) out.add(`${prefix} ${k}`);
    if (depth === 3) return;
    if (m.literals) for (const [seg, c] of m.literals) if (c.cls?.kind === 'word') walk(c, `${prefix}/${seg}`, depth + 1);
    if (m.param) walk(m.param, `${prefix}/{}`, depth + 1);
  };
  walk(n, '', 0);
  return out;
}

/** |A ∩ B| / min(|A|, |B|) */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 1;
  let n = 0;
  for (const k of small) if (big.has(k)) n++;
  return n / small.size;
}
