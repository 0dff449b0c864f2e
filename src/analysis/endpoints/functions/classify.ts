/**
 * Function classes of an endpoint, each with the evidence that led to it. Words (path, operation)
 * come first, request parameters decide what words leave open (send vs check a code), response
 * behaviour strengthens (session cookie, token, attachment), and the HTTP method fills in CRUD
 * when nothing more specific was found.
 *
 *   classifyFunctions({ method: 'POST', pathTemplate: '/identity/api/auth/login', returnsToken: 9, … })
 *   // [{ value: 'login', reason: 'path word "login"; params "email", "password"; response returns a token (9 of 10 responses)' }]
 */
import type { Classified, FunctionClass } from '../../../core/endpoint.js';
import { describeParams, gather, looksPlural, ofCalls, paramsIn, type Evidence } from './evidence.js';
import type { EndpointFeatures } from './features.js';
import { VOCAB } from './vocabulary.js';
import { describeHit, findClass, findWord, type WordHit } from './words.js';

/** Classes that say what the endpoint does more precisely than CRUD does. */
const SPECIFIC: readonly FunctionClass[] = [
  'login', 'logout', 'register', 'password-reset', 'verification-send', 'verification-check', 'export', 'import', 'upload', 'download',
];

class Found {
  private readonly byClass = new Map<FunctionClass, string[]>();
  add(c: FunctionClass, ...why: (string | undefined | false)[]): void {
    const list = this.byClass.get(c) ?? [];
    for (const w of why) if (w && !list.includes(w)) list.push(w);
    this.byClass.set(c, list);
  }
  has(c: FunctionClass): boolean {
    return this.byClass.has(c);
  }
  any(cs: readonly FunctionClass[]): boolean {
    return cs.some((c) => this.byClass.has(c));
  }
  list(): Classified<FunctionClass>[] {
    return [...this.byClass].map(([value, why]) => ({ value, reason: why.join('; ') }));
  }
}

const said = (h: WordHit | undefined): string | undefined => (h ? describeHit(h) : undefined);

/** Health checks are monitoring, nothing else: no `query` on top. */
function health(ev: Evidence): string | undefined {
  const hit =
    findWord(ev.segs, VOCAB.health.words, { part: 'noun', scope: 'any', wholeOnly: true }) ??
    findWord(ev.segs, VOCAB.health.whole, { part: 'noun', scope: 'action', wholeOnly: true });
  if (hit) return `${hit.source} segment "${hit.shown}"`;
  // `status` names an order's status as often as a service's: only a bare, parameterless GET counts
  const last = ev.pathSegs[ev.pathSegs.length - 1];
  if (last?.raw.toLowerCase() === 'status' && ev.reads && !ev.f.pathTemplate.includes('{') && ev.params.length === 0)
    return 'path segment "status" with no parameters';
  return undefined;
}

function responseSaysLogin(f: EndpointFeatures): string[] {
  const out: string[] = [];
  if (f.setsCookie > 0) out.push(`response sets a session cookie (${ofCalls(f.setsCookie, f)})`);
  if (f.returnsToken > 0) out.push(`response returns a token (${ofCalls(f.returnsToken, f)})`);
  return out;
}

function verification(ev: Evidence, found: Found): void {
  let code = findClass(ev.segs, VOCAB.verification);
  const send = findClass(ev.segs, VOCAB.sendVerb);
  let check = findClass(ev.segs, VOCAB.checkVerb);
  // `verifyCode` is a noun (the code), not a verb: the params decide
  if (check && code && (code.shown === check.shown || code.shown.startsWith(`${check.shown} `))) check = undefined;
  const actionCode = code && findWord(ev.segs.filter((s) => s.action), VOCAB.verification.words, { part: 'noun', scope: 'action' });
  // a namespace such as /sms/… only counts when the action sends or checks (not /sms/template/list)
  if (code && !actionCode && !send && !check) code = undefined;
  const object = check && !code ? findClass(ev.segs, VOCAB.verifyObject) : undefined;
  const why = code ? describeHit(code) : check && object ? `${describeHit(check)} + "${object.shown}"` : undefined;
  if (!why) return;
  const sms = paramsIn(ev, 'smsCode');
  const contact = paramsIn(ev, 'contact');
  if (send && !check) found.add('verification-send', why, describeHit(send));
  else if (check && !send) found.add('verification-check', object ? why : `${why}; ${describeHit(check)}`);
  else if (sms.length) found.add('verification-check', why, describeParams(sms));
  else if (contact.length) found.add('verification-send', why, `${describeParams(contact)} without a code`);
  else found.add('verification-send', why, ev.reads && `${ev.method} method`);
}

