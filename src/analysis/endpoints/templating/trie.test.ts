import { describe, expect, it } from 'vitest';
import { PathTrie, type TrieHooks } from './trie.js';

interface P {
  calls: number;
  shape?: Set<string>;
}
const hooks: TrieHooks<P> = {
  merge: (into, from) => {
    into.calls += from.calls;
  },
  shape: (e) => e.shape,
};

const segs = (p: string): string[] => p.split('/').slice(1);

function feed(trie: PathTrie<P>, method: string, path: string, shape?: string[]): void {
  const node = trie.walk(segs(path));
  const p = trie.payload(node, method, () => ({ calls: 0, shape: shape ? new Set(shape) : undefined }));
  p.calls++;
}

function templates(trie: PathTrie<P>): Record<string, number> {
  trie.learn();
  const out: Record<string, number> = {};
  for (const [node, t] of trie.entries()) for (const [k, p] of node.endpoints!) out[`${k} ${t}`] = p.calls;
  return out;
}

describe('PathTrie', () => {
  it('typed values become a named parameter at once; words stay', () => {
    const t = new PathTrie<P>(hooks);
    for (const id of ['1', '22', '333']) feed(t, 'GET', `/api/v1/users/${id}/orders`);
    feed(t, 'GET', '/api/v1/users/me');
    feed(t, 'GET', '/accounts/3fa85f64-5717-4562-b3fc-2c963f66afa6/balances');
    expect(templates(t)).toEqual({
      'GET /api/v1/users/{userId}/orders': 3,
      'GET /api/v1/users/me': 1,
      'GET /accounts/{accountId}/balances': 1,
    });
  });

  it('generic strings fold only when enough siblings look alike', () => {
    const t = new PathTrie<P>(hooks);
    const user = ['username', 'email'];
    for (const n of ['name1', 'john.doe', 'alice_w', 'bob-k']) feed(t, 'GET', `/users/v1/${n}`, user);
    feed(t, 'POST', '/users/v1/login', ['token']);
    feed(t, 'POST', '/users/v1/register', ['message']);
    feed(t, 'GET', '/users/v1/_debug', ['users']);
    expect(templates(t)).toEqual({
      'GET /users/v1/{userName}': 4,
      'POST /users/v1/login': 1,
      'POST /users/v1/register': 1,
      'GET /users/v1/_debug': 1,
    });
  });

  it('generic siblings with different response shapes stay apart (under-merge, not over-merge)', () => {
    const t = new PathTrie<P>(hooks);
    feed(t, 'GET', '/orders/xport', ['file']);
    feed(t, 'GET', '/orders/summry', ['total', 'count']);
    feed(t, 'GET', '/orders/stts', ['state']);
    feed(t, 'GET', '/orders/qqq', ['rows']);
    expect(Object.keys(templates(t))).toHaveLength(4);
  });

  it('re-homes payloads counted under raw paths when a template is learned later', () => {
    const t = new PathTrie<P>(hooks);
    feed(t, 'GET', '/books/v1/moby.dick', ['title']);
    feed(t, 'GET', '/books/v1/moby.dick', ['title']);
    expect(templates(t)).toEqual({ 'GET /books/v1/moby.dick': 2 });
    feed(t, 'GET', '/books/v1/war.peace', ['title']);
    feed(t, 'GET', '/books/v1/ulysses.j', ['title']);
    expect(templates(t)).toEqual({ 'GET /books/v1/{bookName}': 4 });
    // once a parameter exists, a new generic value goes straight to it
    feed(t, 'GET', '/books/v1/dune.f', ['title']);
    expect(templates(t)).toEqual({ 'GET /books/v1/{bookName}': 5 });
  });

  it('merges subtrees and payloads of folded siblings', () => {
    const t = new PathTrie<P>(hooks);
    for (const n of ['aa.x', 'bb.y', 'cc.z']) {
      feed(t, 'GET', `/u/${n}`);
      feed(t, 'PUT', `/u/${n}/email`);
    }
    expect(templates(t)).toEqual({ 'GET /u/{uName}': 3, 'PUT /u/{uName}/email': 3 });
  });

  it('caps children per node and raises an unbounded-path event', () => {
    const t = new PathTrie<P>(hooks, { maxChildren: 10, maxNodes: 1000, maxKeysPerNode: 5, genericMin: 3 });
    // words stay literal, so a flood of distinct words is what the cap is for
    const words = ['account', 'balance', 'card', 'detail', 'export', 'file', 'list', 'loan', 'order', 'pay', 'query', 'report'];
    for (let i = 0; i < 100; i++) feed(t, 'GET', `/files/${words[i % 12]}${words[(i * 7) % 12]![0]!.toUpperCase()}${words[(i * 7) % 12]!.slice(1)}${Math.floor(i / 12) ? words[Math.floor(i / 12)] : ''}`);
    const out = templates(t);
    expect(Object.keys(out).length).toBeLessThanOrEqual(11);
    expect(t.drainEvents().some((e) => e.kind === 'unbounded' && e.at === '/files')).toBe(true);
    expect(t.nodes).toBeLessThan(20);
  });

  it('learns a value position early when generic values keep coming', () => {
    const t = new PathTrie<P>(hooks, { maxChildren: 10, maxNodes: 1000, maxKeysPerNode: 5, genericMin: 3 });
    for (let i = 0; i < 100; i++) feed(t, 'GET', `/users/u.${String.fromCharCode(97 + (i % 26))}${'q'.repeat(i)}`, ['name']);
    expect(templates(t)).toEqual({ 'GET /users/{userName}': 100 });
    expect(t.drainEvents().some((e) => e.kind === 'unbounded')).toBe(false);
  });

  it('a generic word next to an id parameter joins it only with a similar response', () => {
    const t = new PathTrie<P>(hooks);
    for (const id of ['PI3227C223222B5', 'PI9927C2232X2B5', 'PI1127C2A3222B5']) feed(t, 'POST', `/paymentInstruments/${id}`, ['id', 'status', 'balanceAccountId']);
    feed(t, 'POST', '/paymentInstruments/revealz', ['cvc', 'expiry']);
    feed(t, 'POST', '/paymentInstruments/updatez', ['id', 'status', 'balanceAccountId']);
    expect(templates(t)).toEqual({ 'POST /paymentInstruments/{paymentInstrumentId}': 4, 'POST /paymentInstruments/revealz': 1 });
  });

  it('pins name parameters and win over learning; never-merge keeps children literal', () => {
    const t = new PathTrie<P>(hooks);
    t.pin(segs('/api/customers/{custNo}'));
    t.pin(segs('/api/products'), { noMerge: true });
    feed(t, 'GET', '/api/customers/C0001');
    feed(t, 'GET', '/api/customers/zhangsan');
    feed(t, 'GET', '/api/products/123');
    feed(t, 'GET', '/api/products/456');
    const out = templates(t);
    expect(out['GET /api/customers/{custNo}']).toBe(2);
    expect(out['GET /api/products/123']).toBe(1);
    expect(out['GET /api/products/456']).toBe(1);
  });

  it('bounds endpoint keys per node', () => {
    const t = new PathTrie<P>(hooks, { maxChildren: 10, maxNodes: 100, maxKeysPerNode: 3, genericMin: 3 });
    const node = t.walk(['graphql']);
    for (let i = 0; i < 10; i++) t.payload(node, `POST op${i}`, () => ({ calls: 0 })).calls++;
    expect(node.endpoints!.size).toBe(4);
    expect(node.endpoints!.get('POST {other}')!.calls).toBe(7);
  });

  it('a template it renders again from memory is the one it would render afresh, through kinds, folds, pins and restores', () => {
    const t = new PathTrie<P>(hooks, { maxChildren: 40, maxNodes: 10_000, maxKeysPerNode: 5, genericMin: 3 });
    let seed = 5;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    // one kind of value per phase, so parameters change names as kinds join them (dates, then ids, …)
    let phase = 0;
    const value = (): string =>
      [`2024-0${1 + next(9)}-1${next(10)}`, String(next(100_000)), `u${next(1000)}x${next(1000)}`, '3fa85f64-5717-4562-b3fc-2c963f66afa6'][(phase + next(2)) % 4]!;
    const nodes = new Set<ReturnType<PathTrie<P>['walk']>>();
    const check = (): void => {
      const remembered = [...nodes].map((n) => t.template(n));
      t.changed();
      expect([...nodes].map((n) => t.template(n))).toEqual(remembered);
    };
    for (let round = 0; round < 400; round++) {
      phase = Math.floor(round / 100);
      const path = [`/api/customers/${value()}/cards/${value()}`, `/api/orders/${value()}`, `/files/${value()}/${value()}`][next(3)]!;
      const node = t.walk(segs(path));
      t.payload(node, 'GET', () => ({ calls: 0 })).calls++;
      nodes.add(node);
      for (const n of nodes) t.template(n); // rendered, remembered
      if (round % 50 === 49) t.learn();
      if (round === 200) t.pin(segs('/api/orders/{orderNo}'));
      check();
    }
    // what learning and pinning renamed shows through the remembered templates too
    expect(new Set([...nodes].map((n) => t.template(n)))).toContain('/api/orders/{orderNo}');
  });
});
