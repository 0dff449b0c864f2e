import { describe, expect, it } from 'vitest';
import { documentHead, looksLikeGraphql, prescan } from './graphql-lexical.js';

describe('looksLikeGraphql', () => {
  it('accepts executable documents in their usual shapes', () => {
    expect(looksLikeGraphql('{ me { id } }')).toBe(true);
    expect(looksLikeGraphql('  # leading comment\n query GetAccount($id: ID!) { account(id: $id) { id } }')).toBe(true);
    expect(looksLikeGraphql('mutation { transfer(input: {}) { id } }')).toBe(true);
    expect(looksLikeGraphql('subscription OnTxn @live { txn { id } }')).toBe(true);
    expect(looksLikeGraphql('fragment F on Account { id } query { ...F }')).toBe(true);
    expect(looksLikeGraphql('{ ...AccountFields }')).toBe(true);
  });

  it('rejects search strings and JSON that happen to sit in a "query" field', () => {
    expect(looksLikeGraphql('iphone 15 pro')).toBe(false);
    expect(looksLikeGraphql('query results for savings')).toBe(false);
    expect(looksLikeGraphql('{"match":{"name":"x"}}')).toBe(false);
    expect(looksLikeGraphql('SELECT * FROM accounts')).toBe(false);
    expect(looksLikeGraphql('')).toBe(false);
  });

  it('reads JSON-escaped text in escaped mode', () => {
    expect(looksLikeGraphql('\\n  query Q {\\n a }', true)).toBe(true);
    expect(looksLikeGraphql('\\n  query Q {\\n a }', false)).toBe(false);
  });
});

describe('documentHead', () => {
  it('gives type and operation name, or the first root field for anonymous documents', () => {
    expect(documentHead('query GetAccount { account { id } }')).toEqual({ type: 'query', name: 'GetAccount' });
    expect(documentHead('{ accounts { id } }')).toEqual({ type: 'query', name: 'accounts' });
    expect(documentHead('mutation ($a: Int) { transfer(amount: $a) { id } }')).toEqual({ type: 'mutation', name: 'transfer' });
    expect(documentHead('{ acct: account { id } }')).toEqual({ type: 'query', name: 'account' });
  });

  it('gives nothing it cannot see', () => {
    expect(documentHead('fragment F on A { id }')).toEqual({});
    expect(documentHead('{')).toEqual({ type: 'query' });
    expect(documentHead('garbage')).toEqual({});
  });
});

describe('prescan', () => {
  it('measures depth outside strings and comments', () => {
    expect(prescan('{ a { b { c } } }', 3, 100)).toBe('ok');
    expect(prescan('{ a { b { c { d } } } }', 3, 100)).toBe('deep');
    expect(prescan('{ a(s: "{{{{{{{{") # {{{{{{{{\n }', 2, 100)).toBe('ok');
    expect(prescan('{ a(s: """ {{{{ \\""" {{{{ """) }', 2, 100)).toBe('ok');
  });

  it('stops at the token limit', () => {
    expect(prescan('{ a b c d e f }', 10, 5)).toBe('tokens');
    expect(prescan('{ a b c d e f }', 10, 8)).toBe('ok');
  });
});
