import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { launchChromium } from './support/chromium';
import { cliPath } from './support/consoleServer';

async function main() {
  const browser = await launchChromium();
  const child = spawn(process.execPath, [cliPath, 'serve', '--no-open', '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: '/tmp/fb-seed/data', HOME: '/tmp/fb-seed/home' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  const url = JSON.parse(line).value.url;
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction((count) => document.querySelectorAll('.incident-row').length >= count, 1000, { polling: 'raf', timeout: 90_000 }).catch(async (e) => { console.log('rows', await page.evaluate(() => document.querySelectorAll('.incident-row').length), await page.content().then((c) => c.slice(0, 2000))); child.kill('SIGTERM'); throw e; });
  console.log('elapsed', Date.now() - t0);
  const { profile } = await cdp.send('Profiler.stop');
  fs.writeFileSync(process.argv[2]!, JSON.stringify(profile));
  const timing = await page.evaluate(() => JSON.stringify(performance.getEntries().map((e) => ({ n: e.name.slice(-40), t: e.entryType, s: Math.round(e.startTime), d: Math.round(e.duration) }))));
  console.log(timing);
  child.kill('SIGTERM');
  await browser.close();
}
void main();
