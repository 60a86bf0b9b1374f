import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLauncherPage } from '../../src-main/cli/openBrowser';
import { launchChromium } from '../support/browser';
import { serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

let served: ServedConsole;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  served = await serveConsole(dataDir);
});
afterAll(async () => {
  await served.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the page the console window is opened with', () => {
  // The real `npm start` window cannot be driven here (it is a detached app window): the same
  // Chromium opens the same launcher page instead.
  it('takes Chromium from a file only this user can read to the console, with a session', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(writeLauncherPage(served.url, dataDir));
      await page.waitForURL(`${served.origin}/`);
      await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
      const cookies = await page.context().cookies(served.origin);
      expect(cookies).toEqual([expect.objectContaining({ name: `firebreak-session-${served.port}`, httpOnly: true, sameSite: 'Strict' })]);
      // The link behind the page has been used: someone who read the page later gets nothing from it.
      const again = await fetch(served.url, { redirect: 'manual' });
      expect(again.status).toBe(403);
    } finally {
      await browser.close();
    }
  });
});
