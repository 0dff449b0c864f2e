/** Account-security scenarios (DESIGN §4.3, first dimension). */
import type { Header } from '../../core/exchange.js';
import { appClient, bearer, encrypted, mobileApi, mobileSession, ok } from '../apps/mobile.js';
import { ebankPages } from '../apps/ebank.js';
import { json } from '../http.js';
import type { Spawn, Step } from '../model.js';
import { customerIp, domesticV4 } from '../net.js';
import { type Customer, customer, makeDevice, mobileNumber } from '../people.js';
import { rngFor } from '../rng.js';
import { MIN, SEC, type Scenario, type ScenarioRun, pace, toolClient } from './types.js';

const victim = (s: ScenarioRun, k = 0): Customer => customer(s.ctx.seed, rngFor(s.ctx.seed, `${s.tag}:victim:${k}`).int(0, s.ctx.users - 1));
/** n different accounts: real customers (distinct) where there are enough, made-up numbers for the rest */
function accountsToTry(s: ScenarioRun, n: number, realShare: number): Array<{ mobile: string; c?: Customer }> {
  const r = rngFor(s.ctx.seed, `${s.tag}:accounts`);
  const seen = new Set<string>();
  const out: Array<{ mobile: string; c?: Customer }> = [];
  while (out.length < n) {
    const c = r.chance(realShare) ? customer(s.ctx.seed, r.int(0, s.ctx.users - 1)) : undefined;
    const mobile = c?.mobile ?? mobileNumber(r);
    if (seen.has(mobile)) continue;
    seen.add(mobile);
    out.push({ mobile, c });
  }
  return out;
}
const loginBody = (c: { mobile: string }, s: ScenarioRun, deviceId: string): Record<string, string> => ({ loginName: c.mobile, password: encrypted(s.r), loginType: 'PWD', deviceId, appVersion: '7.2.0' });
const rid = (s: ScenarioRun): Header => ['x-request-id', s.r.hex(32)];

export const bruteForce: Scenario = {
  id: 'brute-force',
  slug: 'brute-force',
  dimension: 'account',
  title: 'Password guessing on one account',
  shape: 'one IP, one account: 50 wrong passwords every 4-12 s on the app login, then a success and a look at the accounts',
  span: 8 * MIN,
  *run(s) {
    const c = victim(s);
    const ip = s.attacker();
    s.subject = { account: c.mobile, ip };
    const dev = makeDevice(s.r);
    const cl = toolClient(s, ip, 'mobile', 'okhttp/3.12.1', [['x-device-id', dev.deviceId], ['x-platform', 'Android']]);
    const gap = pace(s, 51);
    for (let i = 0; i < 50; i++) {
      yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(c, s, dev.deviceId)), mobileApi.loginBadPassword(), s.r.logNormal(90_000, 0.3));
      cl.pause(gap * (0.6 + 0.8 * s.r.next()));
    }
    const res = mobileApi.loginOk(s.r, c, Math.floor(cl.clock / 1000));
    yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(c, s, dev.deviceId)), res, 120_000);
    const tok = JSON.parse(res.body as string).data.token as string;
    cl.pause(2 * SEC);
    yield cl.send(cl.request('GET', '/api/v1/accounts', [bearer(tok)]), mobileApi.accounts(c, s.r), 40_000);
  },
};

export const credentialStuffing: Scenario = {
  id: 'credential-stuffing',
  slug: 'credential-stuffing',
  dimension: 'account',
  title: 'Leaked credential lists replayed against the app login',
  shape: 'one IP with python-requests: 300 different accounts 1-2 attempts each (70% unknown users, ~3% succeed), a new connection every 50 requests',
  span: 18 * MIN,
  *run(s) {
    const ip = s.attacker();
    s.subject = { ip };
    const cl = toolClient(s, ip, 'mobile', 'python-requests/2.31.0');
    const gap = pace(s, 390);
    let n = 0;
    for (const login of accountsToTry(s, 300, 0.3)) {
      const c = login.c;
      const tries = s.r.chance(0.3) ? 2 : 1;
      for (let a = 0; a < tries; a++) {
        if (++n % 50 === 0) cl.reconnect();
        const success = c !== undefined && a === tries - 1 && s.r.chance(0.1);
        const res = success ? mobileApi.loginOk(s.r, c, Math.floor(cl.clock / 1000)) : c ? mobileApi.loginBadPassword() : mobileApi.loginNoUser();
        yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(login, s, s.r.hex(16).toUpperCase())), res, s.r.logNormal(100_000, 0.3));
        cl.pause(gap * (0.5 + s.r.next()));
      }
    }
  },
};

