/**
 * disallowed-source-login: a login that succeeded (or, optionally, any attempt) from a client the
 * source policy does not allow: a known country outside the home countries and `allowCountries`,
 * or one in `denyCountries`, unless its network or AS is allow-listed. One login is enough: the
 * policy is the threshold. The subject is the account with its client (each account logged in to
 * from abroad needs its own check); the value is how many accounts that client logged in to in
 * the window, so a foreign address working through many customers stands out.
 */
import { SourcePolicy } from '../../geo/policy.js';
import { defineRisk } from '../types.js';
import { DistinctCounter } from '../window/index.js';
import { descriptor } from './descriptor.js';

export const disallowedSourceLoginRisk = defineRisk({
  descriptor,
  dimension: 'account',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const policy = new SourcePolicy({ allowCountries: p.allowCountries, allowNetworks: p.allowNetworks, allowAsns: p.allowAsns, denyCountries: p.denyCountries, flagUnknown: p.flagUnknownCountry });
    const accounts = new DistinctCounter({ windowMs, maxKeys: p.maxClients });
    return {
      onExchange(f, emit) {
        const outcome = f.login();
        if (outcome === undefined) return;
        const account = f.identity.account;
        if (outcome === 'failure' ? !p.alsoFailures : outcome === 'unknown' && !(p.countUnknownOutcome && account && f.status >= 200 && f.status < 300)) return;
        const ip = f.identity.client;
        const g = f.geo();
        const j = policy.judge(ip, g, f.homeCountries);
        if (j.verdict === 'allowed') return;
        let n = 1;
        if (account) {
          accounts.add(ip, f.tsMs, account);
          n = accounts.count(ip, f.tsMs);
        }
        const why = j.verdict === 'denied' ? 'a denied country' : j.verdict === 'unknown' ? 'an unknown place' : 'outside the allowed countries';
        const what = outcome === 'success' ? 'successful login' : outcome === 'failure' ? 'failed login' : 'login';
        emit({
          at: f,
          subject: { ip, ...(account ? { account } : {}), endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } },
          value: n,
          baseline: null,
          threshold: 1,
          // the login itself is the event (the window only counts the client's other accounts)
          windowStartMs: f.tsMs,
          detail: `${what} from ${SourcePolicy.where(g)} (${why}); ${n} account${n === 1 ? '' : 's'} logged in to from this client in ${p.windowSeconds} s`,
        });
      },
    };
  },
});
