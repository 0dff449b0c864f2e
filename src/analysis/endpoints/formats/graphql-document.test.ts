import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPHQL_LIMITS, GraphqlDocuments } from './graphql-document.js';

const INTROSPECTION = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    types { ...FullType }
  }
}
fragment FullType on __Type { kind name fields(includeDeprecated: true) { name } }`;

describe('GraphqlDocuments.summarize', () => {
  const docs = new GraphqlDocuments();

  it('summarises every operation with its first root field', () => {
    const s = docs.summarize('query A { account { id } } mutation B { transfer { id } }');
    expect(s).toEqual({
      kind: 'parsed',
      operations: [
        { type: 'query', name: 'A', firstField: 'account', introspection: false },
        { type: 'mutation', name: 'B', firstField: 'transfer', introspection: false },
      ],
    });
  });

  it('finds root fields and introspection through fragments, including aliased __type', () => {
    expect(docs.summarize(INTROSPECTION)).toMatchObject({ kind: 'parsed', operations: [{ name: 'IntrospectionQuery', firstField: '__schema', introspection: true }] });
    const viaFragment = docs.summarize('query { ...Root } fragment Root on Query { t: __type(name: "Account") { name } }');
    expect(viaFragment).toMatchObject({ kind: 'parsed', operations: [{ firstField: '__type', introspection: true }] });
    expect(docs.summarize('{ __typename }')).toMatchObject({ operations: [{ introspection: false }] });
  });

  it('survives self-referencing fragments', () => {
    expect(docs.summarize('query Q { ...F } fragment F on Query { ...F }')).toEqual({ kind: 'parsed', operations: [{ type: 'query', name: 'Q', introspection: false }] });
  });

  it('reports malformed documents as parse errors, and fragment-only documents too', () => {
    expect(docs.summarize('query { account(id: ) }')).toEqual({ kind: 'parse_error' });
    expect(docs.summarize('fragment F on A { id }')).toEqual({ kind: 'parse_error' });
    expect(docs.summarize('')).toEqual({ kind: 'parse_error' });
  });

  it('declines huge, deep or token-heavy documents but still names them from their head', () => {
    const huge = `query Huge { a ${'b '.repeat(DEFAULT_GRAPHQL_LIMITS.maxChars)} }`;
    expect(docs.summarize(huge)).toMatchObject({ kind: 'unparsed', why: 'query longer than 65536 characters', head: { type: 'query', name: 'Huge' } });
    const deep = `query Deep ${'{ a '.repeat(5000)}${'} '.repeat(5000)}`;
    expect(docs.summarize(deep)).toMatchObject({ kind: 'unparsed', why: 'nested deeper than 64', head: { type: 'query', name: 'Deep' } });
    const wide = `{ ${'f '.repeat(25_000)} }`;
    expect(docs.summarize(wide)).toMatchObject({ kind: 'unparsed', why: 'more than 20000 tokens', head: { type: 'query', name: 'f' } });
  });

  it('never throws even when the parser recursion is deep (prescan off)', () => {
    const loose = new GraphqlDocuments({ ...DEFAULT_GRAPHQL_LIMITS, maxChars: 1e7, maxDepth: 1e9, maxTokens: 1e9 });
    const deep = `${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}`;
    expect(['parsed', 'parse_error']).toContain(loose.summarize(deep).kind);
  });

  it('caches by text, within its bounds', () => {
    const small = new GraphqlDocuments({ ...DEFAULT_GRAPHQL_LIMITS, cacheEntries: 2 });
    const a = small.summarize('{ a }');
    expect(small.summarize('{ a }')).toBe(a); // same object: served from the cache
    small.summarize('{ b }');
    small.summarize('{ c }');
    expect(small.summarize('{ a }')).not.toBe(a); // evicted, summarised again
    expect(small.summarize('{ a }')).toEqual(a);
  });
});
