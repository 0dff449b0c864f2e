/**
 * The learned structure of a path trie as JSON, for the store: literal and parameter nodes with
 * their classes, parameter kinds, pins and caps, without the endpoint payloads (those are rows of
 * their own). Bounded by the trie's node cap.
 *
 *   {"l":{"users":{"c":"w","p":{"k":["integer"]}}}}
 */
import type { SegmentKind } from '../../../core/endpoint.js';
import { GENERIC, valueClass, WORD, type SegmentClass } from '../templating/segments.js';
import { PathNode, type PathTrie } from '../templating/trie.js';

interface NodeJson {
  /** class of a literal: w word, g generic, or a value kind */
  c?: string;
  k?: SegmentKind[];
  n?: string;
  pin?: 1;
  nm?: 1;
  u?: 1;
  l?: Record<string, NodeJson>;
  p?: NodeJson;
}

function clsJson(c: SegmentClass | undefined): string | undefined {
  if (!c) return undefined;
  return c.kind === 'word' ? 'w' : c.kind === 'generic' ? 'g' : c.type;
}

function clsFrom(c: string | undefined): SegmentClass | undefined {
  if (c === undefined) return undefined;
  return c === 'w' ? WORD : c === 'g' ? GENERIC : valueClass(c as SegmentKind);
}

export function saveTrie<E>(trie: PathTrie<E>): NodeJson {
  const save = (n: PathNode<E>): NodeJson => {
    const j: NodeJson = {};
    const c = clsJson(n.cls);
    if (c) j.c = c;
    if (n.kinds?.size) j.k = [...n.kinds];
    if (n.pinnedName) j.n = n.pinnedName;
    if (n.pinned) j.pin = 1;
    if (n.noMerge) j.nm = 1;
    if (n.unbounded) j.u = 1;
    if (n.literals?.size) {
      j.l = {};
      for (const [seg, child] of n.literals) j.l[seg] = save(child);
    }
    if (n.param) j.p = save(n.param);
    return j;
  };
  return save(trie.root);
}

/** Merge a saved structure into a (fresh or pinned) trie. Unknown shapes are ignored, not fatal. */
export function loadTrie<E>(trie: PathTrie<E>, json: unknown): void {
  if (!json || typeof json !== 'object') return;
  const load = (n: PathNode<E>, j: NodeJson): void => {
    if (j.k) for (const k of j.k) (n.kinds ??= new Set()).add(k);
    if (j.n) n.pinnedName ??= j.n;
    if (j.pin) n.pinned = true;
    if (j.nm) n.noMerge = true;
    if (j.u) n.unbounded = true;
    if (j.l && typeof j.l === 'object') {
      for (const [seg, cj] of Object.entries(j.l)) {
        let child = n.literals?.get(seg);
        if (!child) {
          child = new PathNode<E>(n, seg);
          child.cls = clsFrom(cj.c);
          (n.literals ??= new Map()).set(seg, child);
          trie.nodes++;
        }
        load(child, cj);
      }
    }
    if (j.p && typeof j.p === 'object') {
      if (!n.param) {
        n.param = new PathNode<E>(n, undefined);
        trie.nodes++;
      }
      load(n.param, j.p);
    }
  };
  load(trie.root, json as NodeJson);
  // kinds and names set here, not through the trie's own methods
  trie.changed();
}
