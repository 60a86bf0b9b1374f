/**
 * Start-up: from launching browser mode (`firebreak serve`) to the dashboard rendered in Chromium
 * with 1,000 incidents in the database. Reference in the same run: a minimal Node static server
 * serving a pre-rendered 1,000-row table, loaded by the same Chromium. Goal: under 1 second.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { launchChromium } from '../support/browser';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { median, writeReport } from './report';

const incidentCount = 1_000;
const runs = Number(process.env.BENCH_RUNS ?? 11);

function seed(dataDir: string): void {
  let now = Date.parse('2026-11-23T00:00:00.000Z');
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date((now += 7_000)) });
  ctx.db.pragma('synchronous = OFF'); // seeding only: durability is not what is measured
  const severities = ['P0', 'P1', 'P2', 'P3'];
  for (let i = 0; i < incidentCount; i += 1) {
    const result = dispatch(ctx, 'incident.declare', { title: `Seeded incident ${i}: suspicious activity on host-${i % 37}`, severity: severities[i % 4], impact: { confidentiality: i % 2 === 0, integrity: false, availability: i % 3 === 0 } });
    if (!result.ok) throw new Error(result.error.message);
  }
  ctx.db.close();
}

/** Spawns a process that prints a URL on its first stdout line; returns it and the process. */
async function launch(command: string, args: string[], env: NodeJS.ProcessEnv, parse: (line: string) => string) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, url: parse(line) };
}

const referenceServer = `
const http = require('node:http');
const rows = Array.from({ length: ${incidentCount} }, (_, i) => '<tr class="incident-row"><td>' + i + '</td><td>Seeded incident ' + i + '</td></tr>').join('');
const page = '<!doctype html><table>' + rows + '</table>';
const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page); });
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/'));
`;

async function main() {
  const dataDir = tempDataDir('firebreak-bench-startup-');
  const seedStarted = performance.now();
  seed(dataDir);
  console.log(`seeded ${incidentCount} incidents in ${(performance.now() - seedStarted).toFixed(0)} ms`);

  const launchStarted = performance.now();
  const browser = await launchChromium();
  const chromiumLaunchMs = performance.now() - launchStarted;

  async function measure(start: () => Promise<{ child: ReturnType<typeof spawn>; url: string }>): Promise<number> {
    const page = await browser.newPage();
    const started = performance.now();
    const { child, url } = await start();
    await page.goto(url);
    // Checked every animation frame: locator.waitFor backs off to 100-500 ms polls, which would swamp the figure.
    await page.waitForFunction((count) => document.querySelectorAll('.incident-row').length >= count, incidentCount, { polling: 'raf' });
    const elapsed = performance.now() - started;
    child.kill('SIGTERM');
    await page.close();
    return elapsed;
  }

  const firebreak: number[] = [];
  const reference: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    firebreak.push(await measure(() => launch(process.execPath, [cliPath, 'serve', '--no-open', '--json'], { FIREBREAK_DATA_DIR: dataDir }, (line) => JSON.parse(line).value.url)));
    reference.push(await measure(() => launch(process.execPath, ['-e', referenceServer], {}, (line) => line)));
  }
  await browser.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const firebreakMs = median(firebreak);
  const referenceMs = median(reference);
  writeReport('startup', {
    incidents: incidentCount,
    runs,
    firebreakMedianMs: Math.round(firebreakMs),
    firebreakRunsMs: firebreak.map(Math.round),
    referenceMedianMs: Math.round(referenceMs),
    referenceRunsMs: reference.map(Math.round),
    ratioToReference: Number((firebreakMs / referenceMs).toFixed(2)),
    chromiumLaunchMs: Math.round(chromiumLaunchMs),
    goalMs: 1_000,
    meetsGoal: firebreakMs < 1_000,
  });
  if (firebreakMs >= 1_000) process.exitCode = 1;
}

void main();
