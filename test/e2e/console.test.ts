import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { apiCall, repoRoot, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

const screenshotDir = path.join(repoRoot, 'test-results', 'screens');
let browser: Browser;
let served: ServedConsole;
let dataDir: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  dataDir = tempDataDir();
  served = await serveConsole(dataDir);
  page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterEach(async () => {
  await page.close();
  await served.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

describe('console in Chromium (browser mode)', () => {
  it('declares an incident from the keyboard, shows it on the dashboard and keeps it across a reload', async () => {
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByLabel('Title').fill('GitHub token pushed to public repo');
    await dialog.getByText('High', { exact: true }).click();
    await dialog.getByLabel(/Confidentiality/).check();
    await dialog.getByLabel('Detected by').fill('secret scanning alert');
    await shot('declare-filled');
    await page.keyboard.press('Control+Enter');

    await expect.poll(() => page.url()).toMatch(/#\/incident\/INC-\d{8}-\d{6}/);
    const id = /INC-[\d-]+/.exec(page.url())![0];
    await page.getByRole('heading', { name: 'GitHub token pushed to public repo' }).waitFor();
    await expect.poll(() => page.getByRole('timer').first().textContent()).toMatch(/^(59|60):\d\d left$/);
    await shot('incident-new');

    await page.keyboard.press('g');
    const row = page.locator('.incident-row', { hasText: id });
    await row.waitFor();
    expect(await row.textContent()).toContain('P1');
    await shot('dashboard-one');

    await page.reload();
    await page.locator('.incident-row', { hasText: 'GitHub token pushed to public repo' }).waitFor();
  });

  it('adds a note and moves the status forward, both on the timeline, both kept after reload', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Brute force on /login', severity: 'P2' });
    const id = body.value.id as string;
    await page.locator('.incident-row', { hasText: id }).click();
    await page.getByLabel('New note').fill('Blocked 203.0.113.7 at the WAF');
    await page.getByLabel('New note').press('Control+Enter');
    const timelineList = page.getByRole('list', { name: 'Timeline' });
    await timelineList.getByText('Blocked 203.0.113.7 at the WAF').waitFor();
    await expect.poll(() => page.getByLabel('New note').inputValue()).toBe('');
    // Containing asks first, naming what is still open.
    await page.getByRole('button', { name: 'Mark contained…' }).click();
    await page.getByRole('dialog', { name: `Mark contained: ${id}` }).getByRole('button', { name: /^Mark contained anyway/ }).click();
    await timelineList.getByText('Status Active → Contained').waitFor();
    await shot('incident-worked');

    await page.reload();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Status Active → Contained').waitFor();
    // Escalation reminders and the checklist snapshot are on the timeline too; these are the responder's own entries.
    const entries = await timeline.locator('.kind-status .timeline-summary, .kind-note .timeline-summary, .kind-declared .timeline-summary').allTextContents();
    // Containing an unacknowledged incident acknowledges it too, unless the responder unticks that.
    expect(entries).toEqual(['Status Active → Contained', 'Acknowledged: the response SLA stops', 'Blocked 203.0.113.7 at the WAF', 'Declared P2 — Brute force on /login']);
    expect(await page.locator('.incident-meta .pill').textContent()).toBe('Contained');
  });

  it('shows a clear message for invalid input and declares nothing', async () => {
    await page.getByRole('button', { name: /New incident/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByRole('button', { name: 'Declare incident' }).click();
    await dialog.getByText('Give the incident a title: what is happening, in one line.').waitFor();
    await dialog.getByText('Pick a severity: it sets the response-time SLA.').waitFor();

    await dialog.getByLabel('Title').fill('x'.repeat(300));
    await dialog.getByText('Critical', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Declare incident' }).click();
    await dialog.getByText('must be at most 200 characters').waitFor();
    await shot('declare-invalid');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const { body } = await apiCall(served, 'incident.list', { scope: 'all' });
    expect(body.value.incidents).toEqual([]);
    await page.getByText('No open incidents.').waitFor();
  });

  it('sorts by SLA urgency, searches with /, and shows the shortcuts with ?', async () => {
    await apiCall(served, 'incident.declare', { title: 'Low: outdated TLS config', severity: 'P3' });
    await apiCall(served, 'incident.declare', { title: 'Critical: database exfiltration', severity: 'P0' });
    await apiCall(served, 'incident.declare', { title: 'Medium: phishing report', severity: 'P2' });
    await page.reload();
    await page.locator('.incident-row').nth(2).waitFor();
    const titles = await page.locator('.incident-row .title-cell').allTextContents();
    expect(titles).toEqual(['Critical: database exfiltration', 'Medium: phishing report', 'Low: outdated TLS config']);
    await shot('dashboard-sorted');

    await page.keyboard.press('/');
    await page.keyboard.type('phishing');
    await expect.poll(() => page.locator('.incident-row').count()).toBe(1);
    // Escape leaves the search box and keeps the query; emptying it shows every incident again.
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Search incidents').inputValue()).toBe('phishing');
    expect(await page.locator('.incident-row').count()).toBe(1);
    await page.getByLabel('Search incidents').fill('');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.incident-row').count()).toBe(3);

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot('shortcuts');
  });

  it('refuses to show anything without the launch token', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(served.origin);
    await fresh.getByText('This console needs the link printed by firebreak serve').waitFor();
    await fresh.close();
  });
});