function wordsForAccess(ev: Evidence, found: Found): void {
  // GET/PUT/DELETE /register/{clientId} manage a registration; the flow itself is not addressed by id
  const flow = !ev.endsWithParam || ev.method === 'POST';
  const login = flow ? findClass(ev.segs, VOCAB.login) : undefined;
  const logout = findClass(ev.segs, VOCAB.logout);
  const register = flow ? findClass(ev.segs, VOCAB.register) : undefined;
  const reset = findClass(ev.segs, VOCAB.passwordReset);
  const check = findClass(ev.segs, VOCAB.checkVerb);
  const response = responseSaysLogin(ev.f);
  const pw = paramsIn(ev, 'password');
  if (login) found.add('login', said(login), pw.length > 0 && describeParams([...paramsIn(ev, 'identity'), ...pw]), ...response);
  if (logout) found.add('logout', said(logout));
  if (register) found.add('register', said(register));
  // `checkPassword` / `verifyPwd` checks a password; it does not change it
  const barePassword = reset && ['password', 'passwd', 'pwd', 'mima'].includes(reset.shown);
  if (reset && barePassword && check) found.add('verification-check', `${said(check)} + "${reset.shown}"`);
  else if (reset) found.add('password-reset', said(reset));
  if (!found.any(SPECIFIC)) verification(ev, found);
}

/** When no word names the access flow, the parameters may: the classic login, register and code forms. */
function paramsForAccess(ev: Evidence, found: Found): void {
  const pw = paramsIn(ev, 'password');
  const newPw = paramsIn(ev, 'newPassword');
  const confirm = paramsIn(ev, 'confirmPassword');
  const identity = paramsIn(ev, 'identity');
  const sms = paramsIn(ev, 'smsCode');
  const contact = paramsIn(ev, 'contact');
  const response = responseSaysLogin(ev.f);
  if (newPw.length) found.add('password-reset', describeParams(newPw));
  else if (pw.length && confirm.length) found.add('register', describeParams([...pw, ...confirm.filter((c) => !pw.includes(c))]));
  // POST /user/create {username, password} makes an account; it does not log in
  else if (pw.length && identity.length && !findClass(ev.segs, VOCAB.create) && !findClass(ev.segs, VOCAB.update))
    found.add('login', describeParams([...identity, ...pw]), ...response);
  else if (pw.length) return;
  else if (sms.length && response.length && identity.length) found.add('login', `SMS-code login: ${describeParams([...identity, ...sms])}`, ...response);
  else if (sms.length) found.add('verification-check', describeParams(sms));
  else if (contact.length && ev.method === 'POST' && !findClass(ev.segs, VOCAB.checkVerb)) {
    const image = paramsIn(ev, 'imageCode');
    if (image.length || ev.params.length <= 2) found.add('verification-send', `${describeParams([...contact, ...image])} without a code`);
  }
}

function files(ev: Evidence, found: Found): void {
  const f = ev.f;
  const attached = f.attachments > 0 ? `attachment responses (${ofCalls(f.attachments, f)})` : undefined;
  const exp = findClass(ev.segs, VOCAB.export);
  const down = findClass(ev.segs, VOCAB.download);
  if (exp) found.add('export', said(exp), attached);
  if (down) found.add('download', said(down), attached);
  const imp = findClass(ev.segs, VOCAB.import);
  if (imp) found.add('import', said(imp));
  const up = findClass(ev.segs, VOCAB.upload);
  if (up) found.add('upload', said(up));
  if (f.format === 'multipart') found.add('upload', 'multipart request body');
  if (f.format === 'file') {
    const binaryIn = f.requestContentTypes.some((t) => !/json|form|xml|text/i.test(t));
    if (binaryIn) found.add('upload', 'binary request body');
    else found.add('download', 'binary response body');
  }
  if (attached && !exp && !down) {
    const fileNoun = findClass(ev.segs, VOCAB.exportFile) ?? findClass(ev.segs, VOCAB.list);
    if (fileNoun) found.add('export', attached, said(fileNoun));
    else found.add('download', attached);
  }
}

