import { describe, expect, it } from 'vitest';
import { GraphqlDocuments } from './graphql-document.js';
import { graphqlFromJson, graphqlFromJsonPrefix, graphqlFromMultipart, graphqlFromRawBody, graphqlFromUrl } from './graphql-http.js';

const docs = new GraphqlDocuments();

describe('graphqlFromJson', () => {
  it('names by operationName first, then the document, then the first root field', () => {
    const doc = 'query A { a } query B { b }';
    expect(graphqlFromJson({ query: doc, operationName: 'B' }, docs)?.operation).toEqual({ type: 'query', name: 'B' });
    expect(graphqlFromJson({ query: doc }, docs)?.operation).toEqual({ type: 'query', name: 'A' });
    expect(graphqlFromJson({ query: 'mutation { transfer { id } }', operationName: null }, docs)?.operation).toEqual({ type: 'mutation', name: 'transfer' });
  });

  it('keeps the client operationName even when the document does not define it', () => {
    expect(graphqlFromJson({ query: 'mutation X { pay { id } }', operationName: 'Y' }, docs)?.operation).toEqual({ type: 'mutation', name: 'Y' });
  });

  it('reads batches from the first call and notes introspection anywhere in them', () => {
    const info = graphqlFromJson([{ query: 'query Me { me { id } }' }, { query: '{ __schema { types { name } } }' }, 'junk'], docs);
    expect(info?.operation).toEqual({ type: 'query', name: 'Me' });
    expect(info?.notes).toEqual(expect.arrayContaining(['graphql.batched', 'graphql.introspection']));
  });

  it('recognises persisted queries sent by hash only', () => {
    const body = { operationName: 'GetCards', variables: {}, extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } };
    expect(graphqlFromJson(body, docs)).toEqual({ format: 'graphql', reason: 'GraphQL JSON body', operation: { name: 'GetCards' }, notes: ['graphql.persisted'] });
  });

  it('notes parse errors but still names what it can', () => {
    expect(graphqlFromJson({ query: 'query Broken { account(id: ) { id }' }, docs)).toMatchObject({ operation: { type: 'query', name: 'Broken' }, notes: ['graphql.parse_error'] });
  });

  it('is not fooled by REST bodies with a query field', () => {
    expect(graphqlFromJson({ query: 'iphone', page: 1 }, docs)).toBeUndefined();
    expect(graphqlFromJson({ query: { bool: {} } }, docs)).toBeUndefined();
    expect(graphqlFromJson([1, 2, 3], docs)).toBeUndefined();
    expect(graphqlFromJson([], docs)).toBeUndefined();
    expect(graphqlFromJson(null, docs)).toBeUndefined();
  });
});

describe('other GraphQL carriers', () => {
  it('GET with query and operationName parameters', () => {
    const url = `/graphql?query=${encodeURIComponent('query GetAccount($id: ID!) { account(id: $id) { balance } }')}&operationName=GetAccount&variables=%7B%22id%22%3A1%7D`;
    expect(graphqlFromUrl(url, docs)).toEqual({ format: 'graphql', reason: 'GraphQL query parameter', operation: { type: 'query', name: 'GetAccount' } });
    expect(graphqlFromUrl('/search?query=savings+account', docs)).toBeUndefined();
    expect(graphqlFromUrl('/search?searchquery=x', docs)).toBeUndefined();
    expect(graphqlFromUrl('/graphql?query=%E0%A4%A', docs)).toBeUndefined(); // broken percent-encoding
  });

  it('GET persisted query', () => {
    const ext = encodeURIComponent('{"persistedQuery":{"version":1,"sha256Hash":"abc"}}');
    expect(graphqlFromUrl(`/graphql?operationName=Feed&extensions=${ext}`, docs)?.notes).toEqual(['graphql.persisted']);
  });

  it('raw application/graphql body, operationName in the URL', () => {
    expect(graphqlFromRawBody('query A { a } mutation B { b }', '/graphql?operationName=B', docs).operation).toEqual({ type: 'mutation', name: 'B' });
  });

  it('multipart upload with an operations field', () => {
    const b = '----b1';
    const ops = JSON.stringify({ query: 'mutation UploadIdCard($file: Upload!) { uploadIdCard(file: $file) { id } }', variables: { file: null } });
    const body = `--${b}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${ops}\r\n--${b}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n--${b}--\r\n`;
    const info = graphqlFromMultipart(body, `multipart/form-data; boundary=${b}`, docs);
    expect(info).toMatchObject({ format: 'graphql', operation: { type: 'mutation', name: 'UploadIdCard' }, notes: ['graphql.multipart'] });
    expect(graphqlFromMultipart(body.replace('operations', 'avatar'), `multipart/form-data; boundary=${b}`, docs)).toBeUndefined();
  });

  it('recognises a JSON body it could not parse from its first bytes', () => {
    const cut = '{"operationName":"ListTxns","query":"query ListTxns($first: Int) {\\n  transactions(first: $first) {\\n    edges { node { id amount ';
    expect(graphqlFromJsonPrefix(cut)).toEqual({ format: 'graphql', reason: 'GraphQL JSON body (not parsed)', notes: ['graphql.unparsed'], operation: { type: 'query', name: 'ListTxns' } });
    expect(graphqlFromJsonPrefix('{"query":"\\n{\\n  accounts { id ')?.operation).toEqual({ type: 'query', name: 'accounts' });
    expect(graphqlFromJsonPrefix('{"query":"cheap flights", "page": 1')).toBeUndefined();
  });
});
