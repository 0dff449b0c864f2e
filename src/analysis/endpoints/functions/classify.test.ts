import { describe, expect, it } from 'vitest';
import type { EndpointFeatures } from './features.js';
import type { FunctionClass } from '../../../core/endpoint.js';
import { classifyFunctions } from './index.js';
import { features as ep } from './test-helpers.js';

/** Each case: the endpoint, and every class expected with fragments its reason must contain. */
type Want = Partial<Record<FunctionClass, string[]>>;
const cases: [string, EndpointFeatures, Want][] = [
  // OWASP crAPI
  ['crAPI login', ep('POST', '/identity/api/auth/login', { params: ['email', 'password'], returnsToken: 9 }), { login: ['path word "login"', '"password"', 'returns a token (9 of 10 responses)'] }],
  ['crAPI signup', ep('POST', '/identity/api/auth/signup', { params: ['email', 'name', 'number', 'password'] }), { register: ['path word "signup"'] }],
  ['crAPI forget-password', ep('POST', '/identity/api/auth/forget-password', { params: ['email'] }), { 'password-reset': ['path words "forget password"'] }],
  ['crAPI check-otp', ep('POST', '/identity/api/auth/v3/check-otp', { params: ['email', 'otp', 'password'] }), { 'verification-check': ['"otp"', '"check"'] }],
  ['crAPI login-with-token', ep('POST', '/identity/api/auth/v4.0/user/login-with-token', { params: ['email', 'token'] }), { login: ['path word "login"'] }],
  ['crAPI verify-email-token', ep('POST', '/identity/api/v2/user/verify-email-token', { params: ['email', 'token'] }), { 'verification-check': ['"verify" + "email"'] }],
  ['crAPI profile picture', ep('POST', '/identity/api/v2/user/pictures', { format: 'multipart', params: ['multipart:file'] }), { upload: ['multipart request body'] }],
  ['crAPI admin delete video', ep('DELETE', '/identity/api/v2/admin/videos/{video_id}'), { admin: ['path word "admin"'], delete: ['DELETE method'] }],
  ['crAPI recent posts', ep('GET', '/community/api/v2/community/posts/recent', { maxResponseArray: 30 }), { list: ['path word "recent"', 'array of up to 30'] }],
  ['crAPI one post', ep('GET', '/community/api/v2/community/posts/{postId}'), { query: ['GET ending in a path parameter'] }],
  ['crAPI create post', ep('POST', '/community/api/v2/community/posts', { params: ['title', 'content'] }), { create: ['POST to a collection'] }],
  ['crAPI all orders', ep('GET', '/workshop/api/shop/orders/all'), { list: ['path word "all"'] }],
  ['crAPI management users', ep('GET', '/workshop/api/management/users/all'), { admin: ['path word "management"'], list: ['"all"'] }],
  // VAmPI
  ['VAmPI register (password is not login)', ep('POST', '/users/v1/register', { params: ['username', 'password', 'email'] }), { register: ['path word "register"'] }],
  ['VAmPI login', ep('POST', '/users/v1/login', { params: ['username', 'password'], returnsToken: 10 }), { login: ['path word "login"', 'returns a token'] }],
  ['VAmPI users', ep('GET', '/users/v1', { maxResponseArray: 5 }), { list: ['GET on a collection ("users")', 'array of up to 5'] }],
  ['VAmPI change password', ep('PUT', '/users/v1/{username}/password', { params: ['password'] }), { 'password-reset': ['path word "password"'] }],
  ['VAmPI me', ep('GET', '/me'), { query: ['path word "me"'] }],
  // UK Open Banking, Adyen, CDS Australia
  ['OB domestic payment', ep('POST', '/open-banking/v4.0/pisp/domestic-payments'), { payment: ['path word "payments"', 'POST method'], create: ['POST to a collection'] }],
  ['OB read a payment', ep('GET', '/open-banking/v4.0/pisp/domestic-payments/{DomesticPaymentId}'), { query: ['GET ending in a path parameter'] }],
  ['OB accounts', ep('GET', '/open-banking/v4.0/aisp/accounts', { maxResponseArray: 3 }), { list: ['array of up to 3'] }],
  ['OB report file', ep('GET', '/open-banking/v4.0/pisp/file-payments/{FilePaymentId}/report-file', { attachments: 2 }), { export: ['attachment responses (2 of 10 responses)', '"report"'] }],
  ['Adyen payments', ep('POST', '/v72/payments', { params: ['amount.value', 'amount.currency', 'paymentMethod.type'] }), { payment: ['"payments"'], create: [] }],
  ['Adyen refund', ep('POST', '/v72/payments/{paymentPspReference}/refunds'), { payment: ['"refunds"'], create: [] }],
  ['Adyen payment methods are not a payment', ep('POST', '/v72/paymentMethods', { maxResponseArray: 12 }), { list: ['array of up to 12'] }],
  ['Adyen transfers (GET lists)', ep('GET', '/btl/v4/transfers', { params: ['query:createdSince', 'query:limit'] }), { list: ['paging param "limit"'] }],
  ['Adyen transfers (POST pays)', ep('POST', '/btl/v4/transfers'), { payment: ['"transfers"'], create: [] }],
  ['CDS status', ep('GET', '/cds-au/v1/discovery/status'), { health: ['path segment "status" with no parameters'] }],
  ['CDS balance', ep('GET', '/cds-au/v1/banking/accounts/{accountId}/balance'), { query: ['GET method'] }],
  // Chinese bank back ends
  ['mbank login.do', ep('POST', '/mbank/user/login.do', { format: 'form', params: ['form:loginName', 'form:password', 'form:imgCode'], setsCookie: 8 }), { login: ['path word "login"', 'session cookie (8 of 10'] }],
  ['compound custlogin', ep('POST', '/ebank/custlogin.do'), { login: ['path word "custlogin"'] }],
  ['pinyin denglu', ep('POST', '/api/auth/denglu'), { login: ['"denglu"'] }],
  ['params-only login', ep('POST', '/api/v2/session', { params: ['account', 'pwd'], returnsToken: 7 }), { login: ['params "account", "pwd"', 'returns a token'] }],
  ['SMS-code login', ep('POST', '/api/auth/mobile', { params: ['mobile', 'smsCode'], returnsToken: 4 }), { login: ['SMS-code login', '"smsCode"'] }],
  ['smsLogin is login', ep('POST', '/app/smsLogin', { params: ['mobile', 'code'] }), { login: ['"login"'] }],
  ['send SMS code', ep('POST', '/api/v1/sms/sendSmsCode', { params: ['mobile', 'imgCode'] }), { 'verification-send': ['"sms code"', '"send"'] }],
  ['check SMS code', ep('POST', '/api/v1/sms/checkSmsCode', { params: ['mobile', 'smsCode'] }), { 'verification-check': ['"sms code"', '"check"'] }],
  ['verifyCode without a code sends', ep('POST', '/api/common/verifyCode', { params: ['mobile'] }), { 'verification-send': ['"mobile" without a code'] }],
  ['verifyCode with a code checks', ep('POST', '/api/common/verifyCode', { params: ['mobile', 'code'] }), { 'verification-check': ['param "code"'] }],
  ['captcha image', ep('GET', '/api/captcha/get'), { 'verification-send': ['"captcha"', '"get"'] }],
  ['pinyin yzm fasong', ep('POST', '/app/yzm/fasong', { params: ['sjh'] }), { 'verification-send': ['"fasong"'] }],
  ['params-only send', ep('POST', '/api/member/bind', { params: ['phone', 'captcha'] }), { 'verification-send': ['"phone", "captcha" without a code'] }],
  ['reset password with SMS code', ep('POST', '/api/user/resetPwd', { params: ['mobile', 'smsCode', 'newPassword'] }), { 'password-reset': ['path words "reset pwd"'] }],
  ['pinyin zhmm', ep('POST', '/api/user/zhmm'), { 'password-reset': ['"zhmm"'] }],
  ['check pay password', ep('POST', '/api/user/checkPayPwd', { params: ['payPwd'] }), { 'verification-check': ['"check" + "pwd"'] }],
  ['creating a user is not a login', ep('POST', '/system/user/add', { params: ['userName', 'password', 'deptId'] }), { admin: ['"system"'], create: ['path word "add"'] }],
  ['register by params', ep('POST', '/api/customer/create', { params: ['mobile', 'password', 'confirmPassword', 'smsCode'] }), { register: ['"password", "confirmPassword"'] }],
  ['pinyin zhuce', ep('POST', '/api/customer/zhuce'), { register: ['"zhuce"'] }],
  ['logout', ep('POST', '/api/user/logout'), { logout: ['path word "logout"'] }],
  ['pinyin tuichu', ep('GET', '/mbank/tuichu.do'), { logout: ['"tuichu"'] }],
  ['zhuanzhang', ep('POST', '/perbank/transfer/zhuanzhang.do', { params: ['payAcct', 'rcvAcct', 'amount', 'payPwd'] }), { payment: ['"zhuanzhang"'], create: [] }],
  ['POST query with paging', ep('POST', '/api/acct/queryTransList', { params: ['acctNo', 'pageNo', 'pageSize'], maxResponseArray: 20 }), { list: ['"list"', 'paging params "pageNo", "pageSize"'] }],
  ['pay query is a read', ep('POST', '/api/pay/queryOrder', { params: ['orderNo'] }), { query: ['"query"'] }],
  ['export excel', ep('GET', '/api/trans/exportExcel', { attachments: 3 }), { export: ['path word "export"', 'attachment responses (3 of 10'] }],
  ['orders export', ep('GET', '/orders/export'), { export: ['path word "export"'] }],
  ['download by id', ep('GET', '/api/file/download/{fileId}', { attachments: 10 }), { download: ['path word "download"', 'attachment responses'] }],
  ['attachment alone downloads', ep('GET', '/api/file/{fileId}', { attachments: 5 }), { download: ['attachment responses (5 of 10'] }],
  ['upload', ep('POST', '/api/file/upload', { format: 'multipart' }), { upload: ['path word "upload"', 'multipart request body'] }],
  ['batch import', ep('POST', '/api/customer/batchImport', { format: 'multipart' }), { import: ['path word "import"'], upload: ['multipart'] }],
  ['GraphQL login mutation', ep('POST', '/graphql', { format: 'graphql', operation: { type: 'mutation', name: 'login' } }), { login: ['operation word "login"'] }],
  ['GraphQL list query', ep('POST', '/graphql', { format: 'graphql', operation: { type: 'query', name: 'accountTransactions' }, maxResponseArray: 50 }), { list: ['array of up to 50'] }],
  ['gRPC ListAccounts', ep('POST', '/bank.account.v1.AccountService/ListAccounts', { format: 'grpc', operation: { name: 'bank.account.v1.AccountService/ListAccounts' } }), { list: ['operation word "list"'] }],
  ['SOAP TransferFunds', ep('POST', '/ws/TransferService', { format: 'soap', operation: { name: 'TransferFunds' } }), { payment: ['operation word "transfer"'] }],
  ['RuoYi system user list', ep('GET', '/system/user/list', { params: ['query:pageNum', 'query:pageSize'] }), { admin: ['path word "system"'], list: ['"list"'] }],
  // health, and only health
  ['actuator health', ep('GET', '/actuator/health'), { health: ['path segment "health"'] }],
  ['actuator env', ep('GET', '/actuator/env'), { health: ['path segment "actuator"'] }],
  ['ping', ep('GET', '/api/ping'), { health: ['path segment "ping"'] }],
  ['healthz', ep('GET', '/healthz'), { health: ['"healthz"'] }],
  // negatives
  ['login history is a list', ep('GET', '/api/loginHistory/list', { maxResponseArray: 10 }), { list: ['path word "list"'] }],
  ['login info is a read', ep('GET', '/api/user/getLoginInfo'), { query: ['path word "get"'] }],
  ['statusCodes is not health', ep('GET', '/statusCodes'), { list: ['GET on a collection ("statusCodes")'] }],
  ['order status is not health', ep('GET', '/api/order/{orderId}/status'), { query: ['GET method'] }],
  ['payment history read by POST', ep('POST', '/api/paymentHistory/query', { params: ['pageNo', 'pageSize'] }), { list: ['paging'] }],
  ['transfer records read by POST', ep('POST', '/api/transfer/records', { params: ['acctNo'] }), { list: ['"records"'] }],
  ['SMS templates are not verification', ep('POST', '/api/sms/template/list'), { list: ['"list"'] }],
  ['address is not "add"', ep('POST', '/api/user/address', { params: ['province', 'city', 'detail'] }), { create: ['POST to a collection'] }],
  ['coupon validation is not verification', ep('POST', '/community/api/v2/coupon/validate-coupon', { params: ['coupon_code'] }), { create: ['POST to a collection'] }],
];

describe('classifyFunctions', () => {
  it.each(cases)('%s', (_name, f, want) => {
    const got = Object.fromEntries(classifyFunctions(f).map((c) => [c.value, c.reason]));
    expect(Object.keys(got).sort(), JSON.stringify(got)).toEqual(Object.keys(want).sort());
    for (const [c, parts] of Object.entries(want)) for (const p of parts) expect(got[c]).toContain(p);
  });

  it('gives every class a reason', () => {
    for (const [, f] of cases) for (const c of classifyFunctions(f)) expect(c.reason.length, c.value).toBeGreaterThan(5);
  });
});
