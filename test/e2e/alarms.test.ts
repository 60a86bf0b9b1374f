import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'alarms');
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let resourcesDir: string;
let tempRoot: string;
let page: Page;
let pageErrors: string[];
const ids: Record<'p0' | 'p2' | 'p3a' | 'p3b', string> = { p0: '', p2: '', p3a: '', p3b: '' };

async function call<T>(name: string, input: unknown): Promise<T> {
  const { body } = await apiCall(served, name, input);
  if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
  return body.value as T;
}

/** What the window shows at each size (not the full page: the sticky bars stay where they are). */
async function shots(name: string): Promise<void> {
  const scrollY = await page.evaluate(() => window.scrollY);
  await screenshotThemes(page, shotsDir, name, () => page.evaluate((y) => window.scrollTo(0, y), scrollY));
}

const alarmIncidents = () => page.locator('.alarm .alarm-incident').allTextContents();
/** The incident a line names ("INC-…: title"), whole: an id declared in the same second gets a suffix (INC-…-2), so a substring match would mistake one for the other. */
const incidentOf = (text: string | null | undefined) => (text ?? '').slice(0, (text ?? '').indexOf(':'));
const alarmIncidentIds = async () => (await alarmIncidents()).map(incidentOf);

beforeAll(async () => {
  // A P0 whose response SLA runs out after one minute: a copy of the shipped resources with that window shortened.
  // The server finds the built console beside resources/ (../dist/renderer): linked in.
  tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-resources-'));
  fs.symlinkSync(path.join(repoRoot, 'dist'), path.join(tempRoot, 'dist'));
  resourcesDir = path.join(tempRoot, 'resources');
  fs.cpSync(path.join(repoRoot, 'resources'), resourcesDir, { recursive: true });
  const schemesFile = path.join(resourcesDir, 'severity-schemes.json');
  const schemes = JSON.parse(fs.readFileSync(schemesFile, 'utf8'));
  schemes.schemes.find((scheme: { id: string }) => scheme.id === 'p0-p3').levels[0].responseMinutes = 1;
  fs.writeFileSync(schemesFile, JSON.stringify(schemes));
  process.env.FIREBREAK_RESOURCES_DIR = resourcesDir;

  dataDir = tempDataDir();
  session = await openConsolePage(dataDir, screenSizes[0]);
  ({ served, page, pageErrors } = session);
  ids.p0 = (await call<{ id: string }>('incident.declare', { title: 'Customer database exfiltrated through a leaked admin key', severity: 'P0', scenario: 'secret-leaked' })).id;
  // Newer and less severe: they must not push the P0 out of sight.
  ids.p3a = (await call<{ id: string }>('incident.declare', { title: 'Typo in the security.txt contact', severity: 'P3' })).id;
  ids.p2 = (await call<{ id: string }>('incident.declare', { title: 'Phishing mail reported by finance', severity: 'P2' })).id;
  ids.p3b = (await call<{ id: string }>('incident.declare', { title: 'Old TLS cipher on the status page', severity: 'P3', scenario: 'secret-leaked' })).id;
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session?.close();
  delete process.env.FIREBREAK_RESOURCES_DIR;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(tempRoot, { recursive: true, force: true });
});

describe('alarms by urgency in Chromium', () => {
  it('lists the P0 first above newer P2 and P3 reminders, one line each, and names a contact as soon as it is added', async () => {
    await expect.poll(async () => (await alarmIncidents()).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const shown = await alarmIncidents();
    expect(shown.map(incidentOf)).toEqual([ids.p0, ids.p2, ids.p3a]);
    await page.getByRole('button', { name: '1 more alarm, less urgent: show' }).waitFor();
    const p0Line = page.locator('.alarm').first();
    await expect.poll(() => p0Line.textContent()).toContain('no matching contacts');

    // At 1024×700 the banners leave the dashboard in view.
    await page.setViewportSize(screenSizes[1]);
    // The banner shows fewer lines once the window is short (a media query the page follows).
    await expect.poll(() => page.locator('.alarms').evaluate((element) => element.getBoundingClientRect().height)).toBeLessThanOrEqual(0.15 * 700);
    for (const line of await page.locator('.alarm').all()) expect(await line.evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(34);
    await page.setViewportSize(screenSizes[0]);
    await shots('dashboard-p0-first');

    await call('contacts.save', { name: 'Ana Lima', role: 'Security', email: 'ana@example.com' });
    await expect.poll(() => p0Line.textContent()).toContain('Ana Lima · ana@example.com');
    expect(await p0Line.textContent()).not.toContain('no matching contacts');
  });

  it('marks the overdue P0 in its banner and in the window title', async () => {
    await expect.poll(() => page.title(), { timeout: 100_000, interval: 1_000 }).toMatch(/^⚠ SLA overdue · P0 Customer database exfiltrated/);
    expect(await page.title()).toMatch(/ — Firebreak$/);
    const first = page.locator('.alarm').first();
    await expect.poll(() => first.textContent(), { timeout: 15_000 }).toContain('SLA overdue');
    expect(incidentOf(await first.locator('.alarm-incident').textContent())).toBe(ids.p0);
    await shots('dashboard-p0-overdue');
  }, 130_000);

  it('pins the open incident, keeps its header in view while the checklist scrolls, and shows T+ times', async () => {
    await page.evaluate((id) => (window.location.hash = `#/incident/${id}`), ids.p3b);
    await page.getByRole('heading', { name: 'Old TLS cipher on the status page' }).waitFor();
    await page.getByRole('region', { name: 'Checklist' }).locator('[data-step-id]').first().waitFor();
    // Opening does not scroll: the header is read first.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // The incident on screen comes first; the overdue P0 right after it.
    await expect.poll(async () => (await alarmIncidentIds())[0]).toBe(ids.p3b);
    expect(await page.locator('.alarm').first().textContent()).toContain('this incident');
    expect((await alarmIncidentIds())[1]).toBe(ids.p0);

    const since = await page.locator('.timeline .since-declared').allTextContents();
    expect(since.length).toBeGreaterThan(0);
    for (const text of since) expect(text).toMatch(/^T\+\d+ min$/);

    await page.locator('[data-step-id]').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 3_000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    const header = page.locator('.incident-sticky');
    const box = await header.boundingBox();
    const topbar = await page.locator('.topbar').boundingBox();
    expect(box!.y).toBeCloseTo(topbar!.height, 0);
    await expect.poll(() => page.getByRole('button', { name: 'Acknowledge', exact: true }).isVisible()).toBe(true);
    expect(await header.getByRole('timer').count()).toBe(1);
    await shots('incident-scrolled');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots('incident-top');
  });

  it('clears the reminders of an incident once it is closed', async () => {
    expect((await call<{ status: string }>('incident.setStatus', { id: ids.p0, status: 'Closed' })).status).toBe('Closed');
    await expect.poll(alarmIncidentIds, { timeout: 15_000 }).not.toContain(ids.p0);
    // The others stay.
    expect(await alarmIncidentIds()).toEqual(expect.arrayContaining([ids.p2, ids.p3a, ids.p3b]));
    await expect.poll(() => page.title()).not.toContain('SLA overdue');
    await shots('incident-after-close');
    expect(pageErrors).toEqual([]);
  });
});
