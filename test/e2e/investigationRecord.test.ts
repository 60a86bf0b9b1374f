import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'investigation-record');
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let page: Page;
let id: string;
const title = 'Phishing wave: payroll credentials harvested';

// Twenty lines as a threat report lists them: defanged, mixed types, three duplicates
// (one repeated as is, two that normalise to a value already given) and one bad address.
const pasted = [
  '203.0.113[.]7',
  '198.51.100.23',
  '203.0.113.7',
  'login-update[.]com',
  'hxxps://login-update[.]com/verify',
  'hxxp://files.evil-cdn[.]net/payload.bin',
  'attacker[@]evil-cdn[.]net',
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'C:\\Users\\Public\\svch0st.exe',
  'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater',
  'svch0st.exe',
  '300.1.1.1',
  'LOGIN-UPDATE.COM',
  '192.0.2.44',
  'cdn-sync[.]io',
  '2001:db8::7',
  'ops-backup[.]net',
  'D41D8CD98F00B204E9800998ECF8427E',
].join('\n');

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  dataDir = tempDataDir('firebreak-e2e-investigation-');
  session = await openConsolePage(dataDir, screenSizes[0]);
  ({ served, page } = session);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  const declared = await apiCall(served, 'incident.declare', { title, severity: 'P1', scenario: 'generic' });
  expect(declared.body.ok).toBe(true);
  id = declared.body.value.id as string;
  await page.goto(`${served.url}#/incident/${id}/indicators`);
  await page.getByRole('heading', { name: title }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  expect(session.pageErrors).toEqual([]);
});

const shots = (name: string, inView?: () => Promise<unknown>) => screenshotThemes(page, shotsDir, name, inView);
const showTab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
const onTimeline = (text: string) => page.getByRole('list', { name: 'Timeline' }).locator('.timeline-summary', { hasText: text }).first().waitFor();

