/**
 * Benign web traffic as real sites log it: browsers, monitoring and tools, static assets, APIs,
 * searches and logins; and benign look-alikes (requests that share words or characters with attacks)
 * for the labelled samples. Lines are written in the nginx/Apache combined format and as JSON lines.
 */
export const browserAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];

/** Legitimate non-browser clients: command-line tools, libraries, probes and crawlers. */
export const toolAgents = [
  'curl/8.5.0',
  'curl/7.88.1',
  'python-requests/2.31.0',
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  'Wget/1.21.4',
  'kube-probe/1.29',
  'ELB-HealthChecker/2.0',
  'Prometheus/2.48.0',
  'okhttp/4.12.0',
  'axios/1.7.7',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
];

export interface Lookalike {
  method: string;
  target: string;
  status: number;
  /** Why it looks like an attack. */
  family: string;
  /** A tool agent instead of a browser's. */
  agent?: string;
}

const g = (target: string, family: string, status = 200, agent?: string): Lookalike => ({ method: 'GET', target, status, family, agent });

export const lookalikes: readonly Lookalike[] = [
  g('/search?q=select+from+the+menu', 'sql words in a search'),
  g('/search?q=how+to+select+a+drop-down+value', 'sql words in a search'),
  g('/search?q=union+station+parking', 'sql words in a search'),
  g('/search?q=union+square+cafe+hours', 'sql words in a search'),
  g('/search?q=drop-down+menu+css', 'sql words in a search'),
  g('/search?q=drop+shipping+from+china', 'sql words in a search'),
  g('/search?q=insert+into+calendar', 'sql words in a search'),
  g('/search?q=delete+my+account', 'sql words in a search'),
  g('/search?q=update+from+version+2+to+3', 'sql words in a search'),
  g('/search?q=select%20all%20from%20the%20sale', 'sql words in a search'),
  g('/search?q=Select+Comfort+mattress', 'sql words in a search'),
  g('/search?q=table+for+2+or+more', 'sql words in a search'),
  g('/search?q=sleep+apnea+and+snoring', 'sql words in a search'),
  g('/search?q=o%27reilly+books', 'quote in a name'),
  g("/authors/o'brien", 'quote in a name'),
  g("/search?q=don't+stop+me+now", 'quote in a name'),
  g('/search?q=rock+%27n%27+roll', 'quote in a name'),
  g('/products/drop-leaf-table', 'sql words in a slug'),
  g('/products/union-jack-mug', 'sql words in a slug'),
  g('/recipes/select-cuts-of-beef', 'sql words in a slug'),
  g('/events/union-square-market', 'sql words in a slug'),
  g('/blog/2026/11/writing-a-bash-script-for-backups', 'script in a slug'),
  g('/blog/javascript-tips-for-beginners', 'script in a slug'),
  g('/blog/noscript-fallbacks-that-work', 'script in a slug'),
  g('/docs/script-tag-async-and-defer', 'script in a slug'),
  g('/blog/typescript-5-7-release-notes', 'script in a slug'),
  g('/search?q=script+tag+async', 'script in a search'),
  g('/search?q=alert+settings', 'script in a search'),
  g('/blog/onload-vs-domcontentloaded', 'event handler in a slug'),
  g('/api/v1/users?select=id,name,email', 'select as an API parameter'),
  g('/rest/v1/orders?select=*&status=eq.open&order=created_at.desc', 'select as an API parameter'),
  g("/odata/Products?$filter=Name+eq+'Chai'&$select=Name,Price", 'select as an API parameter'),
  g('/api/items?fields=id,title&sort=-updated', 'API parameters'),
  g('/api/v2/search?query=select&limit=20', 'select as an API parameter'),
  g('/docs/view?href=../guide/install.html', '../ in a harmless query value'),
  g('/go?to=../pricing', '../ in a harmless query value'),
  g('/share?text=see+../notes+for+details', '../ in a harmless query value'),
  g('/search?q=wait...+what', 'dots in a value'),
  g('/api/stats?range=1..10', 'dots in a value'),
  g('/compare/v2.3.0...v2.4.0', 'dots in a path'),
  g('/files/report.2026.11.final.pdf', 'dots in a path'),
  g('/favicon.ico', '404 on a favicon', 404),
  g('/apple-touch-icon.png', '404 on a favicon', 404),
  g('/apple-touch-icon-precomposed.png', '404 on a favicon', 404),
  g('/browserconfig.xml', '404 on a site file', 404),
  g('/manifest.json', '404 on a site file', 404),
  g('/robots.txt', 'site file'),
  g('/sitemap.xml', 'site file'),
  g('/ads.txt', 'site file', 404),
  g('/.well-known/security.txt', 'dot folder that is public'),
  g('/.well-known/acme-challenge/Qx3n7kT0dWm9bF2cR8vY1sLpA4eHjU6zK5oN', 'dot folder that is public'),
  g('/.well-known/openid-configuration', 'dot folder that is public'),
  g('/wp-content/themes/twentytwentyfour/style.css?ver=1.2', 'wordpress asset'),
  g('/wp-content/uploads/2026/10/header-1024x576.jpg', 'wordpress asset'),
  g('/wp-includes/js/jquery/jquery.min.js?ver=3.7.1', 'wordpress asset'),
  g('/wp-content/plugins/contact-form-7/includes/css/styles.css?ver=5.9', 'wordpress asset'),
  g('/wp-json/wp/v2/posts?per_page=10', 'wordpress API'),
  g('/wp-login.php', 'wordpress login page'),
  g('/wp-admin/admin-ajax.php?action=heartbeat', 'wordpress admin'),
  g('/static/js/env-config.js', 'env in a name'),
  g('/docs/environment-variables', 'env in a name'),
  g('/blog/stop-committing-dotenv-files', 'env in a name'),
  g('/help/git-configuration', 'git in a name'),
  g('/account/passwd', 'passwd in a path'),
  g('/help/forgot-password', 'passwd in a path'),
  g('/search?q=etc+passwd+reset', 'passwd in a search'),
  g('/docs/backup-and-restore', 'backup in a name'),
  g('/downloads/firebreak-2.4.0.tar.gz', 'archive download'),
  g('/static/app.3f9c1b.js.map', 'source map'),
  g('/help/command-line-options', 'command words'),
  g('/search?q=cat+food+delivery', 'command words in a search'),
  g('/search?q=ls+vs+dir+on+windows', 'command words in a search'),
  g('/search?q=wget+alternatives', 'command words in a search'),
  g('/search?q=ping+pong+tables', 'command words in a search'),
  g('/search?q=bash+tutorial+for+beginners', 'command words in a search'),
  g('/search?q=whoami+meaning', 'command words in a search'),
  g('/search?q=a%3Bb+separator', 'semicolon in a value'),
  g('/shop;jsessionid=8F3A2C1D9E7B6A5F4E3D2C1B0A9F8E7D', 'semicolon path parameter'),
  g('/search?q=Tom+%26amp%3B+Jerry', 'HTML entity in a value'),
  g('/search?q=AT%26T+store', 'ampersand in a value'),
  g('/search?q=5+%3E+3+and+2+%3C+4', 'angle brackets in a value'),
  g('/search?q=price+%24100+or+less', 'dollar in a value'),
  g('/login?next=%2Fdashboard', 'redirect to a local page'),
  g('/oauth/callback?code=4%2F0AY0e-g7&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback', 'URL in a parameter'),
  g('/share?url=https%3A%2F%2Fnews.example.org%2F2026%2F11%2Fstory', 'URL in a parameter'),
  g('/proxy/image?url=https://cdn.example.com/img/a.png', 'URL in a parameter'),
  g('/api/webhooks/test?target=https://hooks.example.net/T000/B000', 'URL in a parameter'),
  g('/docs/networking/localhost-development', 'localhost in a path'),
  g('/search?q=127.0.0.1+not+working', 'loopback address in a search'),
  g('/blog/aws-instance-metadata-explained', 'metadata in a slug'),
  g('/admin/login', 'login refused', 401),
  g('/api/v1/me', 'token expired', 401),
  g('/admin/settings', 'forbidden page', 403),
  g('/api/v1/reports/export', 'rate limited', 429),
  g('/api/v1/orders/981273', 'server error', 502),
  g('/checkout', 'server error', 500),
  g('/', 'home page', 200, 'curl/8.5.0'),
  g('/api/v1/health', 'health check', 200, 'kube-probe/1.29'),
  g('/healthz', 'health check', 200, 'ELB-HealthChecker/2.0'),
  g('/metrics', 'metrics scrape', 200, 'Prometheus/2.48.0'),
  g('/api/v1/orders?status=open', 'API client', 200, 'python-requests/2.31.0'),
  g('/api/v1/export?format=csv', 'API client', 200, 'Go-http-client/1.1'),
  g('/downloads/install.sh', 'script download by a tool', 200, 'curl/7.88.1'),
  g('/releases/latest/firebreak-linux-x64.tar.gz', 'download by a tool', 200, 'Wget/1.21.4'),
  g('/blog/', 'crawler', 200, 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'),
  g('/sitemap.xml', 'crawler', 200, 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'),
];

/** Bodies and messages of a JSON-lines application log that look like attacks and are not. */
export const lookalikeBodies: readonly { path: string; body: string; family: string }[] = [
  { path: '/api/comments', body: '{"text":"Please select the drop-down and union the two lists"}', family: 'sql words in a body' },
  { path: '/api/comments', body: '{"text":"I dropped my phone; the table was slippery"}', family: 'sql words in a body' },
  { path: '/api/notes', body: '{"note":"run the backup script before 5pm & tell ops"}', family: 'script in a body' },
  { path: '/api/search', body: '{"query":"union station","limit":10}', family: 'sql words in a body' },
  { path: '/api/profile', body: '{"bio":"Teacher <3 cats, writes about JavaScript"}', family: 'angle bracket in a body' },
  { path: '/api/files/rename', body: '{"from":"draft..v2.docx","to":"final.docx"}', family: 'dots in a body' },
];

export interface Request {
  ip: string;
  time: number;
  method: string;
  target: string;
  status: number;
  bytes: number;
  referrer: string;
  agent: string;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

let lastSecond = -1;
let lastText = '';

/** `[30/Nov/2026:14:05:09 +0000]` without the brackets (the last second's text is reused: logs are written in time order). */
export function clfTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  const d = new Date(ms);
  lastSecond = second;
  return (lastText = `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`);
}

/** nginx escapes `"` and backslashes in logged strings as \x22 and \x5C (log_format escape=default). */
const logged = (text: string) => (text.indexOf('"') < 0 && text.indexOf('\\') < 0 ? text : text.replace(/["\\]/g, (c) => (c === '"' ? '\\x22' : '\\x5C')));

/** The nginx/Apache combined format. */
export function combinedLine(r: Request): string {
  return `${r.ip} - - [${clfTime(r.time)}] "${r.method} ${logged(r.target)} HTTP/1.1" ${r.status} ${r.bytes} "${logged(r.referrer)}" "${logged(r.agent)}"`;
}

/** An nginx JSON access log line (log_format escape=json with the variables' own names). */
export function jsonLine(r: Request, body?: string): string {
  return JSON.stringify({
    time: new Date(r.time).toISOString(),
    remote_addr: r.ip,
    request: `${r.method} ${r.target} HTTP/1.1`,
    status: r.status,
    body_bytes_sent: r.bytes,
    http_referer: r.referrer,
    http_user_agent: r.agent,
    ...(body === undefined ? {} : { body }),
  });
}
