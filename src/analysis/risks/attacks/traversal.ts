/**
 * Path traversal and local file inclusion: after decoding, backslashes become slashes and
 * `..`-segments are looked for as path segments (`../`, `..\`, `.../`, `..;/`); sensitive files
 * are recognised by their path (`/etc/passwd`, `/proc/self/environ`, `boot.ini`, `win.ini`,
 * `WEB-INF/web.xml`, `.git/config`, private keys) and stream wrappers (`php://filter`, `file://`).
 */
import type { ValueHit } from './types.js';

const SENSITIVE =
  /(?:^|[/\s:=(]|\.\.)(?:etc\/(?:passwd|shadow|master\.passwd|sub[ug]id|gshadow|group|hosts|issue|motd|crontab|sudoers|security\/passwd|httpd\/|apache2?\/|nginx\/|mysql\/my\.cnf|ssh\/|pam\.d|profile|fstab|resolv\.conf|os-release|hostname|inittab|environment|network\/)|proc\/(?:self|\d+|version|cmdline|mounts|net\/|sched_debug|interrupts|cpuinfo)|sys\/(?:class|kernel|devices|block|power)\b|var\/(?:log\/|mail\/|spool\/cron|lib\/mysql|run\/secrets|www\/.*\.(?:php|conf|ini))|usr\/local\/(?:apache2?|nginx|etc)\/|root\/\.|home\/[^/]+\/\.(?:ssh|bash_history|aws)|(?:windows|winnt)\/(?:win\.ini|system\.ini|system32\/|repair\/|debug\/|panther\/)|boot\.ini|win\.ini|system\.ini|inetpub\/|web-inf\/|meta-inf\/|\.htaccess|\.htpasswd|\.git\/(?:config|head|index|logs)|\.svn\/(?:entries|wc\.db)|\.ssh\/(?:id_|authorized_keys|known_hosts)|\.aws\/credentials|\.docker\/|\.kube\/config|id_rsa|id_dsa|id_ecdsa|id_ed25519|\.(?:bash_|zsh_|mysql_|psql_|python_|node_repl_)?history\b|\.env(?:$|\.|\b)|wp-config\.php|web\.config|applicationhost\.config|httpd\.conf|php\.ini|my\.cnf|\.npmrc|\.pypirc|\.netrc)/i;

/** A database or site dump offered as a bare file name in a parameter (`backup.sql.zip`). */
const DUMP_NAME = /^(?:[\w-]*\/)*[\w-]*(?:backup|dump|db|database|site|www|htdocs)[\w.-]*\.(?:sql|sql\.(?:gz|zip|bz2|xz)|mdb|sqlite3?|bak|tar|tgz|tar\.gz)$/i;

/** AI coding assistants' project folders and ignore files (agent settings, MCP servers, secrets). */
const AI_DIRS = String.raw`\.(?:claude|cursor|continue|aider[\w.-]*|roo|zed|cline|kiro|windsurf|rovodev|codex|opencode|a0proj|plandex|fabric|n8n|junie|gemini|codeium|tabnine|amazonq|augment|copilot|goose|qodo|trae)\/|\.(?:ai|cursor|codeium|aider|claude|gemini)ignore$|\.(?:cursorrules|windsurfrules|clinerules|roomodes)$|\.github\/copilot`;

/** Files only attackers request by URL path (CRS "restricted files"); checked on the request path. */
const RESTRICTED_PATH = new RegExp(
  String.raw`(?:^|\/)(?:\.git(?:\/|$)|\.svn\/|\.hg\/|\.bzr\/|\.env(?:\.\w+)?$|\.htaccess|\.htpasswd|\.ds_store|\.aws\/|\.ssh\/|\.docker\/|\.kube\/|\.npmrc|\.pypirc|\.netrc|\.bash_history|\.mysql_history|\.psql_history|\.viminfo|\.idea\/|\.vscode\/|\.boto|\.user\.ini|\.history\b|@id\/__x00__|@fs\/|wp-content\/(?:debug|errors?)\.log$|(?:debug|errors?|access)\.log$|` + AI_DIRS + String.raw`|web-inf\/|meta-inf\/|wp-config\.php|web\.config$|(?:[\w-]*backup|dump|db|database|site)[\w.-]*\.(?:sql|sql\.gz|sql\.zip|bak|tar|tgz|tar\.gz|zip)$|[\w-]+\.(?:bak|old|orig|swp|save)$|proc\/|sys\/class|etc\/(?:passwd|shadow))`,
  'i',
);

const WRAPPER = /\b(?:php:\/\/(?:filter|input|fd|memory|temp)|phar:\/\/|zip:\/\/|expect:\/\/|compress\.zlib:\/\/|data:\/\/text|file:\/{2,3}(?:etc|proc|windows|c:|[a-z]:|var|root|home))/i;

/** Dot-dot as a path segment, also `...`, `..;` (Tomcat), `.%00.` leftovers. */
const DOTDOT = /(?:^|[/\s=:;'"(]|\x00)\.{2,3}(?:;[^/]*)?\/(?=[^\s"'>]|$)|\/\.\.(?:$|\x00)|^\.\.$/;

/** The restricted-file check alone, for request paths without any character that starts an attack. */
export function restrictedPath(path: string): ValueHit | undefined {
  const r = RESTRICTED_PATH.exec(path);
  return r ? { reason: 'restricted file', sample: path.slice(r.index, r.index + 64) } : undefined;
}

export function detectTraversal(value: string, isPath: boolean): ValueHit | undefined {
  if (value.indexOf('.') < 0 && value.indexOf('/') < 0 && value.indexOf('\\') < 0) return undefined;
  let s = value.indexOf('\\') >= 0 ? value.replace(/\\+/g, '/') : value;
  if (s.indexOf('\x00') >= 0) s = s.replace(/\x00/g, '');
  if (s.indexOf('0x2e') >= 0 || s.indexOf('0x2f') >= 0 || s.indexOf('0x5c') >= 0) s = s.replace(/0x2e/gi, '.').replace(/0x2f|0x5c/gi, '/');
  if (s.indexOf('//') >= 0) s = s.replace(/\/{2,}/g, (m, off: number) => (off > 0 && s[off - 1] === ':' ? m : '/'));
  const w = WRAPPER.exec(s);
  if (w) return { reason: 'stream wrapper', sample: w[0].slice(0, 64) };
  const d = DOTDOT.exec(s);
  // Inside a value, one `../` may be a relative link (`../help/faq.html`); two, `.../`, `..;/`, a
  // backslash form (`..\`), a climb into a dot-file (`../.history`), `/../` at the start, a sensitive
  // target or any dot-dot in the request path itself (browsers remove them) is traversal.
  if (
    d &&
    (isPath ||
      /\.{3}|\.\.;/.test(d[0]) ||
      /^\s*(?:\/\.\.\/|\.\.\/\.)/.test(s) ||
      /\.\.\\/.test(value) ||
      s.indexOf('../', d.index + d[0].length - 1) >= 0 ||
      s.indexOf('/..', d.index + 1) >= 0 ||
      SENSITIVE.test(s) ||
      WRAPPER.test(s) ||
      /\x00|%00/.test(value))
  ) {
    const from = Math.max(0, d.index);
    return { reason: isPath ? 'dot-dot segment in path' : 'dot-dot segment', sample: s.slice(from, from + 64) };
  }
  if (!isPath) {
    // a UNC path to an administrative share (`\\::1\c$\users\…`, `//host/admin$/…`)
    const unc = /^\s*[\\/]{2}[^\\/\s]+[\\/](?:[a-z]|admin|ipc)\$(?:[\\/]|$)/i.exec(value);
    if (unc) return { reason: 'unc path to an admin share', sample: s.slice(0, 64) };
    const dump = DUMP_NAME.exec(s);
    if (dump) return { reason: 'dump file', sample: s.slice(0, 64) };
    const red = /^\s*>{1,2}\s*\/(?:tmp|var|etc|dev|usr|bin|root|home|proc)\//.exec(s);
    if (red) return { reason: 'redirect into a system folder', sample: s.slice(0, 64) };
  }
  const f = SENSITIVE.exec(s);
  if (f && (!isPath || RESTRICTED_PATH.test(s))) return { reason: 'sensitive file', sample: s.slice(f.index, f.index + 64) };
  if (isPath) {
    const r = RESTRICTED_PATH.exec(s);
    if (r) return { reason: 'restricted file', sample: s.slice(r.index, r.index + 64) };
  }
  return undefined;
}
