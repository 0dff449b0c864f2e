/**
 * What a GraphQL document says about its operations, computed once per distinct query text.
 * Clients send the same few documents over and over, so summaries are kept in a bounded LRU keyed
 * by the text; only a summary (a few names) is cached, never the AST.
 *
 * Hostile documents stop before the parser: longer than `maxChars`, nested deeper than `maxDepth`
 * or with more than `maxTokens` tokens, they are summarised from their first tokens only
 * (`unparsed`). The parser itself runs with its own token limit as a second guard, and any error
 * it raises becomes a `parse_error` summary: nothing here throws.
 */
import type { FragmentDefinitionNode, SelectionSetNode } from 'graphql/language/ast.js';
import { Kind } from 'graphql/language/kinds.js';
import { parse } from 'graphql/language/parser.js';
import { documentHead, prescan, type OperationType } from './graphql-lexical.js';
import { BoundedLru } from './lru.js';

export interface OperationSummary {
  type: OperationType;
  /** the operation's own name, if it has one */
  name?: string;
  /** first root field (looking through fragments), for naming anonymous operations */
  firstField?: string;
  /** selects `__schema` or `__type` at the root */
  introspection: boolean;
}

export type DocumentSummary =
  | { kind: 'parsed'; operations: OperationSummary[] }
  | { kind: 'parse_error' }
  | { kind: 'unparsed'; why: string; head: { type?: OperationType; name?: string } };

export interface GraphqlLimits {
  maxChars: number;
  maxDepth: number;
  maxTokens: number;
  cacheEntries: number;
  cacheChars: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphqlLimits = {
  maxChars: 64 * 1024,
  // real client documents rarely nest past 15; hundreds is a depth attack
  maxDepth: 64,
  maxTokens: 20_000,
  cacheEntries: 512,
  cacheChars: 4 * 1024 * 1024,
};

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
// Root fields gathered per operation, and fragment hops followed to find them.
const MAX_ROOT_FIELDS = 64;
const MAX_FRAGMENT_HOPS = 8;

/** Summaries with their own bounded cache; one per classifier (per worker thread). */
export class GraphqlDocuments {
  private readonly cache: BoundedLru<DocumentSummary>;

  constructor(readonly limits: GraphqlLimits = DEFAULT_GRAPHQL_LIMITS) {
    this.cache = new BoundedLru({ maxEntries: limits.cacheEntries, maxKeyChars: limits.cacheChars });
  }

  summarize(text: string): DocumentSummary {
    if (text.length > this.limits.maxChars) {
      return { kind: 'unparsed', why: `query longer than ${this.limits.maxChars} characters`, head: documentHead(text) };
    }
    return this.cache.get(text) ?? this.cache.set(text, this.summarizeUncached(text));
  }

  private summarizeUncached(text: string): DocumentSummary {
    const pre = prescan(text, this.limits.maxDepth, this.limits.maxTokens);
    if (pre === 'deep') return { kind: 'unparsed', why: `nested deeper than ${this.limits.maxDepth}`, head: documentHead(text) };
    if (pre === 'tokens') return { kind: 'unparsed', why: `more than ${this.limits.maxTokens} tokens`, head: documentHead(text) };
    try {
      const doc = parse(text, { noLocation: true, maxTokens: this.limits.maxTokens * 2 });
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const operations: OperationSummary[] = [];
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const fields: string[] = [];
        collectRootFields(d.selectionSet, fragments, fields, 0, new Set());
        const op: OperationSummary = { type: d.operation as OperationType, introspection: fields.some((f) => INTROSPECTION_FIELDS.has(f)) };
        if (d.name) op.name = d.name.value;
        if (fields.length > 0) op.firstField = fields[0];
        operations.push(op);
      }
      // A document of fragments only cannot be executed: treat it like a document that does not parse.
      return operations.length > 0 ? { kind: 'parsed', operations } : { kind: 'parse_error' };
    } catch {
      // GraphQLError for bad syntax; RangeError if the stack still ran out
      return { kind: 'parse_error' };
    }
  }
}

/** Root field names of a selection set, looking through fragment spreads and inline fragments. */
function collectRootFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  out: string[],
  hops: number,
  seen: Set<string>,
): void {
  for (const sel of set.selections) {
    if (out.length >= MAX_ROOT_FIELDS) return;
    if (sel.kind === Kind.FIELD) out.push(sel.name.value);
    else if (hops < MAX_FRAGMENT_HOPS) {
      if (sel.kind === Kind.INLINE_FRAGMENT) collectRootFields(sel.selectionSet, fragments, out, hops + 1, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const frag = fragments.get(sel.name.value);
        if (frag) collectRootFields(frag.selectionSet, fragments, out, hops + 1, seen);
      }
    }
  }
}
