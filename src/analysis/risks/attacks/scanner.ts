/**
 * Scanners and fuzzers: tool User-Agents, out-of-band interaction domains used by scanners
 * (Burp Collaborator, interactsh, …), headers some tools add, and probe paths that only scanners
 * request on a bank's API hosts (other stacks' admin pages, CGI, VCS metadata, debug endpoints).
 */
import type { ValueHit } from './types.js';

const TOOLS =
  /\b(sqlmap|nikto|nmap|nessus|openvas|acunetix|netsparker|invicti|appscan|webinspect|burp(?:suite|collaborator)?|wpscan|dirbuster|dirb|gobuster|feroxbuster|ffuf|wfuzz|nuclei|masscan|zgrab|zmap|havij|arachni|w3af|skipfish|whatweb|wapiti|vega|paros|zaproxy|owasp[ _-]?zap|jaeles|xray|dalfox|commix|sqlninja|bsqlbf|pangolin|nuclei|httpx|naabu|subfinder|amass|joomscan|droopescan|cmsmap|brutus|hydra|medusa|crowdstrike-scan|qualys|rapid7|metasploit|morfeus|zmeu|grabber|pmafind|fimap|nsauditor|webshag|httprint|bbqsql|sqlsus|mysqloit|absinthe|blind-?sqli|dotdotpwn|t3ster|black widow|brutus\/aet|cgichk|cisco-torch|domino hunter|floodgate|grendel-scan|nasl|netlab360|nsclient|security scan|sf\/|sitebot|sitewatch|teleport ?pro|webtrends security|wprecon|xsser|zgrab|censysinspect|expanseinc|internet-measurement|leakix|shodan|interactsh)\b/i;
const OAST = /\b[\w-]+\.(?:burpcollaborator\.net|oastify\.com|oast\.(?:pro|live|site|online|fun|me)|interact\.sh|interactsh\.com|dnslog\.cn|ceye\.io|canarytokens\.com|requestbin\.net|pipedream\.net|xss\.ht|bxss\.me)\b/i;
const SCANNER_HEADERS = new Set(['acunetix-product', 'acunetix-scanning-agreement', 'acunetix-user-agreement', 'x-scanner', 'x-wvs-id', 'x-wipp', 'x-request-memo', 'x-scan-memo', 'x-arachni-scan-seed', 'x-nessus', 'x-qualys-scan']);
const PROBE_PATH =
  /^\/(?:wp-(?:login|admin|content|includes|config)|xmlrpc\.php|phpmyadmin|pma\/|myadmin|mysql(?:admin)?\/|adminer(?:\.php)?|cgi-bin\/|boaform\/|hnap1|solr\/admin|manager\/html|jmx-console|web-console|invoker\/|axis2?\/|console\/login|server-status|server-info|\.well-known\/security\.txt\.bak|actuator\/(?:env|heapdump|jolokia|gateway|trace|threaddump|logfile|mappings)|jolokia|druid\/index\.html|telescope\/requests|_ignition\/|vendor\/phpunit|phpinfo\.php|info\.php|test\.php|shell\.php|cmd\.php|c99\.php|r57\.php|eval-stdin\.php|setup\.cgi|\.git\/(?:HEAD|config)|\.env$|owa\/auth|remote\/fgt_lang|dana-na\/|global-protect\/|sslvpn|ecp\/|autodiscover\/autodiscover\.xml|nice ports|Trinity\.txt\.bak|\w+\.(?:asp|aspx|jsp|cfm|pl|cgi)\.bak$)/i;

export function scannerUserAgent(ua: string): ValueHit | undefined {
  const m = TOOLS.exec(ua);
  if (m) return { reason: 'tool user-agent ' + m[1].toLowerCase(), sample: ua.slice(Math.max(0, m.index - 8), m.index + 56) };
  if (/^(?:python-requests|go-http-client|curl|wget|libwww-perl|java\/|okhttp|masscan)/i.test(ua) && /(?:scan|exploit|fuzz|payload)/i.test(ua)) return { reason: 'tool user-agent', sample: ua.slice(0, 64) };
  return undefined;
}

export function scannerHeader(name: string): ValueHit | undefined {
  return SCANNER_HEADERS.has(name) ? { reason: 'scanner header ' + name, sample: name } : undefined;
}

export function scannerOast(value: string): ValueHit | undefined {
  if (value.indexOf('.') < 0) return undefined;
  const m = OAST.exec(value);
  return m ? { reason: 'oast domain', sample: m[0].slice(0, 64) } : undefined;
}

export function scannerProbePath(path: string): ValueHit | undefined {
  const m = PROBE_PATH.exec(path);
  return m ? { reason: 'probe path', sample: path.slice(0, 64) } : undefined;
}
