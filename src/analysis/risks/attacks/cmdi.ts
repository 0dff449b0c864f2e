/**
 * OS command injection. The value is first normalised the way a shell would read it — quote and
 * backslash splicing inside words (`c'a't`, `c\at`), `$IFS`/`${IFS}` as a space, empty expansions
 * (`$@`, `${x}` between letters) removed — then judged on shell structure: a command separator
 * (`;`, `|`, `&`, `&&`, newline, backtick, `$(`) followed by a known program; substitutions `$(…)`,
 * `` `…` ``, `<(…)`; absolute binary paths (`/bin/sh`); Shellshock's `() {`; Windows `cmd /c`,
 * PowerShell cmdlets and `FOR … IN (…) DO`, `IF EXIST|DEFINED|ERRORLEVEL`. A known program at the
 * start of a value counts only with shell-like arguments (an option, a path, a URL or a pipe), so
 * "curl and divergence" or "ls 300 lexus" pass.
 */
import type { ValueHit } from './types.js';

const UNIX_CMDS =
  'rmt[\\w-]*|irb|gcc[\\d.]*|aptitude|apt-get|htop|bsdtar|cat|tac|nl|cd|rmt|perf|fold|comm|base32|gdb|irb|ansible[\\w-]*|chef-[\\w-]+|cscli|visudo|lastlog|lastlogin|trap|c89|c99|zstdcat|aa-[\\w-]+|head|tail|more|less|ls|dir|id|whoami|uname|hostname|ifconfig|ip|netstat|ss|ps|pwd|env|printenv|set|export|echo|printf|sleep|ping|ping6|nslookup|dig|host|traceroute|wget|curl|fetch|lwp-download|nc|ncat|netcat|socat|telnet|ssh|scp|ftp|tftp|sftp|rsync|bash|sh|zsh|ksh|csh|tcsh|dash|ash|busybox|python[0-9.]*|perl|ruby|php[0-9]*|node|lua|java|gcc|cc|chmod|chown|chgrp|rm|rmdir|mv|cp|touch|mkdir|ln|find|locate|xargs|awk|gawk|sed|grep|egrep|cut|sort|uniq|tr|rev|base64|xxd|od|hexdump|strings|openssl|gpg|tar|zip|unzip|gzip|gunzip|crontab|kill|killall|pkill|nohup|sudo|su|passwd|useradd|usermod|chpasswd|systemctl|service|shutdown|reboot|halt|mount|umount|dd|mkfifo|mknod|uptime|w|who|last|lsof|column|bridge|timeout|time|eval|exec|source|alias|sysctl|getent|iptables|nmap|tcpdump|powershell|pwsh|cmd|certutil|bitsadmin|mshta|rundll32|regsvr32|regedit|reg|wmic|net|netsh|ipconfig|systeminfo|tasklist|taskkill|type|copy|del|bcdboot|bcdedit|cscript|wscript|schtasks|iwr|iex|irm|icacls|vssadmin|diskpart|runas|start|call';
