/**
 * The log scanner against hostile files, hostile requests to its operations, secrets in log lines
 * and correlation across messy logs: what a responder must be able to rely on when the logs come
 * from a compromised host.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { apiCall, cliPath, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

const work = tempDataDir('firebreak-logs-hostile-');
const logs = path.join(work, 'logs');
fs.mkdirSync(logs);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const cliData = path.join(work, 'cli-data');
fs.mkdirSync(cliData);
const scanCli = (args: string[]) => runCli(cliData, ['scan', 'logs', ...args], { env: { HOME: cliData } });

const access = (ip: string, time: string, target: string, status: number, referrer = '-', agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0') =>
  `${ip} - - [${time}] "GET ${target} HTTP/1.1" ${status} 512 "${referrer}" "${agent}"`;
const write = (name: string, content: string | Buffer) => {
  const file = path.join(logs, name);
  fs.writeFileSync(file, content);
  return file;
};

describe('hostile files', () => {
  it('prints file names and excerpts without the terminal control characters an attacker put in them', () => {
    // A user agent that retitles the terminal and clears it, in a file whose name breaks the table's row.
    const file = write('web\n[ok] nothing found \u001b[2K.log', `${access('203.0.113.7', '23/Nov/2026:14:15:02 +0000', '/.env', 404, '-', 'x\u001b]0;pwned\u0007\u001b[2J')}\n`);
    const run = scanCli([path.join(logs, 'web*')]);
    expect(run.stdout).toContain('sensitive-file');
    // eslint-disable-next-line no-control-regex
    expect(run.stdout.match(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g) ?? []).toEqual([]);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('[ok] nothing found'))).toEqual([]);
    fs.rmSync(file);
  });

  it('finds an attack past the 64 KiB cut of an over-long line, or says the line was cut', () => {
    const file = write('one-long-line.log', `${'A'.repeat(200 * 1024)} GET /item.php?id=1%20UNION%20SELECT%20password%20FROM%20users\n`);
    const { json } = scanCli([file, '--json']);
    const found = json.value.findings.some((finding: { category: string }) => finding.category === 'sqli');
    const told = json.value.stats.skipped.some((skip: { file: string }) => skip.file === file);
    expect({ found, told }).not.toEqual({ found: false, told: false });
  });

  it('scans 100 small rotated logs in a few seconds, not a third of a second per file', () => {
    const dir = path.join(logs, 'rotated');
    fs.mkdirSync(dir);
    for (let index = 0; index < 100; index += 1) fs.writeFileSync(path.join(dir, `access.log.${index}`), `${access('198.51.100.3', '23/Nov/2026:14:15:02 +0000', '/', 200)}\n`);
    const { json } = scanCli([path.join(dir, 'access.log.*'), '--json']);
    expect(json.value.stats).toMatchObject({ files: 100, lines: 100 });
    expect(json.value.stats.durationMs).toBeLessThan(8_000);
  }, 120_000);

  it('gives a reader slower than the scan the whole answer, and a full disk one line and exit 2', async () => {
    // 20,000 flagged lines: an answer of megabytes, many times what a pipe holds.
    const file = write('many-findings.log', Array.from({ length: 20_000 }, (_, index) => access(`198.51.100.${index % 200}`, '23/Nov/2026:14:15:02 +0000', `/item?id=${index}%20UNION%20SELECT%20password%20FROM%20users`, 200)).join('\n'));
    const env = { ...process.env, FIREBREAK_DATA_DIR: cliData, HOME: cliData };
    const child = spawn(process.execPath, [cliPath, 'scan', 'logs', file, '--json'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Nothing read for a second: the scan is done and its answer waits on a full pipe.
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    expect(await exited).toBe(1);
    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer.length).toBeGreaterThan(1024 * 1024);
    expect(JSON.parse(answer).value.findings.filter((finding: { category: string }) => finding.category === 'sqli')).toHaveLength(20_000);

    const full = fs.openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [cliPath, 'scan', 'logs', file, '--json'], { env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(run.stderr).toBe('firebreak: could not write the output: no space left on device (ENOSPC)\n');
      expect(run.status).toBe(2);
    } finally {
      fs.closeSync(full);
    }
  }, 120_000);

  it('scans a file padded with blank lines (a copytruncate hole, a wiped log) no slower per byte than a real access log', () => {
    const bytes = 16 * 1024 * 1024;
    const blank = write('blank.log', Buffer.alloc(bytes, 0x0a));
    const line = `${access('198.51.100.3', '23/Nov/2026:14:15:02 +0000', '/products/42?ref=home', 200)}\n`;
    const real = write('real.log', line.repeat(Math.ceil(bytes / line.length)));
    const blankRun = scanCli([blank, '--json']).json.value.stats;
    const realRun = scanCli([real, '--json']).json.value.stats;
    console.log(`16 MiB: blank lines ${blankRun.durationMs} ms, access lines ${realRun.durationMs} ms`);
    // The floor keeps a busy machine's noise out; split as text, the blank lines took 960 ms.
    expect(blankRun.durationMs).toBeLessThan(Math.max(2 * realRun.durationMs, 500));
  }, 120_000);

  it('reads each file once when a ** pattern meets symlinks that loop back (no tripled findings or inflated counts)', () => {
    const root = path.join(logs, 'tree');
    fs.mkdirSync(path.join(root, 'nginx'), { recursive: true });
    fs.symlinkSync('..', path.join(root, 'nginx', 'up'));
    fs.symlinkSync(root, path.join(root, 'self'));
    const failures = Array.from({ length: 4 }, (_, k) => access('192.0.2.77', `23/Nov/2026:14:15:0${k} +0000`, '/login', 401));
    fs.writeFileSync(path.join(root, 'nginx', 'access.log'), `${failures.join('\n')}\n`);
    const { json } = scanCli([path.join(root, '**', '*.log'), '--json']);
    expect(json.value.stats).toMatchObject({ files: 1, lines: 4 });
    expect(json.value.findings).toHaveLength(4);
    expect(json.value.aggregates).toEqual([]);
  });

  it('keeps scanning when one JSON line carries a time no date can hold (1e300), instead of failing the whole scan', () => {
    const lines = [
      JSON.stringify({ time: '2026-11-23T14:15:04Z', ip: '203.0.113.9', path: '/.env', status: 404 }),
      '{"time":1e300,"ip":"203.0.113.9","path":"/.git/config","status":404}',
      JSON.stringify({ time: '2026-11-23T14:15:06Z', ip: '203.0.113.9', path: '/wp-config.php.bak', status: 404 }),
    ];
    const { json } = scanCli([write('forged-time.log', `${lines.join('\n')}\n`), '--json']);
    expect(json.ok).toBe(true);
    expect(json.value.findings.map((finding: { line: number; time: string | null }) => [finding.line, finding.time])).toEqual([
      [1, '2026-11-23T14:15:04.000Z'],
      [2, null],
      [3, '2026-11-23T14:15:06.000Z'],
    ]);
  });

  it('answers each unreadable or strange path with a reason, and reads damaged gzip as far as it goes', () => {
    const fifo = path.join(logs, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync('loop-b.log', path.join(logs, 'loop-a.log'));
    fs.symlinkSync('loop-a.log', path.join(logs, 'loop-b.log'));
    const gzipped = zlib.gzipSync(`${access('198.51.100.3', '23/Nov/2026:14:15:02 +0000', '/.git/config', 404)}\n`.repeat(1000));
    const truncated = write('truncated.log.gz', gzipped.subarray(0, Math.floor(gzipped.length / 2)));
    const notGzip = write('rotated.log.gz', `${access('198.51.100.3', '23/Nov/2026:14:15:02 +0000', '/.git/config', 404)}\n`);
    const nul = write('nul.log', Buffer.alloc(1024 * 1024));
    const bomb = write('bomb.log.gz', zlib.gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 }));
    for (const refused of [fifo, '/dev/zero', path.join(logs, 'loop-a.log')]) {
      expect(scanCli([refused, '--json']).json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const { json } = scanCli([truncated, notGzip, nul, bomb, '--json']);
    expect(json.ok).toBe(true);
    expect(json.value.stats.skipped.map((skip: { file: string }) => skip.file)).toEqual([truncated]);
    const probes = json.value.findings.filter((finding: { category: string }) => finding.category === 'sensitive-file');
    expect(new Set(probes.map((finding: { file: string }) => finding.file))).toEqual(new Set([truncated, notGzip]));
  }, 120_000);
});

describe('secrets at the edge of an excerpt', () => {
  it('redacts a token the 300-character excerpt cut falls inside, leaving no part of it that identifies it', () => {
    const token = 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5';
    const head = access('203.0.113.9', '23/Nov/2026:14:15:05 +0000', '/.git/config?', 404).split('/.git/config?')[0]! + 'GET /.git/config?';
    const lines = [280, 290, 296].map((at) => access('203.0.113.9', '23/Nov/2026:14:15:05 +0000', `/.git/config?${'a'.repeat(at - head.length)}&t=${token}`, 404));
    const { json, status } = scanCli([write('cut.log', `${lines.join('\n')}\n`), '--json']);
    expect(status).toBeLessThan(2);
    const excerpts: string[] = json.value.findings.map((finding: { excerpt: string }) => finding.excerpt);
    expect(excerpts).toHaveLength(3);
    expect(excerpts.filter((excerpt) => excerpt.length > 300 || excerpt.includes(token.slice(4, 12)))).toEqual([]);
  });
});

describe('correlation across messy logs', () => {
  it('counts one address written as IPv4, IPv4-mapped IPv6 and in several IPv6 spellings as one source', () => {
    const v4 = ['203.0.113.7', '::ffff:203.0.113.7', '::FFFF:203.0.113.7', '::ffff:cb00:7107'];
    const v6 = ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8:0000::0001'];
    const lines = [...v4, ...v6].flatMap((ip, spelling) =>
      Array.from({ length: 4 }, (_, k) => access(ip, `23/Nov/2026:14:1${spelling < 4 ? 5 : 7}:${String(spelling * 6 + k).padStart(2, '0')} +0000`, '/login', 401)),
    );
    const { json } = scanCli([write('mapped.log', `${lines.join('\n')}\n`), '--json']);
    expect(json.value.aggregates.map((aggregate: { kind: string; count: number }) => [aggregate.kind, aggregate.count])).toEqual([
      ['brute-force', 16],
      ['brute-force', 12],
    ]);
    expect(json.value.topIps).toHaveLength(2);
  });

  it('finds one burst across logs of several servers concatenated out of order and written in two time zones', () => {
    const lines = [
      ...Array.from({ length: 6 }, (_, k) => access('198.51.100.4', `23/Nov/2026:15:10:${k}0 +0100`, '/login', 401)),
      ...Array.from({ length: 6 }, (_, k) => access('198.51.100.4', `23/Nov/2026:14:09:${k}0 +0000`, '/login', 401)),
    ];
    const { json } = scanCli([write('concatenated.log', `${lines.join('\n')}\n`), '--json']);
    expect(json.value.aggregates).toMatchObject([{ kind: 'brute-force', ip: '198.51.100.4', count: 12, from: '2026-11-23T14:09:00.000Z', to: '2026-11-23T14:10:50.000Z' }]);
  });
});

describe('the log operations over HTTP', () => {
  let served: ServedConsole;
  const serveData = path.join(work, 'serve-data');
  const ok = async (name: string, input: unknown) => {
    const answer = await apiCall(served, name, input);
    if (answer.status !== 200 || !answer.body.ok) throw new Error(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.value;
  };
  let incidentA: string;
  let incidentB: string;
  let scanA: string;
  let scanB: string;
  let findingOfB: number;

  beforeAll(async () => {
    fs.mkdirSync(serveData);
    served = await serveConsole(serveData);
    incidentA = (await ok('incident.declare', { title: 'Shop database dumped', severity: 'P1' })).id;
    incidentB = (await ok('incident.declare', { title: 'Unrelated phishing', severity: 'P3' })).id;
    const probes = write('probes.log', ['/.git/config', '/.env', '/wp-config.php.bak'].map((probe) => access('203.0.113.7', '23/Nov/2026:14:15:02 +0000', probe, 404)).join('\n'));
    scanA = (await ok('scan.logs', { paths: [probes], incidentId: incidentA })).scanId;
    scanB = (await ok('scan.logs', { paths: [probes], incidentId: incidentB })).scanId;
    findingOfB = (await ok('logs.list', { incidentId: incidentB, scanId: scanB })).findings[0].id;
  }, 60_000);
  afterAll(() => served?.stop());

  it('answers hostile inputs with invalid-input or not-found, never a 500, and nothing of another incident', async () => {
    const garbage = Buffer.from('{"scanId":"LS-00000000","after":[1,"x"]}').toString('base64url');
    const listCursor: string = (await ok('logs.list', { incidentId: incidentB, scanId: scanB, limit: 1 })).nextCursor;
    const cases: [string, string, unknown][] = [
      ['100,000 paths', 'scan.logs', { paths: Array.from({ length: 100_000 }, (_, i) => `/tmp/none-${i}.log`) }],
      ['since after until', 'scan.logs', { paths: ['/etc/hostname'], since: '2026-11-24T00:00:00Z', until: '2026-11-23T00:00:00Z' }],
      ['since on 30 February', 'scan.logs', { paths: ['/etc/hostname'], since: '2026-02-30T00:00:00Z' }],
      ['a scan of another incident', 'logs.list', { incidentId: incidentA, scanId: scanB }],
      ['garbage cursor', 'logs.list', { incidentId: incidentA, cursor: garbage }],
      ['cursor of another incident', 'logs.list', { incidentId: incidentA, cursor: listCursor }],
      ['logs cursor on scan.list', 'scan.list', { incidentId: incidentA, cursor: listCursor }],
      ['ip of 10,000 characters', 'logs.list', { incidentId: incidentA, ip: '1'.repeat(10_000) }],
      ['injection in the category filter', 'logs.list', { incidentId: incidentA, category: ["sqli' OR 1=1--"] }],
      ['finding of another incident', 'logs.promote', { incidentId: incidentA, scanId: scanA, findingId: findingOfB }],
      ['negative findingId', 'logs.promote', { incidentId: incidentA, scanId: scanA, findingId: -1 }],
      ['float findingId', 'logs.promote', { incidentId: incidentA, scanId: scanA, findingId: 1.5 }],
      ['huge findingId', 'logs.promote', { incidentId: incidentA, scanId: scanA, findingId: 2 ** 63 }],
    ];
    const answers = [];
    for (const [what, name, input] of cases) {
      const { status, body } = await apiCall(served, name, input);
      answers.push([what, status < 500 && body.ok === false && ['invalid-input', 'not-found'].includes(body.error.code) && !JSON.stringify(body).includes(incidentB)]);
    }
    expect(answers).toEqual(cases.map(([what]) => [what, true]));
    // Still serving after all of it.
    expect((await apiCall(served, 'incident.get', { id: incidentA })).status).toBe(200);
  }, 60_000);

  it('refuses /proc/self/mem (a file that cannot be read from its start) with a clear answer, not an internal error', async () => {
    const { status, body } = await apiCall(served, 'scan.logs', { paths: ['/proc/self/mem'], incidentId: incidentA });
    expect([status, body.ok, body.error?.code]).toEqual([400, false, 'invalid-input']);
  });

  it('keeps passwords in URLs, a referrer and a JSON Authorization header out of excerpts, the timeline and the database file', async () => {
    const secrets = ['Sup3rS3cretPassw0rd', 'Tr0ub4dorAnd3', 'CorrectHorse99', '4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'];
    const accessFile = write('secrets-access.log', [
      access('203.0.113.9', '23/Nov/2026:14:15:02 +0000', `/login?user=admin%27--&password=${secrets[0]}`, 401),
      access('203.0.113.9', '23/Nov/2026:14:15:03 +0000', '/.env', 404, `https://shop.example/login?username=bob&password=${secrets[1]}`),
    ].join('\n'));
    const jsonFile = write('secrets-app.log', [
      JSON.stringify({ time: '2026-11-23T14:15:04Z', ip: '203.0.113.9', path: '/login', query: `user=bob&passwd=${secrets[2]}`, status: 401 }),
      JSON.stringify({ time: '2026-11-23T14:15:05Z', ip: '203.0.113.9', path: '/.env', status: 404, headers: { authorization: `Bearer ${secrets[3]}` } }),
    ].join('\n'));
    const scanned = await ok('scan.logs', { paths: [accessFile, jsonFile], incidentId: incidentA });
    expect(scanned.findings.length).toBeGreaterThanOrEqual(4);
    const stored = await ok('logs.list', { incidentId: incidentA, scanId: scanned.scanId });
    for (const finding of stored.findings) await ok('logs.promote', { incidentId: incidentA, scanId: scanned.scanId, findingId: finding.id });
    const detail = await ok('incident.get', { id: incidentA });
    const database = fs
      .readdirSync(serveData)
      .filter((name) => name.startsWith('firebreak.sqlite'))
      .map((name) => fs.readFileSync(path.join(serveData, name)).toString('latin1'))
      .join('');
    const leaked = (text: string) => secrets.filter((secret) => text.includes(secret));
    expect({ excerpts: leaked(JSON.stringify(scanned.findings)), timeline: leaked(JSON.stringify(detail.timeline)), database: leaked(database) }).toEqual({ excerpts: [], timeline: [], database: [] });
  }, 60_000);
});
