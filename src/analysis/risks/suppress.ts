/**
 * Suppression rules and allow-lists for risk events (issue 5 item 4): what the SOC already knows
 * and accepts. An allow-listed client (the bank's own vulnerability scanner, a monitoring probe,
 * a partner's NAT) is never the subject of an event; a suppression rule drops one rule's events
 * (or every rule's) for a client range, an account or an endpoint, optionally until a date.
 * Dropped emissions are counted per rule, so a rule that hides too much shows in the summary.
 *
 *   risks:
 *     allow: { ips: [10.8.0.0/16] }
 *     suppress:
 *       - { rule: scanner, ip: 192.0.2.10, reason: 'quarterly pen test', until: 2024-07-01 }
 *       - { rule: crawler, endpoint: '/ebank/products/*', reason: 'public product pages' }
 */
import type { BlockList } from 'node:net';
import { cidrList, inCidrList } from '../../core/cidr.js';
import type { RiskSubject } from '../../core/risk.js';

export interface SuppressRule {
  /** slug or GL-R id; absent = every rule */
  rule?: string;
  /** address or CIDR of the client */
  ip?: string;
  /** account as the traffic names it (compared before masking) */
  account?: string;
  /** path template, `*` matches one segment's rest and `**` anything */
  endpoint?: string;
  reason: string;
  /** ISO date or time after which the rule no longer applies (event time) */
  until?: string;
}

export interface SuppressOptions {
  allowIps?: readonly string[];
  rules?: readonly SuppressRule[];
}

function globRe(glob: string): RegExp {
  const re = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`);
}

interface CompiledRule {
  rule?: string;
  ips?: BlockList;
  account?: string;
  endpoint?: RegExp;
  untilMs: number;
}

export class Suppressor {
  private readonly allow: BlockList | undefined;
  private readonly rules: CompiledRule[];
  /** dropped emissions by rule slug */
  readonly dropped = new Map<string, number>();

  constructor(o: SuppressOptions = {}) {
    this.allow = o.allowIps?.length ? cidrList(o.allowIps) : undefined;
    this.rules = (o.rules ?? []).map((r) => {
      const c: CompiledRule = { untilMs: r.until ? Date.parse(r.until) : Infinity };
      if (r.rule) c.rule = r.rule;
      if (r.ip) c.ips = cidrList([r.ip]);
      if (r.account) c.account = r.account;
      if (r.endpoint) c.endpoint = globRe(r.endpoint);
      return c;
    });
  }

  get active(): boolean {
    return this.allow !== undefined || this.rules.length > 0;
  }

  /** true when the emission must be dropped; counts it */
  suppressed(rule: { id: string; slug: string }, s: RiskSubject, tsMs: number): boolean {
    if (!this.matches(rule, s, tsMs)) return false;
    this.dropped.set(rule.slug, (this.dropped.get(rule.slug) ?? 0) + 1);
    return true;
  }

  private matches(rule: { id: string; slug: string }, s: RiskSubject, tsMs: number): boolean {
    if (this.allow && s.ip !== undefined && inCidrList(this.allow, s.ip)) return true;
    for (const r of this.rules) {
      if (tsMs > r.untilMs) continue;
      if (r.rule !== undefined && r.rule !== rule.slug && r.rule !== rule.id) continue;
      if (r.ips && (s.ip === undefined || !inCidrList(r.ips, s.ip))) continue;
      if (r.account !== undefined && s.account !== r.account) continue;
      if (r.endpoint && (s.endpoint === undefined || !r.endpoint.test(s.endpoint.pathTemplate))) continue;
      return true;
    }
    return false;
  }
}
