/**
 * Which device a request comes from, as a profile remembers it across restarts and app updates:
 * the app's own device id when it sends one (x-device-id, device-id, deviceid), else the
 * User-Agent with the platform hint. Identity's `device` digest also folds in the app version
 * and is keyed per process, so it links one session's requests but changes with an update or a
 * restart: a profile built on it would see "new devices" that are not.
 *
 *   deviceDigest([['user-agent', 'okhttp/4.12.0 BankApp/7.2.0'], ['x-device-id', 'A1B2…']])  // small('id\nA1B2…')
 *   deviceDigest([])                                                                       // undefined: no opinion
 */
import type { Header } from '../../../core/exchange.js';
import { small } from './digest.js';

/** digests of User-Agents sent without a platform hint (apps and scripts send none), bounded: no string built and hashed per request */
const byUa = new Map<string, number>();
const MAX_UAS = 4096;

export function deviceDigest(headers: readonly Header[]): number | undefined {
  let ua: string | undefined;
  let platform = '';
  for (const [n, v] of headers) {
    if (n === 'x-device-id' || n === 'device-id' || n === 'deviceid') {
      if (v) return small(`id\n${v}`);
    } else if (n === 'user-agent') ua = v;
    else if (n === 'sec-ch-ua-platform') platform = v;
  }
  if (!ua) return undefined;
  if (platform) return small(`ua\n${ua}\n${platform}`);
  let d = byUa.get(ua);
  if (d === undefined) {
    if (byUa.size >= MAX_UAS) byUa.clear();
    byUa.set(ua, (d = small(`ua\n${ua}\n`)));
  }
  return d;
}
