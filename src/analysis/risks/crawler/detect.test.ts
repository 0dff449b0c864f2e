import { describe, expect, it } from 'vitest';
import type { Exchange, Header } from '../../../core/exchange.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { crawlerRisk } from './detect.js';
import { BROWSER, HEADLESS, TOOL, userAgentClass } from './user-agent.js';

const HEADLESS_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/122.0.6261.94 Safari/537.36';
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const PAGE = '<!DOCTYPE html><html><head><title>产品</title></head><body><p>理财产品</p></body></html>';

/** i-th public page of a site: products, branches, news, rates… (many paths, several endpoints) */
const url = (i: number): string => ['/ebank/products/', '/ebank/branches/', '/news/', '/rates/', '/help/', '/notices/'][i % 6]! + `item${1000 + i}.html`;

function visit(sec: number, path: string, o: { ua?: string; client?: string; headers?: Header[] } = {}): Exchange {
  return at(sec, {
    url: path,
    host: 'ebank.bank.example.cn',
    client: o.client ?? '192.0.2.170',
    request: { headers: [['user-agent', o.ua ?? HEADLESS_UA], ['accept-language', 'en-US'], ...(o.headers ?? [])] },
    response: { headers: [['content-type', 'text/html;charset=UTF-8']], body: PAGE },
  });
}

/** a person's pace: think times between 0.3 s and 6 s (mean ~2 s), seconds from the start */
const THINK = [0.4, 1, 6, 0.8, 2.5, 0.3, 3.5, 1.2];
const human = (i: number): number => THINK.slice(0, i % 8).reduce((x, y) => x + y, 0) + Math.floor(i / 8) * THINK.reduce((x, y) => x + y, 0);

/** `n` pages at a fixed beat (± jitter in ms, deterministic) */
const crawl = (n: number, beat: number, o: Parameters<typeof visit>[2] = {}, jitter = 50): Exchange[] =>
  Array.from({ length: n }, (_, i) => visit(i * beat + (((i * 7919) % (2 * jitter + 1)) - jitter) / 1000, url(i), o));

