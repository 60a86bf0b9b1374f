import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { apiCall, repoRoot, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

let browser: Browser;
let served: ServedConsole;
let work: string;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-evidence-');
  fs.mkdirSync(path.join(work, 'logs'));
  fs.writeFileSync(path.join(work, 'logs', 'nginx-access.log'), '203.0.113.7 - - "GET /admin" 401\n'.repeat(200));
  fs.writeFileSync(path.join(work, 'logs', 'app.log'), 'ERROR token=redacted\n'.repeat(50));
  browser = await launchChromium();
  served = await serveConsole(path.join(work, 'data'));
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser.close();
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('evidence on the incident page', () => {
  it('collects, shows the hash and chain of custody, verifies and records a hand-over', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Admin panel brute force', severity: 'P1', scenario: 'credential-compromise' });
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.evaluate((id) => (location.hash = `#/incident/${id}`), body.value.id);
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByLabel('Files and folders to collect, one per line').fill(path.join(work, 'logs'));
    await evidence.getByLabel('Save the archive as').fill(path.join(work, 'out', 'brute-force.tar.gz'));
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();
    await evidence.getByText(/^Collected 2 files/).waitFor();
    const item = evidence.locator('.evidence-item').first();
    const sha = fs.readFileSync(path.join(work, 'out', 'brute-force.tar.gz.sha256'), 'utf8').split(' ')[0];
    await item.getByText(`sha256 ${sha}`).waitFor();

    await item.getByRole('button', { name: 'Verify' }).click();
    await item.getByText('Intact: 2 files match, signature valid').waitFor();
    await item.getByLabel('Custody detail').fill('to Legal (Dana), sealed drive #4');
    await item.getByRole('button', { name: 'Add to custody log' }).click();
    const custody = item.getByRole('list', { name: /Chain of custody/ });
    await expect.poll(async () => (await custody.locator('strong').allTextContents())).toEqual(['collected', 'verified', 'handed-over']);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', 'evidence.png'), fullPage: true });
    await page.getByRole('list', { name: 'Timeline' }).getByText(/handed-over: to Legal \(Dana\), sealed drive #4/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
