import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'layout');
let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
let spoofedId: string;
let longId: string;
const spoofedTitle = 'Payroll mail with attachment invoice\u202Egpj.exe opened on the finance laptop';
const longTitle = 'Customer database credentials exposed in a public GitHub gist by a contractor';
const hugeNote = Array.from({ length: 400 }, (_, i) => `${String(i).padStart(3, '0')} GET /api/export?page=${i} 200 from 203.0.113.7`).join(' ').slice(0, 20_000).padEnd(20_000, '.');

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-layout-');
  fs.mkdirSync(shotsDir, { recursive: true });
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
  // Five open incidents, as a responder saw them when the issue was filed.
  const declare = async (title: string, severity: string) => (await apiCall(served, 'incident.declare', { title, severity })).body.value.id as string;
  await declare('Brute force on /login from one /24', 'P3');
  await declare('Status page shows partial outage for EU customers since the deploy', 'P2');
  longId = await declare(longTitle, 'P1');
  await declare('Ransom note found on the build server after a weekend of strange logins', 'P0');
  spoofedId = await declare(spoofedTitle, 'P1');
  await apiCall(served, 'incident.addNote', { id: spoofedId, text: 'Attachment was invoice\u202Egpj.exe, not a picture' });
  await apiCall(served, 'incident.addNote', { id: longId, text: hugeNote });
  await apiCall(served, 'incident.addNote', { id: longId, text: 'ترتيب التسريب: تم تدوير المفتاح' });
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The page never scrolls sideways: the document is no wider than the window. */
async function expectNoSidewaysScroll(what: string) {
  await expect
    .poll(() => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth), { message: `${what} scrolls sideways at ${page.viewportSize()!.width} px` })
    .toBeLessThanOrEqual(0);
}

/** Each screen at both window sizes, in the dark and the light theme, checked for sideways scroll. */
async function shoot(name: string, focus?: string) {
  await screenshotThemes(page, shotsDir, name, () => page.evaluate((selector) => (selector ? document.querySelector(selector)!.scrollIntoView({ block: 'center' }) : window.scrollTo(0, 0)), focus ?? null));
}

async function openDashboard() {
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.locator('.incident-row').nth(4).waitFor();
}

async function openIncident(id: string, tab = '') {
  await page.evaluate((hash) => (location.hash = hash), `#/incident/${id}${tab ? `/${tab}` : ''}`);
  await page.locator('.incident-title-row h1').waitFor();
}

