/**
 * JNDI lookups (Log4Shell) and expression/template injection. Log4j lookups are resolved the way
 * Log4j would before matching — `${lower:j}`, `${upper:N}`, `${::-d}`, `${env:X:-i}`, `${date:'j'}`
 * collapse to their text, innermost first, a bounded number of rounds — so `${${lower:j}ndi:…}`
 * reads `${jndi:…}`. Expression languages: OGNL `%{…}`/`#_memberAccess`, SpEL `T(java.lang.Runtime)`,
 * EL/JSP `${…}` with class access, Spring4Shell `class.module.classLoader`, and server-side
 * templates where an arithmetic probe (`{{7*7}}`, `${7*7}`, `#{7*7}`, `<%= 7*7 %>`) or a
 * sandbox escape (`__class__`, `_self.env`, `getClass()`) appears. Plain `{{name}}` placeholders pass.
 */
import type { ValueHit } from './types.js';

const LOOKUP = /\$\{([^${}]*)\}/g;

/** Resolve Log4j-style lookups that only rebuild text; leave the rest (`${jndi:…}`) in place. */
function resolveLookups(s: string): string {
  let cur = s;
  for (let r = 0; r < 8 && cur.indexOf('${') >= 0; r++) {
    const next = cur.replace(LOOKUP, (m, body: string) => {
      const lb = body.toLowerCase();
      if (lb.startsWith('jndi:')) return '\u0001JNDI:' + body.slice(5) + '\u0002';
      const dflt = body.indexOf(':-');
      if (dflt >= 0) return body.slice(dflt + 2);
      const c = body.indexOf(':');
      if (c < 0) return m.startsWith('${') && /^[a-z]$/i.test(body) ? body : '';
      const key = lb.slice(0, c);
      const arg = body.slice(c + 1);
      if (key === 'lower' || key === 'upper') return arg;
      if (key === 'date') return arg.replace(/'/g, '');
      return '';
    });
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

const JNDI_RAW = /\$\{\s*j\s*n\s*d\s*i\s*:|\$\{\s*\$\{|\$\{(?:lower|upper|env|sys|::-|date|base64|main|ctx|java|k8s|docker|bundle|spring|web|log4j|marker|event|sd|map):/i;
const OGNL = /%\{[^}]*(?:#|@[\w.]+@|\(|\.getClass|new\s)|#_memberAccess|#context\[|@java\.lang\.(?:Runtime|ProcessBuilder|System)@|#(?:cmd|iswin|cmds|p|process|ros|out)\s*=|ognl\.OgnlContext|allowStaticMethodAccess/i;
const SPEL = /\bT\s*\(\s*java\.[\w.]+\)|new\s+java\.(?:lang|io|net|util)\.[\w.]+\s*\(|\bjava\.lang\.(?:Runtime|ProcessBuilder|ClassLoader|System)\b|Runtime\.getRuntime\s*\(|getClass\s*\(\s*\)\s*\.\s*(?:forName|getClassLoader)|\.forName\s*\(\s*['"]java|class\.(?:module\.)?classLoader|javax\.script\.ScriptEngineManager|\bnashorn\b|java\.beans\.XMLDecoder/i;
const EL = /\$\{[^}]*(?:\.getClass\(|\bRuntime\b|\.exec\(|requestScope|applicationScope|pageContext|facesContext|session\.getAttribute|param\.|header\.|\bclass\b)[^}]*\}/i;
const ARITH = /(?:\{\{|\$\{|#\{|\*\{|@\{|<%=?|\[\[|\{%|\{#)\s*['"]?\d+['"]?\s*[*+/-]\s*['"]?\d+['"]?\s*(?:\}\}|\}|%>|\]\]|%\}|#\})/;
const SSTI =
  /\{\{[^}]*(?:__class__|__mro__|__subclasses__|__globals__|__builtins__|__import__|__init__|_self\.env|self\._TemplateReference|lipsum|cycler|joiner|namespace|config\.|request\.application|\.popen\(|getRuntime|registerUndefinedFilterCallback|\[['"]\w+['"]\]\s*\()|\{%\s*(?:import|include|set|for|if)\b[^%]*(?:os|subprocess|popen|system|__)[^%]*%\}|<#assign\s+\w+\s*=\s*["']freemarker\.template\.utility\.Execute|\$\{\s*["']freemarker|#set\s*\(\s*\$\w+\s*=|\$class\.inspect|#\{\s*T\s*\(|\{php\}|\{\$smarty\.|\{system\(/i;

/** Expression / JNDI injection in one decoded value; undefined when none. */
export function detectExpression(value: string): ValueHit | undefined {
  const at = (i: number): string => value.slice(i, i + 64);
  if (value.indexOf('${') >= 0) {
    const r = resolveLookups(value);
    const j = /\u0001JNDI:\s*([a-z]+)?/i.exec(r);
    if (j) return { reason: j[1] ? `jndi lookup (${j[1].toLowerCase()})` : 'jndi lookup', sample: at(value.indexOf('${')) };
    const raw = JNDI_RAW.exec(value);
    if (raw && /j|n|d|i/i.test(r) && /jndi/i.test(r.replace(/[^a-z:]/gi, ''))) return { reason: 'jndi lookup (obfuscated)', sample: at(raw.index) };
    if (raw && /\$\{\s*j\s*n\s*d\s*i/i.test(value)) return { reason: 'jndi lookup', sample: at(raw.index) };
  }
  let m = OGNL.exec(value);
  if (m) return { reason: 'ognl expression', sample: at(m.index) };
  m = SPEL.exec(value);
  if (m) return { reason: 'java class access', sample: at(m.index) };
  m = EL.exec(value);
  if (m) return { reason: 'el expression', sample: at(m.index) };
  m = ARITH.exec(value);
  if (m) return { reason: 'template arithmetic probe', sample: at(m.index) };
  m = SSTI.exec(value);
  if (m) return { reason: 'template injection', sample: at(m.index) };
  return undefined;
}
