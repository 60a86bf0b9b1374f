/**
 * `firebreak scan logs` on access logs of mostly ordinary lines: however the scan reads the file (a
 * quick look at the bytes first, then a full parse of what needs one), evasions that only show once
 * decoded are flagged as the matcher alone flags them, and an address counts once in any spelling.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { tempDataDir } from '../../support/consoleServer';

const work = tempDataDir('firebreak-log-evasion-scan-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const line = (target: string, second: number) => `198.51.100.3 - - [23/Nov/2026:14:15:${String(second % 60).padStart(2, '0')} +0000] "GET ${target} HTTP/1.1" 200 512 "-" "${agent}"`;
const evasions: [string, string][] = [
  ['/download?file=..%u2215..%u2215..%u2215app%u2215web.config', 'path-traversal'],
  ['/download?file=....//....//app/config/database.yml', 'path-traversal'],
  ['/ping?host=127.0.0.1%0aid', 'command-injection'],
  ["/ping?host=127.0.0.1;w'h'o'am'i", 'command-injection'],
  ['/item.php?id=1%20UNION%23xqzkpw%0ASELECT%201,2', 'sqli'],
  ['/item.php?id=%5CNunion%20select%201,2', 'sqli'],
  ['/fetch?url=http%3A%2F%2F0251.0376.0251.0376%2Flatest%2Fmeta-data%2F', 'ssrf'],
  ['/id_ed25519', 'sensitive-file'],
  // An unknown reference before the tag: entities 7.0.1 decoded `&xiAdY<` to `Á` and the tag was gone.
  ['/search?q=&xiAdY<script%20src=//evil.example/x.js>', 'xss'],
];
const ordinary = ['/products/42?ref=home', '/search?q=union+jack+mug', '/oauth/authorize?client_id=cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback', '/api/users?fields=name;id;email'];

describe('a whole scan of an access log', () => {
  it('flags each evasion, and no ordinary line, whichever way the scan reads the line', () => {
    const lines: string[] = [];
    for (let round = 0; round < 50; round += 1) for (const target of ordinary) lines.push(line(target, lines.length));
    // Each evasion after a run of ordinary lines, as an attack sits in a day's log.
    evasions.forEach(([target], k) => lines.splice(20 * (k + 1), 0, line(target, k)));
    const planted = new Map<number, string>();
    lines.forEach((text, index) => {
      const evasion = evasions.find(([target]) => text.includes(`GET ${target} `));
      if (evasion) planted.set(index + 1, evasion[1]);
    });
    // A JSON line a logger mixed in: matched on its own fields.
    lines.push(JSON.stringify({ time: '2026-11-23T14:16:00Z', ip: '203.0.113.9', method: 'GET', path: '/.env', status: 200 }));
    planted.set(lines.length, 'sensitive-file');
    const file = path.join(work, 'access.log');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { json } = runCli(work, ['scan', 'logs', file, '--json'], { env: { HOME: work } });
    const flagged = new Map<number, string[]>();
    for (const finding of json.value.findings as { line: number; category: string }[]) flagged.set(finding.line, [...(flagged.get(finding.line) ?? []), finding.category]);
    expect(new Map([...flagged].sort(([a], [b]) => a - b))).toEqual(new Map([...planted].sort(([a], [b]) => a - b).map(([at, category]) => [at, [category]])));
  });

  it('counts an address once whatever its spelling, on the ordinary lines of a large log too', () => {
    const spellings = ['203.0.113.7', '::FFFF:203.0.113.7', '::ffff:cb00:7107', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'];
    const lines = Array.from({ length: 40_000 }, (_, i) => line(`/products/${i % 50}`, i).replace('198.51.100.3', spellings[i % spellings.length]!));
    const file = path.join(work, 'spellings.log');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { json } = runCli(work, ['scan', 'logs', file, '--json'], { env: { HOME: work } });
    expect(json.value.topIps.map((top: { ip: string; requests: number }) => [top.ip, top.requests])).toEqual([
      ['203.0.113.7', 24_000],
      ['2001:db8::1', 16_000],
    ]);
  });
});