describe('crawler', () => {
  it('classifies User-Agents', () => {
    expect(userAgentClass(HEADLESS_UA)).toBe(HEADLESS | BROWSER);
    expect(userAgentClass('python-requests/2.31.0')).toBe(TOOL);
    expect(userAgentClass('Go-http-client/1.1')).toBe(TOOL);
    expect(userAgentClass(undefined)).toBe(TOOL);
    expect(userAgentClass('Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)')).toBe(TOOL);
    expect(userAgentClass('okhttp/4.12.0 BankApp/7.3.0 (Android 11; Xiaomi 2211133C)')).toBe(0);
    expect(userAgentClass(CHROME_UA)).toBe(BROWSER);
  });

  it('raises one event for a headless browser walking 150 pages at a 2 s beat without cookies, subject its address', () => {
    const ev = events(crawlerRisk, crawl(150, 2));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'crawler', subject: { ip: '192.0.2.170' }, threshold: 3 });
    expect(ev[0]!.detail).toMatch(/regular beat 2\.0 s.*headless browser.*no cookie/);
  });

  it('needs volume and coverage: few requests, or many requests to a few endpoints, are not a crawl', () => {
    expect(events(crawlerRisk, crawl(80, 2))).toEqual([]);
    // a partner server: steady beat, tool User-Agent, no cookie, but the same two endpoints
    const partner = Array.from({ length: 300 }, (_, i) =>
      at(i * 2, { method: 'POST', url: i % 2 ? '/openapi/v1/pay/create' : '/openapi/v1/pay/query', host: 'openapi.bank.example.cn', client: '192.0.2.171', request: { headers: [['user-agent', 'Go-http-client/1.1']], body: { n: i } }, response: { body: { code: '10000' } } }),
    );
    expect(events(crawlerRisk, partner)).toEqual([]);
  });

  it('needs minScore signals: a logged-in browser at an irregular pace is a person', () => {
    const person = Array.from({ length: 150 }, (_, i) => visit(human(i), url(i), { ua: CHROME_UA, headers: [['cookie', 'JSESSIONID=ABCDEF0123456789']] }));
    expect(events(crawlerRisk, person)).toEqual([]);
    // the same cadence with a tool User-Agent and no cookie: fast, tool, no cookie
    const tool = Array.from({ length: 150 }, (_, i) => visit(human(i), url(i), { ua: 'python-requests/2.31.0' }));
    expect(events(crawlerRisk, tool)).toHaveLength(1);
    expect(events(crawlerRisk, tool, { minScore: 4 })).toEqual([]);
  });

  it('scores a browser User-Agent without Accept-Language', () => {
    // a plain Chrome User-Agent with cookies at a person's pace, but fast: 1 signal, +1 without Accept-Language
    const pages = (lang: boolean) =>
      Array.from({ length: 150 }, (_, i) => at(human(i), { url: url(i), host: 'ebank.bank.example.cn', client: '192.0.2.172', request: { headers: [['user-agent', CHROME_UA], ['cookie', 'JSESSIONID=ABCDEF0123456789'], ...(lang ? ([['accept-language', 'zh-CN']] as Header[]) : [])] }, response: { headers: [['content-type', 'text/html;charset=UTF-8']], body: PAGE } }));
    expect(events(crawlerRisk, pages(true), { minScore: 2 })).toEqual([]);
    expect(events(crawlerRisk, pages(false), { minScore: 2 })[0]?.detail).toMatch(/browser without Accept-Language/);
    expect(events(crawlerRisk, pages(false))).toEqual([]);
  });

  it('scores HTML pages fetched without static assets where browsers on the app fetch them', () => {
    const asset = (sec: number, client: string, ua = CHROME_UA): Exchange =>
      at(sec, { url: `/static/app.${Math.floor(sec)}.js`, host: 'ebank.bank.example.cn', client, request: { headers: [['user-agent', ua]] }, response: { headers: [['content-type', 'application/javascript']], body: 'var a=1;' } });
    // a person's browser on the same site fetches scripts with its pages: the app is known to serve assets
    const person = [asset(0, '203.0.113.50'), asset(1, '203.0.113.50')];
    // pages from a browser with cookies and Accept-Language at a fast, irregular pace: 1 signal (fast) without the assets one
    const pages = (client: string, withAssets: boolean): Exchange[] =>
      Array.from({ length: 150 }, (_, i) => [
        at(human(i) / 3, { url: url(i), host: 'ebank.bank.example.cn', client, request: { headers: [['user-agent', CHROME_UA], ['accept-language', 'zh-CN'], ['cookie', 'JSESSIONID=ABCDEF0123456789']] }, response: { headers: [['content-type', 'text/html;charset=UTF-8']], body: PAGE } }),
        ...(withAssets ? [asset(human(i) / 3 + 0.1, client)] : []),
      ]).flat();
    const bare = events(crawlerRisk, [...person, ...pages('192.0.2.173', false)], { minScore: 2 });
    expect(bare).toHaveLength(1);
    expect(bare[0]!.detail).toMatch(/150 pages without assets/);
    expect(events(crawlerRisk, [...person, ...pages('192.0.2.174', true)], { minScore: 2 })).toEqual([]);
    // on an app where no client ever fetched an asset (an API host), the signal means nothing
    expect(events(crawlerRisk, pages('192.0.2.175', false), { minScore: 2 })).toEqual([]);
  });

  it('finds the simulated crawler with its address, and stays quiet on benign traffic', async () => {
    const { events: ev, labels } = await simulated(crawlerRisk, ['crawler']);
    expect(missed(ev, labels, 'crawler')).toEqual([]);
    expect(ev).toHaveLength(1);
    for (const seed of [7, 11]) {
      const benign = await simulated(crawlerRisk, [], { seed });
      expect(benign.events.length).toBeLessThanOrEqual(0);
    }
  }, 120_000);
});
