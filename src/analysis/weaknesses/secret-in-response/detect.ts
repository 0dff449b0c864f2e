/**
 * secret-in-response: a response that hands out a server-side secret. The sensitive scan's
 * `credential` hits in the response are the trigger (nothing else is looked at, so exchanges
 * without one cost a loop over their hits); each hit's value is then told apart by structure
 * with the credential recogniser's `credentialKind`:
 * - cloud access key ids (AWS AKIA/ASIA, Aliyun LTAI, Tencent AKID), with their secret when a
 *   sibling field carries one (one finding for the pair);
 * - PEM private keys; database URLs with a password; `Basic` credentials;
 * - an opaque high-entropy value under a secret key name (`appSecret`, `clientSecret`,
 *   `secretKey`, `accessKeySecret`, `mchKey`…).
 * Tokens (JWT, bearer, opaque values under `token`/`sessionId` keys) are what login and token
 * endpoints are meant to return, so they are never reported here (jwt-weakness looks at them);
 * on login/token endpoints even secret-named opaque values are skipped, since per-session signing
 * keys are issued there by design. Public keys, masked keys and documentation placeholders
 * (`AKIAIOSFODNN7EXAMPLE`, `your-secret`) are not secrets. Text bodies (actuator/env dumps,
 * HTML) are searched, bounded, only when the scan already found a credential in them.
 */
import { credentialKind, isDbUrl } from '../../sensitive/recognisers/credential.js';
import type { DataHit } from '../../sensitive/types.js';
import { defineDetector, type ExchangeFacts, type Reporter } from '../types.js';
import { leafName, normKey } from '../values.js';
import { descriptor } from './descriptor.js';
import { jsonAt, parentOf } from '../values.js';

type Kind = 'cloud-access-key' | 'private-key' | 'db-url' | 'basic-credentials' | 'app-secret';

const CLOUD: Readonly<Record<string, string>> = { 'aws-key': 'AWS', 'aliyun-key': 'Aliyun', 'tencent-key': 'Tencent Cloud' };
const ARTICLE: Readonly<Record<string, string>> = { 'aws-key': 'an', 'aliyun-key': 'an', 'tencent-key': 'a' };

/** Key names (normalised) that say the value is a secret, not a session token. */
const SECRET_KEY = /secret|privatekey|prikey|signkey|signingkey|signsecret|encryptkey|aeskey|deskey|sm4key|hmackey|masterkey|mchkey|merchantkey|apikeysecret/;
const PUBLIC_KEY = /public|pubkey|modulus|exponent|certificate|cert$/;
/** documentation and template values */
const PLACEHOLDER = /example|your|xxxx|\*\*|placeholder|changeme|change_me|dummy|sample|demo|test|<|\$\{/i;
/** text bodies: the structural secrets only (key names cannot be told apart in free text) */
const TEXT_SECRET =
  /(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])|LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])|AKID[A-Za-z0-9]{32}(?![A-Za-z0-9])|-----BEGIN (?:[A-Z]{2,10} )?(?:ENCRYPTED )?PRIVATE KEY-----|(?:jdbc:[a-z0-9]+|mysql|mariadb|postgres(?:ql)?|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse):\/\/[^\s"'<>]{3,512}/g;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function dbScheme(s: string): string {
  const m = /^(?:jdbc:)?([a-z0-9+]+):/i.exec(s);
  return m ? m[1]!.toLowerCase() : 'database';
}

interface Found {
  kind: Kind;
  what: string;
  data: Record<string, unknown>;
}

/** What a structural credential kind means here, or undefined when it is not a secret of this rule. */
function structural(kind: string | undefined, v: string): Found | undefined {
  switch (kind) {
    case 'aws-key':
    case 'aliyun-key':
    case 'tencent-key':
      if (/EXAMPLE/i.test(v)) return undefined;
      return { kind: 'cloud-access-key', what: `${ARTICLE[kind]} ${CLOUD[kind]} access key id (${v.slice(0, 4)}…, ${v.length} chars)`, data: { provider: CLOUD[kind] } };
    case 'private-key':
      return { kind: 'private-key', what: `a PEM private key${v.includes('ENCRYPTED') ? ' (passphrase-encrypted)' : ''} (${v.length} chars)`, data: { encrypted: v.includes('ENCRYPTED') } };
    case 'db-url':
      return { kind: 'db-url', what: `a ${dbScheme(v)} connection string with a password (${v.length} chars)`, data: { scheme: dbScheme(v) } };
    case 'basic':
      return { kind: 'basic-credentials', what: `HTTP Basic credentials (${v.length} chars)`, data: {} };
    default:
      return undefined;
  }
}