export const passwordSpraying: Scenario = {
  id: 'password-spraying',
  slug: 'password-spraying',
  dimension: 'account',
  title: 'One common password tried slowly across many accounts',
  shape: 'one IP on internet banking: the same password (same ciphertext) once on each of 150 accounts, 20-40 s apart, one success',
  span: 75 * MIN,
  *run(s) {
    const ip = s.attacker();
    s.subject = { ip };
    const cl = toolClient(s, ip, 'ebank', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36', [['x-requested-with', 'XMLHttpRequest']]);
    const sprayed = encrypted(s.r);
    const lucky = s.r.int(20, 140);
    const gap = pace(s, 150);
    const targets = accountsToTry(s, 150, 0.95);
    for (let k = 0; k < 150; k++) {
      const { c, mobile } = targets[k];
      const res = k === lucky && c ? ebankPages.loginOk(c, s.r) : ebankPages.loginFail();
      if (k % 25 === 0) cl.reconnect();
      yield cl.send(cl.form('/ebank/login.do', { loginName: mobile, password: sprayed, captcha: s.r.chars(4, 'abcdefghjkmnpqrstuvwxyz23456789'), loginType: '1' }), res, s.r.logNormal(120_000, 0.3));
      cl.cookies.clear();
      cl.pause(gap * (0.7 + 0.6 * s.r.next()));
    }
  },
};

export const successAfterFailures: Scenario = {
  id: 'success-after-failures',
  slug: 'success-after-failures',
  dimension: 'account',
  title: 'Failures from several addresses, then a login that works',
  shape: 'one account: 8 failed app logins from 4 attacker IPs over ~15 min, then a success from a fifth IP followed by a transfer prepare',
  span: 15 * MIN,
  addresses: 5,
  *run(s) {
    const c = victim(s);
    s.subject = { account: c.mobile };
    const ips = [s.attacker(0), s.attacker(1), s.attacker(2), s.attacker(3)];
    const clients = ips.map((ip) => toolClient(s, ip, 'mobile', 'okhttp/4.9.3'));
    const gap = pace(s, 9);
    let t = s.start;
    for (let i = 0; i < 8; i++) {
      const cl = clients[i % 4];
      cl.at(t);
      yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(c, s, s.r.hex(16))), mobileApi.loginBadPassword(3 - (i % 4)), 90_000);
      t = cl.clock + gap * (0.5 + s.r.next());
    }
    const cl = toolClient(s, s.attacker(4), 'mobile', 'okhttp/4.9.3', [], t);
    const res = mobileApi.loginOk(s.r, c, Math.floor(t / 1000));
    yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(c, s, s.r.hex(16))), res, 110_000);
    const tok = JSON.parse(res.body as string).data.token as string;
    cl.pause(3 * SEC);
    yield cl.send(cl.json('POST', '/api/v1/transfers/prepare', { payAcctId: c.cards[0].acctId, payeeAcctNo: '6222020200112233445', payeeName: '王某', amount: '49800.00', currency: 'CNY' }, [bearer(tok)]), json(200, ok({ transferToken: s.r.hex(32), fee: '0.00', needSms: true })), 60_000);
  },
};

/**
 * Another city's address for this customer: outside the /24 (IPv4) or /48 (IPv6) of both networks
 * the customer's app uses. The plan puts every IPv4 customer in two /24s, so an address drawn at
 * random would often sit in the customer's own /24, which in real addressing is their own
 * neighbourhood, not another city.
 */
function elsewhere(c: Customer, n: number): string {
  const usual = new Set([customerIp(c, 'mobile'), customerIp(c, 'mobile', true)].filter((a) => !a.includes(':')).map((a) => a.slice(0, a.lastIndexOf('.'))));
  const k = n % 381;
  const v4 = [domesticV4(k), domesticV4(k < 254 ? 254 + (k % 127) : k % 254)];
  const free = v4.find((a) => !usual.has(a.slice(0, a.lastIndexOf('.'))));
  if (free) return free;
  const g = (k: number): string => ((Math.imul(n + 1, 0x9e3779b1 + k) >>> 0) % 0xfffe + 1).toString(16);
  return `2001:db8:${g(1)}:${g(2)}::${g(3)}`;
}

export const abnormalLogin: Scenario = {
  id: 'abnormal-login',
  slug: 'abnormal-login',
  dimension: 'account',
  title: 'Login from a new place on a new device',
  shape: 'one account: 3 ordinary sessions from its usual network and iPhone/Android (not labelled), then a login from another city\'s address on a different device with SMS step-up, payees and a transfer',
  span: 90 * MIN,
  *run(s) {
    const c = victim(s);
    const ip = elsewhere(c, s.r.int(0, 380) ^ 0x55);
    s.subject = { account: c.mobile, ip };
    // the baseline: the customer's own habits (untagged)
    for (let k = 0; k < 3; k++) {
      yield { kind: 'spawn', t: s.start + k * (s.span / 5), actor: mobileSession(s.ctx, c, s.start + k * (s.span / 5), rngFor(s.ctx.seed, `${s.tag}:base:${k}`), { ip: customerIp(c, 'mobile') }) } satisfies Spawn;
    }
    const t = s.start + s.span * 0.8;
    const dev = makeDevice(s.r);
    const alien = { ...dev, os: c.device.os === 'iOS' ? 'Android' : 'iOS', model: c.device.os === 'iOS' ? 'HUAWEI NOH-AN00' : 'iPhone15,2' } as typeof dev;
    yield { kind: 'spawn', t, actor: mobileSession(s.ctx, c, t, rngFor(s.ctx.seed, `${s.tag}:odd`), { ip, device: alien, tag: s.tag }) } satisfies Spawn;
  },
};