const SEP_CMD = new RegExp(String.raw`(?:[;|\`\n\r]|&&?|\$\(|\|\||^\s*[<>]|[<>]\s*\()\s*(?:[{(]\s*)?(?:(?:\/usr)?(?:\/local)?\/s?bin\/)?(${UNIX_CMDS})(?=$|[\s;|&<>)\`'"{,]|\.exe\b|\$\{?IFS)`, 'gi');
const START_CMD = new RegExp(String.raw`^\s*(?:(?:\/usr)?(?:\/local)?\/s?bin\/)?(${UNIX_CMDS})(?:\.exe)?\s+(.*)$`, 'is');
const ABS_BIN = /(?:^|[\s;|&`(=<>'"$])\/(?:usr\/(?:local\/)?)?s?bin\/(?:[a-z][\w.+-]*)/i;
const SUBST = /\$\(\s*[a-z/.$(]|`\s*[a-z/.][^`]*`|[<>]\(\s*[a-z]+[^)]*\)|^\s*\$\{[a-z_]\w*\}\s*$|[;|&`]\s*\$\{[a-z_]\w*\}|\$\{\s*[a-z_][\w]*\s*[#%:/^,@][^}]*\}|\$\{:[^}]{0,40}:[-=+?][^}]*\}|\$\[[^\]]*\]|\$\{?SHELL\b/i;
/**
 * Shellshock: a value that starts with a function definition `() {` (what bash imported from the
 * environment), or such a definition anywhere followed by a command (after `;`, `&`, `|`, newline).
 */
const SHELLSHOCK = /^\s*\(\s*\)\s*\{|(?:^|[^\w$])\(\s*\)\s*\{[^}]{0,200}\}\s*[;&|\n]/;
const WIN_FOR = /(?:^|[\s;&|(])for\s+(?:\/[dflr]\s+)*[^%]{0,80}%%?\S*\s+in\s*\(.*\)\s*do\b/is;
const WIN_IF = /(?:^|[\s;&|(])if(?:\s*\/i)?\s+(?:not\s+)?(?:(?:exist|defined|errorlevel|cmdextversion)\s+\S|(?:"[^"]*"|\S+)\s*(?:==|\s(?:equ|neq|lss|leq|gtr|geq)\s)|\(.*\)\s*(?:==|equ|neq|lss|leq|gtr|geq)\s)/i;
const WIN_CMD =
  /(?:^|[\s;&|(`'"])(?:cmd(?:\.exe)?\s+\/[ck]\b|powershell(?:\.exe)?\s+-|pwsh\s+-|invoke-(?:webrequest|expression|restmethod|command|item|wmimethod)\b|start-process\b|new-object\s+(?:-typename\s+)?(?:system\.)?net\.webclient|iex\s*\(|(?:iwr|irm)\s+(?:-\w+\s+)?(?:https?:|\/\/)|iwmi\s|certutil(?:\.exe)?\s+-(?:urlcache|decode|encode)|bitsadmin(?:\.exe)?\s+\/transfer|mshta(?:\.exe)?\s+(?:https?:|javascript:|vbscript:)|regsvr32(?:\.exe)?\s+\/s|rundll32(?:\.exe)?\s+\S+,|regedit(?:\.exe)?\s+\/[es]|reg(?:\.exe)?\s+(?:add|query|delete|save)\s+hk|bcdboot\s*[</]|bcdedit\s+\/|net(?:\.exe)?\s+(?:user|localgroup|group|share|use)\b.*\/|wmic(?:\.exe)?\s+(?:process|os|shadowcopy|useraccount)|vssadmin\s+(?:delete|create|list)|schtasks\s+\/create|[a-z]:\\windows\\system32\\)/i;
const ALIAS = /(?:^|[\s;&|])alias\s+(?:[-+][\w+]+\s+)*['"]?[\w.-]+['"]?=/;
const GLOB = /\/[\w.-]*\[[!^]?[\w?/.-]{1,16}\][\w.-]*/;
const PREFIX_CMD = new RegExp(String.raw`(?:^|[;&|\x60\n]\s*)(?:time|strace|ltrace|nohup|nice|timeout|sudo|xargs|exec|env|stdbuf|watch|flock\s+-\w+\s+\S+|cpulimit\s+(?:-\w+\s+\S+\s+)*)\s*;?\s*(?:[a-z][\w.-]*\s+-{1,2}[a-z]|(?:ba|z|k|c|tc|da)?sh\b|(?:${UNIX_CMDS})\s*$)`, 'i');
const GENERIC_OPT = /(?:[;\n`]|&&|\|\||\$\()\s*['"]?[a-z][\w.-]*['"]?(?:\s+[\w.-]+){0,2}\s+-{1,2}[a-z]/i;
const SH_C = /\b(?:ba|z|k|c|tc|da)?sh['"]?\s*[,\s]\s*-c\b/i;
const BRACE = /\{[\w./-]*,[\w./,-]*\}/;

/**
 * Program names that are not words of any language, so a value that starts with one (quoted or
 * not, alone or with arguments) is a command line: `whoami`, `visudo`, `ansible-playbook site.yml`.
 */
const UNAMBIGUOUS_START =
  /^\s*['"]?(?:whoami|ifconfig|ipconfig|visudo|cscli|ansible(?:-[a-z]+)?|chef-[a-z]+|aa-[a-z]+|python[23](?:\.\d+)?|bsdtar|nslookup|netstat|systeminfo|tasklist|uname|passwd|useradd|usermod|chpasswd|crontab|sysctl|iptables|lsof|tcpdump|xxd|mkfifo|printenv|getent|bcdedit|bcdboot|certutil|bitsadmin|mshta|rundll32|regsvr32|wmic|netsh|vssadmin|schtasks|icacls|powershell|pwsh)(?:\.exe)?['"]?(?=$|[\s;|&<>)`'"])/i;
/** A program under a relative `bin/` folder at the value start (`bin/visudo`, `usr/bin/id`). */
const REL_BIN = new RegExp(String.raw`^\s*(?:usr\/)?(?:local\/)?s?bin\/(?:${UNIX_CMDS}|chef|ansible[\w-]*|cscli|visudo)(?=$|[\s;|&<>])`, 'i');

/** Undo shell quoting tricks inside words. */
function shellNormalise(v: string): string {
  let s = v;
  if (/\$\{?IFS\}?/.test(s)) s = s.replace(/\$\{IFS\}|\$IFS\b/g, ' ');
  if (/[a-z](?:\\|''|"")[a-z]/i.test(s)) s = s.replace(/([a-z])(?:\\|''|"")(?=[a-z])/gi, '$1');
  if (/[a-z]'[a-z]+'/i.test(s)) s = s.replace(/\b([a-z]+)'([a-z]+)'(?=[\s;|&]|$)/gi, '$1$2');
  if (/\$@|\$\*|\$\{\w{0,8}\}/.test(s)) s = s.replace(/([a-z])(?:\$@|\$\*|\$\{\w{0,8}\})(?=[a-z])/gi, '$1');
  if (/[;|&`]\s*['"]/.test(s)) s = s.replace(/([;|&`]\s*)(['"])([a-z][\w.-]*)\2/gi, '$1$3');
  if (/^\s*'[a-z]/i.test(s)) s = s.replace(/^\s*'/, '');
  if (/[;|&`]\s*\$\{?\w+\}?\s+[a-z]/i.test(s)) s = s.replace(/([;|&`]\s*)\$\{?\w+\}?\s+(?=[a-z])/gi, '$1');
  if (/\$\w+/.test(s)) s = s.replace(/(?<=[a-z])\$[a-z]\w*(?=[a-z])/gi, '');
  return s;
}

const STRONG =
  /^(?:ansible[\w-]*|chef-[\w-]+|cscli|visudo|rmt[\w-]*|irb|gcc[\d.]*|aptitude|htop|bsdtar|trap|aa-[\w-]+|whoami|uname|ifconfig|netstat|wget|curl|nc|ncat|netcat|socat|telnet|bash|sh|zsh|ksh|csh|tcsh|dash|busybox|python[0-9.]*|perl|ruby|php[0-9]*|chmod|chown|crontab|nslookup|ping|ping6|passwd|useradd|powershell|pwsh|cmd|certutil|bitsadmin|mshta|rundll32|regsvr32|wmic|netsh|ipconfig|systeminfo|tasklist|lsof|printenv|nmap|tcpdump|xxd|iwr|iex|uptime|hostname|traceroute|nohup|mkfifo|sysctl|getent|iptables|pkill|killall|regedit|bcdboot|bcdedit|schtasks|vssadmin|cscript|wscript|icacls|lwp-download|tftp)$/;
/** Arguments that only a command line has: an option, an absolute or relative path, a URL. */
const ARGS = /^\s+(?:-{1,2}[a-z]|\/[\w.]|~\/|\.\.?\/|https?:\/\/|[\w.-]+\s*[|>]|\*)/i;
const SHELLISH_ARGS = /(?:^|\s)(?:-{1,2}[a-z]|\/[\w.]|~\/|\.\.?\/|https?:\/\/|[a-z0-9.-]+\.(?:com|net|org|io|sh|xyz|ru|cn)\b)|[|;&`$<>]|\bsh\b/i;

/** Command injection in one decoded value; undefined when none. */
export function detectCmdi(value: string): ValueHit | undefined {
  const s = shellNormalise(value);
  const at = (m: RegExpExecArray): string => s.slice(m.index, m.index + 64).trim();
  let m = SHELLSHOCK.exec(s);
  if (m) return { reason: 'shellshock', sample: at(m) };
  m = SUBST.exec(s);
  if (m && !/^\$\{\s*(?:jndi|lower|upper|env|sys|java|ctx|main|date|::)/i.test(m[0])) return { reason: 'command substitution', sample: at(m) };
  const sep = SEP_CMD;
  sep.lastIndex = 0;
  for (let k = 0; k < 8 && (m = sep.exec(s)); k++) {
    const cmd = m[1].toLowerCase();
    const lead = m[0].trimStart();
    const rest = s.slice(m.index + m[0].length);
    const strongSep = !(lead.startsWith('|') && !lead.startsWith('||')) && !(lead.startsWith('&') && !lead.startsWith('&&'));
    const pipe = lead.startsWith('|');
    if (ARGS.test(rest) || ((strongSep || pipe) && STRONG.test(cmd)) || /^\s*$/.test(rest) || (strongSep && /^\s*[|&`)]/.test(rest))) return { reason: 'separator + ' + cmd, sample: at(m) };
  }
  m = ABS_BIN.exec(s);
  if (m) return { reason: 'binary path', sample: at(m) };
  m = WIN_FOR.exec(s) ?? WIN_IF.exec(s);
  if (m) return { reason: 'windows batch', sample: at(m) };
  m = WIN_CMD.exec(s);
  if (m) return { reason: 'windows command', sample: at(m) };
  m = SH_C.exec(s) ?? PREFIX_CMD.exec(s);
  if (m) return { reason: 'shell invocation', sample: at(m) };
  m = GLOB.exec(s);
  if (m) {
    // read each bracket expression as its first character: `/bi[n]/bash`, `/[e//]tc/[p//]asswd`
    const g = s.replace(/\[[!^]?([^\]/])[^\]]*\]/g, '$1');
    if (/\/(?:etc|bin|usr|tmp|dev|proc|var|sbin)\b/.test(g) || /\[[?!]|\?\]/.test(s) || /\/(?:etc|bin|usr|tmp|dev|proc|var|sbin)/.test(s)) return { reason: 'shell glob', sample: at(m) };
  }
  m = GENERIC_OPT.exec(s);
  if (m) return { reason: 'separator + command', sample: at(m) };
  m = ALIAS.exec(s);
  if (m) return { reason: 'shell alias', sample: at(m) };
  m = UNAMBIGUOUS_START.exec(s) ?? REL_BIN.exec(s);
  if (m) return { reason: 'command ' + m[0].replace(/['"\s]/g, '').toLowerCase().slice(0, 24), sample: s.trim().slice(0, 64) };
  if (/^\s*\\(?:ls|id|cat|rm|cp|mv|sh|bash|curl|wget|whoami|uname|ping|nc)\b/.test(s)) return { reason: 'alias bypass', sample: s.trim().slice(0, 64) };
  const st = START_CMD.exec(s);
  if (st) {
    const cmd = st[1].toLowerCase();
    const args = st[2];
    if (!/^(?:set|type|copy|start|call|time|w|who|host|last|more|less|dir|net|ip|ss|id|cc|source|export|find|sort|cut|echo|sleep|kill|date|timeout|column|bridge|rev|tr|od)$/.test(cmd) && SHELLISH_ARGS.test(args)) {
      if (!/^[\w\s.,!?'-]*$/.test(args) || /(?:^|\s)-{1,2}[a-z]/i.test(args)) return { reason: 'command ' + cmd, sample: s.trim().slice(0, 64) };
    }
  }
  if (/^\s*(?:[;&|]\s*)?(?:bash|sh|zsh|ksh|dash)\s+-[ci]\b/i.test(s)) return { reason: 'shell -c', sample: s.trim().slice(0, 64) };
  if (BRACE.test(s) && /(?:^|[\s;|&])[a-z]*\{[\w./-]*,[\w./,-]*\}[a-z]*(?:$|[\s;|&])/i.test(s) && !/[:"]/.test(s)) {
    const b = BRACE.exec(s)!;
    return { reason: 'brace expansion', sample: at(b) };
  }
  if (/^~[+-]\d*$/.test(s.trim()) || /(?:^|[\s;])!-\d+/.test(s)) return { reason: 'shell expansion', sample: s.trim().slice(0, 64) };
  return undefined;
}