describe('the investigation record in the console', () => {
  it('an empty Indicators tab says what indicators are and how to paste a list', async () => {
    const empty = page.locator('.investigation-empty');
    await empty.getByText('No indicators yet.').waitFor();
    await empty.getByText(/one per line/).waitFor();
    await shots('indicators-empty');
  });

  it('a pasted list of 20 is previewed (counts by type, duplicates, the bad line and why), then added and shown defanged; copy gives the defanged form', async () => {
    await page.getByRole('button', { name: /Paste a list of indicators/ }).click();
    const paste = page.getByRole('form', { name: 'Paste a list of indicators' });
    await paste.getByLabel(/One indicator per line/).fill(pasted);
    await paste.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview of the pasted list' });
    const counts = preview.locator('.ioc-preview-counts');
    await counts.getByText('19 indicators').waitFor();
    expect(await counts.textContent()).toContain('16 new');
    expect(await counts.textContent()).toContain('3 duplicates (merged)');
    expect(await counts.textContent()).toContain('1 rejected');
    expect(await counts.textContent()).toMatch(/5 IP addresses/);
    const rejected = preview.getByRole('table', { name: 'Rejected lines' });
    expect(await rejected.locator('tbody tr').count()).toBe(1);
    expect(await rejected.locator('tbody tr td').first().textContent()).toBe('14');
    expect(await rejected.locator('tbody tr').textContent()).toMatch(/300/);
    // Nothing is stored by the preview.
    expect((await apiCall(served, 'ioc.list', { incidentId: id })).body.value.indicators).toEqual([]);
    await shots('indicators-preview', () => preview.scrollIntoViewIfNeeded());

    await preview.getByRole('button', { name: 'Add 16 indicators' }).click();
    await paste.getByText('Added 16 indicators, 3 merged into ones held; 1 line left out.').waitFor();
    const list = page.getByRole('table', { name: 'Indicators' });
    await list.locator('tbody tr').nth(15).waitFor();
    expect(await list.locator('tbody tr').count()).toBe(16);
    const values = await list.locator('.ioc-value').allTextContents();
    expect(values).toContain('hxxps://login-update[.]com/verify');
    expect(values).toContain('203.0.113[.]7');
    expect(values).toContain('attacker[@]evil-cdn[.]net');
    // Never a link: nothing in the list can be clicked open.
    expect(await list.locator('a').count()).toBe(0);
    const urlRow = list.locator('tr', { hasText: 'hxxps://login-update[.]com/verify' });
    await urlRow.getByRole('button', { name: /^Copy I\d+ \(defanged\)$/ }).click();
    await urlRow.getByRole('button', { name: /Copy/ }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('hxxps://login-update[.]com/verify');
    await paste.getByRole('button', { name: 'Close', exact: true }).click();
    await shots('indicators-list');
  });

  it('one value shows its detected type before it is added; TLP is edited in place and filters narrow the list', async () => {
    const form = page.getByRole('form', { name: 'Add an indicator' });
    // One held already: the detection says so, and adding it counts a second sighting.
    await form.getByLabel('Indicator').fill('203.0.113.7');
    await form.getByText('already held', { exact: false }).waitFor();
    await form.getByLabel('TLP').selectOption('clear');
    await form.getByLabel('Indicator').press('Enter');
    await form.getByText('Merged into I1 (IP address): 203.0.113[.]7 · 2 sightings · TLP:AMBER held is kept (stricter than the TLP:CLEAR picked)').waitFor();
    await shots('indicator-tlp-kept', () => form.scrollIntoViewIfNeeded());
    await expect.poll(() => page.getByRole('table', { name: 'Indicators' }).locator('tr', { hasText: '203.0.113[.]7' }).locator('.ioc-sightings').textContent()).toBe('2');
    await form.getByLabel('Indicator').fill('hxxps://payroll-portal[.]org/login');
    await form.getByRole('status').getByText('hxxps://payroll-portal[.]org/login').waitFor();
    expect(await form.locator('.ioc-detected strong').textContent()).toBe('URL');
    await form.getByLabel('TLP').selectOption('red');
    await form.getByLabel('Indicator').press('Enter');
    await form.getByText(/^Added I17 \(URL\): hxxps:\/\/payroll-portal\[\.\]org\/login/).waitFor();
    const row = page.getByRole('table', { name: 'Indicators' }).locator('tr', { hasText: 'payroll-portal' });
    await row.getByText('TLP:RED').waitFor();
    await row.getByRole('button', { name: 'Edit I17' }).click();
    await row.getByLabel('TLP').selectOption('amber+strict');
    await row.getByLabel('Tags').fill('payroll, wave-1');
    await row.getByLabel('Tags').press('Enter');
    // The row shows the saved values once the editor has closed (its TLP list holds the same words).
    await page.getByRole('form', { name: 'Edit I17' }).waitFor({ state: 'detached' });
    await row.getByText('TLP:AMBER+STRICT').waitFor();
    await row.getByText('wave-1').waitFor();
    await page.getByLabel('Show indicators of type').selectOption('url');
    expect(await page.getByRole('table', { name: 'Indicators' }).locator('tbody tr').count()).toBe(3);
    await shots('indicators-filtered');
    await page.getByLabel('Show indicators of type').selectOption('');
  });

  it('"Show on timeline" opens the Timeline tab narrowed to the indicator', async () => {
    const row = page.getByRole('table', { name: 'Indicators' }).locator('tr', { hasText: 'payroll-portal' });
    await row.getByRole('button', { name: 'Show I17 on the timeline' }).click();
    await page.waitForURL(/\/timeline$/);
    expect(await page.getByRole('tab', { name: 'Timeline', exact: true }).getAttribute('aria-selected')).toBe('true');
  });

  it('assets: added, moved to contained with a reason in place; the tab and the stepper say what Contain still waits on', async () => {
    await showTab('Assets');
    await page.locator('.investigation-empty').getByText('No affected assets yet.').waitFor();
    const form = page.getByRole('form', { name: 'Add an asset' });
    await form.getByLabel('Name').fill('web-01');
    await form.getByLabel('Owner').fill('platform team');
    await form.getByRole('button', { name: 'Add asset' }).click();
    await form.getByText('Added S1: host web-01 (suspected).').waitFor();
    await form.getByLabel('Name').fill('db-02');
    await form.getByLabel('State').selectOption('compromised');
    await form.getByRole('button', { name: 'Add asset' }).click();
    await form.getByText('Added S2: host db-02 (confirmed compromised).').waitFor();
    const summary = page.locator('.asset-waits');
    await summary.getByText('Contain waits on 2 assets (web-01, db-02)').waitFor();

    await page.getByLabel('State of web-01').selectOption('contained');
    const confirm = page.getByRole('form', { name: 'Move web-01 to contained' });
    await confirm.getByLabel('Reason (optional)').fill('isolated at the switch');
    await shots('assets-confirm', () => confirm.scrollIntoViewIfNeeded());
    await confirm.getByLabel('Reason (optional)').press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await summary.getByText('Contain waits on 1 asset (db-02)').waitFor();
    expect(await page.getByLabel('State of web-01').inputValue()).toBe('contained');

    // Esc leaves a state change undone.
    await page.getByLabel('State of db-02').selectOption('cleaned');
    await page.getByRole('form', { name: 'Move db-02 to cleaned' }).getByLabel('Reason (optional)').press('Escape');
    expect(await page.getByLabel('State of db-02').inputValue()).toBe('compromised');
    await shots('assets-list');

    const contain = page.getByRole('navigation', { name: 'Phases' }).locator('li', { hasText: 'Contain' });
    await contain.getByRole('button', { name: '1 asset' }).click();
    await page.waitForURL(/\/assets$/);
    await showTab('Response');
    await onTimeline('isolated at the switch');
  });

  it('a GDPR clock started from the header counts down beside the SLA; an overdue one says by how much; met takes a note', async () => {
    const strip = page.getByRole('group', { name: 'Regulatory clocks' });
    await strip.getByRole('button', { name: '+ Regulatory clock' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regulatory clocks' });
    await dialog.getByLabel('Deadline').selectOption('gdpr-authority');
    await dialog.getByRole('button', { name: 'Start clock' }).click();
    await dialog.waitFor({ state: 'detached' });
    const gdpr = strip.getByRole('timer', { name: /^GDPR authority: 7[12] h \d\d m left$/ });
    await gdpr.waitFor();
    expect(await gdpr.textContent()).toMatch(/^GDPR authority 7[12] h \d\d m$/);

    // Awareness three days and two hours ago, in the responder's zone: 2 hours over already.
    await strip.getByRole('button', { name: 'Clocks, met…' }).click();
    await dialog.getByLabel('Deadline').selectOption('custom');
    await dialog.getByLabel('Short name').fill('contract-72h');
    await dialog.getByLabel('Label').fill('Notify the payroll provider (contract §9)');
    await dialog.getByLabel('Hours').fill('72');
    const started = await page.evaluate(() => {
      const at = new Date(Date.now() - 74 * 3_600_000 - new Date().getTimezoneOffset() * 60_000);
      return at.toISOString().slice(0, 16);
    });
    await dialog.getByLabel(/^Started at/).fill(started);
    await shots('clock-dialog');
    await dialog.getByRole('button', { name: 'Start clock' }).click();
    await dialog.waitFor({ state: 'detached' });
    const overdue = strip.getByRole('timer', { name: /^contract 72h overdue by [12] h \d\d m$/ });
    await overdue.waitFor();
    expect(await overdue.textContent()).toMatch(/OVERDUE/);
    await showTab('Response');
    await shots('header-clocks');
    // Compact on a laptop screen: the clocks add one short line at most, and no countdown is cut.
    const barHeight = () => page.locator('.incident-sticky').evaluate((bar) => bar.getBoundingClientRect().height);
    expect(await barHeight()).toBeLessThanOrEqual(110);
    await page.setViewportSize(screenSizes[1]);
    expect(await barHeight()).toBeLessThanOrEqual(140);
    expect(await overdue.evaluate((timer) => timer.scrollWidth <= timer.clientWidth)).toBe(true);
    await page.setViewportSize(screenSizes[0]);

    await strip.getByRole('button', { name: 'Mark contract 72h met' }).click();
    const met = page.getByRole('dialog', { name: 'Mark contract 72h met' });
    const confirm = met.getByRole('button', { name: 'Mark met' });
    expect(await confirm.isDisabled()).toBe(true);
    await met.getByLabel('What met it (required)').fill('provider told by phone, ticket PAY-881');
    await met.getByLabel('What met it (required)').press('Enter');
    await met.waitFor({ state: 'detached' });
    await overdue.waitFor({ state: 'detached' });
    await gdpr.waitFor();
  });

  it('advancing past a phase with a required step open asks a reason (Esc cancels, Enter submits); the timeline shows it', async () => {
    await showTab('Response');
    const advance = page.getByRole('button', { name: 'Advance to Triage →' });
    await advance.click();
    const dialog = page.getByRole('dialog', { name: 'Move on to Triage with required steps open' });
    const reason = dialog.getByLabel('Reason (required)');
    await reason.waitFor();
    expect(await reason.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await dialog.getByRole('region', { name: 'Required steps still open' }).locator('li').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toContain(id);

    await advance.click();
    await reason.waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByText('Give a reason').waitFor();
    await page.keyboard.type('triage must start: the acknowledgement waits on the on-call lead');
    await shots('phase-gate');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Advance to Contain →' }).waitFor();
    await onTimeline('triage must start: the acknowledgement waits on the on-call lead');
    await shots('phase-gate-timeline');
  });
});