function readsByWords(ev: Evidence): { list?: WordHit; verb?: WordHit; noun?: WordHit } {
  return { list: findClass(ev.segs, VOCAB.list), verb: findClass(ev.segs, VOCAB.queryVerb), noun: findClass(ev.segs, VOCAB.queryNoun) };
}

function payment(ev: Evidence, found: Found): void {
  const hit = findClass(ev.segs, VOCAB.payment);
  // money moves on POST (or an RPC write); PATCH/DELETE on payment objects edit settings and instruments
  const moves = ev.rpc ? !ev.reads && ev.f.operation?.type !== 'subscription' : ev.method === 'POST';
  if (!hit || !moves) return;
  const r = readsByWords(ev);
  if (r.list || r.verb) return; // POST /pay/queryOrder reads a payment
  found.add('payment', said(hit), ev.rpc ? undefined : `${ev.method} method`);
}

function crud(ev: Evidence, found: Found): void {
  const f = ev.f;
  const del = findClass(ev.segs, VOCAB.delete);
  const upd = findClass(ev.segs, VOCAB.update);
  const crt = findClass(ev.segs, VOCAB.create);
  if (ev.method === 'DELETE' || del) found.add('delete', ev.method === 'DELETE' ? 'DELETE method' : said(del));
  if (ev.method === 'PUT' || ev.method === 'PATCH' || upd) found.add('update', upd ? said(upd) : `${ev.method} method`);
  if (crt && !del && !upd) found.add('create', said(crt));
  if (found.any(['delete', 'update', 'create'])) return;

  const r = readsByWords(ev);
  const paging = paramsIn(ev, 'paging');
  const array = f.maxResponseArray > 1 ? `response array of up to ${f.maxResponseArray} items` : undefined;
  const action = ev.segs.find((s) => s.action);
  const collection = action && !ev.endsWithParam && looksPlural(action.words[action.words.length - 1]) ? action.raw : undefined;
  const pagingWhy = paging.length ? `paging ${describeParams(paging)}` : undefined;
  // Chinese bank back ends read with POST too: words, paging or a returned array say it is a read
  if (!ev.reads && !r.list && !r.verb && !r.noun && !pagingWhy && !array) {
    if (ev.method !== 'POST' || ev.rpc) return;
    if (ev.endsWithParam) found.add('update', 'POST on one object (ends in a path parameter)');
    else found.add('create', 'POST to a collection');
    return;
  }
  if (ev.endsWithParam && ev.reads && !r.list) return found.add('query', `${ev.method} ending in a path parameter`);
  const onCollection = collection && (ev.rpc ? `operation on a collection ("${collection}")` : ev.reads && `${ev.method} on a collection ("${collection}")`);
  if (r.list || pagingWhy || (array && !r.noun) || onCollection) return found.add('list', said(r.list ?? r.verb), onCollection, pagingWhy, array);
  found.add('query', r.verb || r.noun ? said(r.verb ?? r.noun) : ev.rpc ? 'read operation' : `${ev.method} method`);
}

/** Function classes of an endpoint (more than one where fitting), each with its evidence. */
export function classifyFunctions(f: EndpointFeatures): Classified<FunctionClass>[] {
  const ev = gather(f);
  const h = health(ev);
  if (h) return [{ value: 'health', reason: h }];
  const found = new Found();
  wordsForAccess(ev, found);
  if (!found.any(SPECIFIC)) paramsForAccess(ev, found);
  files(ev, found);
  payment(ev, found);
  const admin = findClass(ev.segs, VOCAB.admin);
  if (admin) found.add('admin', said(admin));
  if (!found.any(SPECIFIC)) crud(ev, found);
  return found.list();
}