export const disallowedSourceLogin: Scenario = {
  id: 'disallowed-source-login',
  slug: 'disallowed-source-login',
  dimension: 'account',
  title: 'Logins from outside the allowed region',
  shape: 'one foreign IP (198.51.100.0/24 by convention) logging in to 3 customers\' app accounts and reading their accounts',
  span: 10 * MIN,
  *run(s) {
    const ip = s.foreign();
    s.subject = { ip };
    for (let k = 0; k < 3; k++) {
      const c = victim(s, k);
      const cl = appClient(s.ctx, s.r, c, s.start + k * (s.span / 3), { ip });
      cl.tag = s.tag;
      const res = mobileApi.loginOk(s.r, c, Math.floor(cl.clock / 1000));
      yield cl.send(cl.json('POST', '/api/v1/auth/login', loginBody(c, s, c.device.deviceId), [rid(s)]), res, 110_000);
      const tok = JSON.parse(res.body as string).data.token as string;
      cl.think(2 * SEC);
      yield cl.send(cl.request('GET', '/api/v1/accounts', [bearer(tok), rid(s)]), mobileApi.accounts(c, s.r), 40_000);
      cl.think(5 * SEC);
      yield cl.send(cl.request('GET', `/api/v1/accounts/${c.cards[0].acctId}/balance`, [bearer(tok), rid(s)]), mobileApi.balance(c.cards[0].acctId, s.r), 20_000);
    }
  },
};

export const accountSharing: Scenario = {
  id: 'account-sharing',
  slug: 'account-sharing',
  dimension: 'account',
  title: 'One account used from many places at once',
  shape: 'one account: 6 app sessions from 6 different IPs and devices overlapping within ~20 min',
  span: 20 * MIN,
  *run(s) {
    const c = victim(s);
    s.subject = { account: c.mobile };
    for (let k = 0; k < 6; k++) {
      const t = s.start + Math.round(k * (s.span / 8));
      const ip = k % 2 ? domesticV4(s.r.int(0, 380)) : customerIp({ ...c, index: c.index + 7919 * (k + 1) }, 'mobile');
      yield { kind: 'spawn', t, actor: mobileSession(s.ctx, c, t, rngFor(s.ctx.seed, `${s.tag}:${k}`), { ip, device: makeDevice(s.r), tag: s.tag }) } satisfies Spawn;
    }
  },
};

export const smsBombing: Scenario = {
  id: 'sms-bombing',
  slug: 'sms-bombing',
  dimension: 'account',
  title: 'SMS codes requested over and over for one number',
  shape: 'one IP: 80 unauthenticated REGISTER code requests for the same mobile within ~10 min (every 5-10 s), half answered "too frequent"',
  span: 10 * MIN,
  *run(s) {
    const ip = s.attacker();
    const target = mobileNumber(s.r);
    s.subject = { ip, account: target, note: `victim mobile ${target}` };
    const cl = toolClient(s, ip, 'mobile', 'Dalvik/2.1.0 (Linux; U; Android 10; MI 9 Build/QKQ1.190825.002)', [['x-platform', 'Android']]);
    const gap = pace(s, 80);
    for (let i = 0; i < 80; i++) {
      const res = i % 2 === 0 ? mobileApi.smsSent(s.r, target) : mobileApi.smsTooFrequent();
      yield cl.send(cl.json('POST', '/api/v1/sms/send', { bizType: 'REGISTER', mobile: target, imgCode: s.r.chars(4, 'abcdefghjkmnpqrstuvwxyz23456789') }), res, s.r.logNormal(150_000, 0.3));
      cl.pause(gap * (0.7 + 0.6 * s.r.next()));
    }
  },
};

export const unusualHours: Scenario = {
  id: 'unusual-hours',
  slug: 'unusual-hours',
  dimension: 'account',
  title: 'A daytime customer active in the middle of the night',
  shape: 'one account: sessions at 02:00-04:00 Beijing time with a transfer, from the customer\'s own network and device (the day\'s own sessions are not labelled)',
  span: 40 * MIN,
  night: true,
  *run(s) {
    const c = victim(s);
    s.subject = { account: c.mobile };
    const ip = customerIp(c, 'mobile');
    for (let k = 0; k < 3; k++) {
      const t = s.start + Math.round((k * s.span) / 3);
      yield { kind: 'spawn', t, actor: mobileSession(s.ctx, c, t, rngFor(s.ctx.seed, `${s.tag}:${k}`), { ip, tag: s.tag }) } satisfies Spawn;
    }
    // the customer's ordinary day, when the window holds it (not labelled)
    for (const h of [7, 9, 12]) {
      const t = s.start + h * 3600e6;
      if (t < s.ctx.endUs) yield { kind: 'spawn', t, actor: mobileSession(s.ctx, c, t, rngFor(s.ctx.seed, `${s.tag}:day:${h}`), { ip }) } satisfies Spawn;
    }
  },
};

/** yield type guard for generators mixing steps and spawns */
export type StepOrSpawn = Step | Spawn;