describe('laptop screens and user text', () => {
  it('the dashboard fits 1024 px without sideways scroll and gives titles the room', async () => {
    await openDashboard();
    await page.setViewportSize(screenSizes[1]);
    await expectNoSidewaysScroll('the dashboard');
    // The title column takes what the other columns leave: well past 30 characters on a laptop, twice the SLA's width.
    const cell = page.locator('.incident-row', { hasText: longTitle.slice(0, 20) }).locator('.title-cell');
    const visibleChars = () =>
      cell.evaluate((element) => {
        const style = getComputedStyle(element);
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return Math.floor(((element.clientWidth - padding) / (element.scrollWidth - padding)) * element.textContent!.length);
      });
    for (const [size, atLeast] of [[screenSizes[1], 38], [screenSizes[0], 42]] as const) {
      await page.setViewportSize(size);
      expect(await visibleChars()).toBeGreaterThanOrEqual(atLeast);
      const sla = await page.locator('.incident-row').first().locator('[role=cell]').first().boundingBox();
      expect((await cell.boundingBox())!.width).toBeGreaterThan(1.6 * sla!.width);
    }
    // A title too long for its cell ends in an ellipsis, and the whole title is in its tooltip.
    expect(await cell.evaluate((element) => getComputedStyle(element).textOverflow)).toBe('ellipsis');
    expect(await cell.getAttribute('title')).toBe(longTitle);
    await shoot('dashboard');
  });

  it('shows the right-to-left override in a title, on the dashboard and in the header', async () => {
    await openDashboard();
    const cell = page.locator('.incident-row', { hasText: 'Payroll mail' }).locator('.title-cell');
    await expect.poll(() => cell.innerText()).toContain('invoice⟨RLO⟩gpj.exe');
    expect(await cell.getAttribute('title')).toBe('Payroll mail with attachment invoice⟨RLO⟩gpj.exe opened on the finance laptop');
    // The control itself is gone from what is drawn: nothing after it is reversed.
    expect(await cell.innerText()).not.toContain('\u202E');
    expect(await cell.locator('[dir=auto]').count()).toBe(1);
    await openIncident(spoofedId);
    const heading = page.locator('.incident-title-row h1');
    expect(await heading.getAttribute('dir')).toBe('auto');
    expect(await heading.innerText()).toContain('invoice⟨RLO⟩gpj.exe opened');
  });

  it('shows the override in a timeline note, keeps Arabic notes right-to-left and collapses a 20,000-character note', async () => {
    await openDashboard();
    await openIncident(spoofedId);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Attachment was invoice').waitFor();
    expect(await timeline.locator('.timeline-entry', { hasText: 'Attachment was' }).innerText()).toContain('invoice⟨RLO⟩gpj.exe, not a picture');

    // A step someone added, and its command: the override shows there too, and the command stays left to right.
    const step = await apiCall(served, 'checklist.addStep', { id: spoofedId, phase: 'Identify', text: 'Pull invoice\u202Egpj.exe from every mailbox', command: 'find /srv/mail -name "invoice\u202Egpj.exe" -delete' });
    expect(step.body.ok).toBe(true);
    await page.reload();
    const added = page.locator('.step', { hasText: 'Pull invoice' });
    await expect.poll(() => added.innerText()).toContain('Pull invoice⟨RLO⟩gpj.exe from every mailbox');
    expect(await added.locator('.command code').innerText()).toContain('-name "invoice⟨RLO⟩gpj.exe" -delete');
    expect(await added.locator('.command code [dir=auto]').count()).toBe(0);

    await openIncident(longId);
    const arabic = timeline.locator('.timeline-summary [dir=auto]', { hasText: 'ترتيب' });
    expect(await arabic.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    const huge = timeline.locator('.timeline-entry', { hasText: '000 GET /api/export' });
    const toggle = huge.getByRole('button', { name: /^Show all \([\d,]+ more characters\)$/ });
    await toggle.waitFor();
    expect((await huge.boundingBox())!.height).toBeLessThan(400);
    expect((await timeline.boundingBox())!.height).toBeLessThan(1200);
    await shoot('incident');
    await shoot('incident-long-note', '.timeline-entry:has(.long-text-toggle)');
    await toggle.click();
    await huge.getByRole('button', { name: 'Show less' }).waitFor();
    expect(await huge.innerText()).toContain(hugeNote.slice(-200));
    expect((await huge.boundingBox())!.height).toBeGreaterThan(2000);
    await huge.getByRole('button', { name: 'Show less' }).click();
    await toggle.waitFor();
  });

  it('shows the override in a quarantined file name on the Evidence tab', async () => {
    const suspicious = path.join(work, 'downloads', 'invoice\u202Egpj.exe');
    fs.mkdirSync(path.dirname(suspicious), { recursive: true });
    fs.writeFileSync(suspicious, 'MZ not really a picture');
    const added = await apiCall(served, 'quarantine.add', { file: suspicious, incidentId: spoofedId });
    expect(added.body.ok).toBe(true);
    await openDashboard();
    await openIncident(spoofedId, 'evidence');
    const row = page.locator('.quarantine-table tr', { hasText: added.body.value.id });
    await expect.poll(() => row.innerText()).toContain('invoice⟨RLO⟩gpj.exe');
    await shoot('evidence', '.quarantine-table');
    await openIncident(spoofedId, 'scans');
    await page.getByRole('region', { name: /scan/i }).first().waitFor();
    await shoot('scans');
  });

  it('follows a light system preference, and the switch in the top bar overrides it across a reload', async () => {
    // A second window of the same browser session, opened by a system set to light.
    const context = await page.context().browser()!.newContext({ viewport: screenSizes[1], colorScheme: 'light' });
    await context.addCookies(await page.context().cookies());
    const light = await context.newPage();
    try {
      await light.goto(served.origin);
      await light.getByRole('heading', { name: 'Open incidents' }).waitFor();
      const background = () => light.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      const luminance = async () => {
        const [r, g, b] = (await background()).match(/\d+/g)!.map(Number);
        return (r! + g! + b!) / 3;
      };
      expect(await luminance()).toBeGreaterThan(200);
      const theme = light.getByRole('combobox', { name: 'Theme' });
      expect(await theme.inputValue()).toBe('system');
      await theme.selectOption('dark');
      await expect.poll(luminance).toBeLessThan(60);
      await light.reload();
      await light.getByRole('heading', { name: 'Open incidents' }).waitFor();
      expect(await light.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('dark');
      expect(await luminance()).toBeLessThan(60);
      await light.getByRole('combobox', { name: 'Theme' }).selectOption('system');
      await expect.poll(luminance).toBeGreaterThan(200);
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