/** A sibling field that holds the secret half of a cloud access key pair. */
function secretSibling(doc: unknown, location: string, minLength: number): string | undefined {
  const parent = parentOf(location);
  const obj = jsonAt(doc, parent);
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v === 'string' && v.length >= minLength && /secret|sk$/.test(normKey(k)) && !PLACEHOLDER.test(v)) return parent ? `${parent}.${k}` : k;
  }
  return undefined;
}

function isTokenEndpoint(f: ExchangeFacts): boolean {
  const p = f.path;
  return f.functions().has('login') || /\/(?:oauth2?\/)?(?:token|refresh|refreshtoken|refresh-token|refresh_token)$/i.test(p);
}

export const secretInResponse = defineDetector({
  descriptor,
  create: (p) => {
    const appSecret = (leaf: string, v: string): Found | undefined => {
      const k = normKey(leaf);
      if (!SECRET_KEY.test(k) || PUBLIC_KEY.test(k)) return undefined;
      if (v.length < p.minSecretLength || PLACEHOLDER.test(v) || /\s/.test(v)) return undefined;
      const h = entropy(v);
      if (h < p.minSecretEntropy) return undefined;
      return { kind: 'app-secret', what: `an application secret under "${leaf}" (${v.length} chars, ${h.toFixed(1)} bits/char)`, data: { key: leaf, entropy: Math.round(h * 10) / 10 } };
    };

    const fromText = (f: ExchangeFacts, report: Reporter): void => {
      const t = f.responseText();
      const text = t.length > p.maxTextScan ? t.slice(0, p.maxTextScan) : t;
      const kinds = new Map<Kind, { n: number; what: string; data: Record<string, unknown> }>();
      TEXT_SECRET.lastIndex = 0;
      for (let m = TEXT_SECRET.exec(text); m; m = TEXT_SECRET.exec(text)) {
        const v = m[0].startsWith('-----') ? m[0] : m[0].replace(/[),;\]}]+$/, '');
        const found = structural(credentialKind(v) ?? (isDbUrl(v) ? 'db-url' : undefined), v);
        if (!found) continue;
        const k = kinds.get(found.kind);
        if (k) k.n++;
        else kinds.set(found.kind, { n: 1, what: found.what, data: found.data });
        if (kinds.size >= 5) break;
      }
      for (const [kind, k] of kinds) {
        report({
          at: f,
          location: `body#${kind}`,
          detail: `response body returns ${k.what}${k.n > 1 ? ` and ${k.n - 1} more` : ''}`,
          data: { kind, count: k.n, ...k.data },
        });
      }
    };

    return {
      onExchange(f, report) {
        let hits: DataHit[] | undefined;
        for (const h of f.responseHits) if (h.label === 'credential' && !h.masked) (hits ??= []).push(h);
        if (!hits || f.status < 200 || f.status >= 400) return;
        const doc = f.responseJson();
        if (doc === undefined) {
          fromText(f, report);
          return;
        }
        let tokenEndpoint: boolean | undefined;
        const out: { location: string; v: string; found: Found }[] = [];
        const paired = new Set<string>();
        for (const h of hits) {
          const raw = jsonAt(doc, h.location);
          if (typeof raw !== 'string') continue;
          const v = raw.trim();
          let found = structural(credentialKind(v), v);
          if (!found) {
            found = appSecret(leafName(h.location), v);
            if (found && (tokenEndpoint ??= isTokenEndpoint(f))) continue;
          }
          if (!found) continue;
          if (found.kind === 'cloud-access-key') {
            const secret = secretSibling(doc, h.location, p.minSecretLength);
            found.data.withSecret = secret !== undefined;
            if (secret) {
              paired.add(secret);
              found.data.secretLocation = secret;
            }
          }
          out.push({ location: h.location, v, found });
        }
        for (const { location, v, found } of out) {
          if (paired.has(location) && found.kind === 'app-secret') continue; // reported with its key id
          const secret = found.data.secretLocation as string | undefined;
          report({
            at: f,
            location,
            detail: `response field "${location}" returns ${found.what}${secret ? ` together with its secret in "${secret}"` : ''}`,
            data: { kind: found.kind, length: v.length, ...found.data },
          });
        }
      },
    };
  },
});
