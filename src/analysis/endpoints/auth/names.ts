/**
 * Where credentials travel: header, query/form parameter and cookie names, as data. Lookups are
 * by exact lower-case name in a Map so the per-exchange pass does one hash lookup per header and
 * no regex. Extend here, not in the detection code.
 */

/** What a header or parameter name tells us. */
export const Role = {
  /** `Authorization: <scheme> <credential>` */
  Authorization: 1,
  Cookie: 2,
  /** a static key; a JWT value still counts as `jwt` */
  ApiKey: 3,
  /** a session/access token; JWT value → `jwt`, else `bearer` */
  Token: 4,
  /** a signature that needs a companion (timestamp, nonce, app id, sign type) to be believed */
  Sign: 5,
  /** a signature that stands on its own (RFC 9421, detached JWS, vendor gateways) */
  SignStrong: 6,
  /** timestamp / nonce / app id / sign type: makes a `Sign` field a request signature */
  SignCompanion: 7,
  /** a forwarded client certificate (non-empty, not a placeholder) */
  MtlsCert: 8,
  /** a forwarded verification result: only `SUCCESS` counts */
  MtlsVerify: 9,
  ContentType: 10,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

const SIGN = ['sign', 'x-sign', 'signature', 'x-signature', 'sig', 'x-sig', 'signdata', 'sign_data', 'x-hmac'];
const SIGN_STRONG = [
  'signature-input', // RFC 9421 HTTP Message Signatures
  'x-jws-signature', // UK Open Banking detached JWS
  'x-ca-signature', // Aliyun API Gateway
  'x-hmac-signature',
  'x-hub-signature',
  'x-hub-signature-256',
];
const SIGN_COMPANION = [
  'timestamp', 'x-timestamp', 'x-ca-timestamp', 'ts', 'x-ts', 'x-date', 'expires',
  'nonce', 'x-nonce', 'x-ca-nonce', 'noncestr', 'nonce_str', 'nonce-str', 'x-nonce-str',
  'signtype', 'sign_type', 'sign-type', 'x-sign-type', 'sign_method', 'signmethod', 'signaturemethod',
  'appid', 'app_id', 'app-id', 'x-app-id', 'x-appid',
];
const TOKEN = [
  'token', 'x-token', 'access-token', 'access_token', 'accesstoken', 'x-access-token',
  'auth-token', 'authtoken', 'usertoken', 'user-token', 'x-user-token', 'x-session-token', 'jwt', 'x-jwt',
  'x-authorization', 'x-auth',
];

export const HEADER_ROLE: ReadonlyMap<string, Role> = new Map<string, Role>([
  ['authorization', Role.Authorization],
  ['cookie', Role.Cookie],
  ['content-type', Role.ContentType],
  ...[
    'x-api-key', 'apikey', 'api-key', 'x-apikey', 'x-app-key', 'x-appkey', 'appkey', 'app-key',
    'x-access-key', 'access-key', 'x-auth-token', 'x-ca-key', 'x-goog-api-key',
    'ocp-apim-subscription-key', 'x-ibm-client-id', 'x-ibm-client-secret', 'x-client-secret', 'x-app-secret',
  ].map((n): [string, Role] => [n, Role.ApiKey]),
  ...TOKEN.map((n): [string, Role] => [n, Role.Token]),
  ...SIGN.map((n): [string, Role] => [n, Role.Sign]),
  ...SIGN_STRONG.map((n): [string, Role] => [n, Role.SignStrong]),
  ...SIGN_COMPANION.map((n): [string, Role] => [n, Role.SignCompanion]),
  ...[
    'x-ssl-client-cert', 'x-client-cert', 'x-forwarded-client-cert', 'ssl-client-cert', 'x-ssl-cert',
    'x-arr-clientcert', 'x-amzn-mtls-clientcert', 'x-amzn-mtls-clientcert-leaf', 'x-ssl-client-dn',
    'x-ssl-client-s-dn', 'x-client-dn', 'x-client-cert-dn',
  ].map((n): [string, Role] => [n, Role.MtlsCert]),
  ...['ssl-client-verify', 'x-ssl-client-verify', 'x-client-verify', 'x-ssl-verify'].map((n): [string, Role] => [n, Role.MtlsVerify]),
]);

/** Query-string and form-body keys (lower-cased before lookup). */
export const PARAM_ROLE: ReadonlyMap<string, Role> = new Map<string, Role>([
  ...['access_token', 'accesstoken', 'token', 'auth_token', 'authtoken', 'id_token', 'jwt', 'session_token', 'usertoken', 'user_token'].map(
    (n): [string, Role] => [n, Role.Token],
  ),
  ...['api_key', 'apikey', 'api-key', 'app_key', 'appkey', 'access_key', 'accesskey', 'subscription-key'].map(
    (n): [string, Role] => [n, Role.ApiKey],
  ),
  ...SIGN.map((n): [string, Role] => [n, Role.Sign]),
  // presigned object-store URLs: the signature is the credential
  ...['x-amz-signature', 'x-amz-credential', 'ossaccesskeyid', 'x-oss-signature', 'x-goog-signature', 'oauth_signature'].map(
    (n): [string, Role] => [n, Role.SignStrong],
  ),
  ...SIGN_COMPANION.map((n): [string, Role] => [n, Role.SignCompanion]),
]);

/** Exact session-cookie names (lower-case) that no part below catches; `*.sid` and `*_sid` also count. */
export const SESSION_COOKIES: ReadonlySet<string> = new Set(['sid', 'castgc', 'tgc', 'remember_me', 'rememberme', 'remember-me']);

/** Substrings of session-like cookie names (`sess` covers SESSION, JSESSIONID, PHPSESSID, laravel_session). */
export const SESSION_COOKIE_PARTS: readonly string[] = ['sess', 'token', 'auth', 'jwt', 'ticket', 'logged_in', 'loggedin', 'sso'];

/** Every name the two lists above accept contains one of these: hasSessionCookie searches for them. Keep in step. */
export const SESSION_COOKIE_MARKERS: readonly string[] = ['sess', 'token', 'auth', 'jwt', 'ticket', 'logged', 'sso', 'sid', 'tgc', 'remember'];

/**
 * Analytics, consent and load-balancer cookies that look session-like by name but authenticate
 * nobody (Hotjar `_hjSession…`, Sensors Data `sensorsdata2015session`, Azure `ai_session`, …).
 */
export const NON_AUTH_COOKIE_PREFIXES: readonly string[] = [
  '_ga', '_gid', '_gat', '_gcl', '__utm', '_hj', 'hm_', '_pk_', '_fbp', '_fbc', 'ajs_', 'amplitude', 'ai_',
  'intercom', '__stripe', '_uet', 'sensorsdata', 'sajssdk', 'cnzz', 'um_', '_clck', '_clsk', 'mp_', '_dd_s',
  'optimizely', 'gr_', 'awsalb', 'awselb',
];
