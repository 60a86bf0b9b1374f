import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenSizes, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, repoRoot, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'investigation-timeline');
// A zone an hour off UTC in November, so "your zone" and "UTC" read differently, and a third zone (+02:00) given by hand.
const responderZone = 'Europe/Paris';
const phishingUrl = 'hxxps://login-micros0ft[.]example/auth';
const phishingAddress = '203.0.113.7';

let browser: Browser;
const pageErrors: string[] = [];
let served: ServedConsole;
let dataDir: string;
let page: Page;
let id: string;
/** The indicators as the service shows them (defanged), once added. */
let urlShown: string;
let addressShown: string;

beforeAll(async () => {
  dataDir = tempDataDir('firebreak-e2e-invtimeline-');
  browser = await launchChromium();
  served = await serveConsole(dataDir);
  // The responder's laptop is in Paris. A page of a context (not browser.newPage()): axe needs one.
  page = await (await browser.newContext({ viewport: screenSizes[0], timezoneId: responderZone })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  id = (await apiCall(served, 'incident.declare', { title: 'Credential phishing against the finance team', severity: 'P1' })).body.value.id as string;
  await page.goto(`${served.url}#/incident/${id}/timeline`);
  await timelineTab().waitFor();
});
afterAll(async () => {
  await browser.close();
  await served.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  expect(pageErrors).toEqual([]);
});

const timelineTab = () => page.getByRole('region', { name: 'Investigation timeline' });
const entries = () => timelineTab().getByRole('list', { name: 'Timeline entries' }).locator(':scope > li');
/** The entry whose own text starts so (a link event quotes the entry it links, so `hasText` would find both). */
const entry = (start: string) => entries().filter({ has: page.locator('.inv-summary', { hasText: new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) });
const count = () => timelineTab().locator('.inv-count');

async function ok(name: string, input: unknown): Promise<Record<string, unknown>> {
  const { body } = await apiCall(served, name, input);
  expect(body, `${name} answered ${JSON.stringify(body)}`).toMatchObject({ ok: true });
  return body.value as Record<string, unknown>;
}

/** The summaries shown, top to bottom. */
async function shownTexts(): Promise<string[]> {
  return entries().locator('.inv-summary').allTextContents();
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function shots(name: string, inView?: Locator): Promise<void> {
  await screenshotThemes(page, shotsDir, name, inView ? () => inView.scrollIntoViewIfNeeded() : undefined);
}

describe('the investigation timeline', () => {
  it('adds two indicators and an asset, an entry after the fact linked to one of them, and keeps the draft across tabs', async () => {
    // Through the console, as a responder adds them: the Indicators tab's form, then the Assets tab's.
    await openTab('Indicators');
    const iocForm = page.getByRole('form', { name: 'Add an indicator' });
    for (const [value, type, tlp, added] of [[phishingUrl, 'URL', 'amber', 'I1'], [phishingAddress, 'IP address', 'green', 'I2']] as const) {
      await iocForm.getByLabel('Indicator').fill(value);
      await expect.poll(() => iocForm.locator('.ioc-detected strong').textContent()).toBe(type);
      await iocForm.getByLabel('TLP').selectOption(tlp);
      await iocForm.getByLabel('Indicator').press('Enter');
      await iocForm.getByText(new RegExp(`^Added ${added} \\(${type}\\)`)).waitFor();
    }
    const held = (await ok('ioc.list', { incidentId: id })).indicators as { defanged: string }[];
    [urlShown, addressShown] = held.map((indicator) => indicator.defanged) as [string, string];
    expect(urlShown).toBe('hxxps://login-micros0ft[.]example/auth');
    expect(addressShown).toBe('203.0.113[.]7');
    await openTab('Assets');
    const assetForm = page.getByRole('form', { name: 'Add an asset' });
    await assetForm.getByLabel('Name').fill('fin-laptop-07');
    await assetForm.getByLabel('State').selectOption('compromised');
    await assetForm.getByLabel('Owner').fill('it-ops');
    await assetForm.getByRole('button', { name: 'Add asset' }).click();
    await assetForm.getByText('Added S1: host fin-laptop-07 (confirmed compromised).').waitFor();
    await openTab('Timeline');
    // Something unrelated to either indicator: filtering must hide it.
    await ok('incident.addNote', { id, text: 'Bridge call opened with the finance lead' });
    await entry('Bridge call opened with the finance lead').waitFor();

    await timelineTab().getByRole('button', { name: '+ Add an entry after the fact' }).click();
    const form = page.getByRole('form', { name: 'Add an entry after the fact' });
    await form.getByLabel('What happened').fill('Phishing mail opened by j.doe (mail gateway log)');
    // A time from another team's log, in its own offset: pasted whole.
    await form.getByLabel('Or paste an ISO time').fill('2026-11-30T09:15:00+02:00');
    await expect.poll(() => form.getByLabel('Date it happened').inputValue()).toBe('2026-11-30');
    expect(await form.getByLabel(/^Time/).inputValue()).toBe('09:15');
    expect(await form.getByLabel('Zone it was read in').inputValue()).toBe('+02:00');
    await form.getByText('Happened 30 Nov 08:15 in your zone (as given: 30 Nov 09:15 +02:00)').waitFor();
    await form.getByLabel('Category').fill('initial-access');
    await form.getByLabel('Indicator').selectOption({ label: `I1 · url · ${urlShown}` });
    await form.getByRole('button', { name: 'Remove indicator I1' }).waitFor();

    // Half-written: another tab and back, and it is all still there.
    await openTab('Response');
    await page.getByRole('region', { name: 'Checklist' }).waitFor();
    await openTab('Timeline');
    await expect.poll(() => form.getByLabel('What happened').inputValue()).toBe('Phishing mail opened by j.doe (mail gateway log)');
    expect(await form.getByLabel('Date it happened').inputValue()).toBe('2026-11-30');
    expect(await form.getByLabel('Zone it was read in').inputValue()).toBe('+02:00');
    await form.getByRole('button', { name: 'Remove indicator I1' }).waitFor();
    await shots('add-entry', form);

    await form.getByRole('button', { name: 'Add entry' }).click();
    await form.waitFor({ state: 'detached' });
    const phishing = entry('Phishing mail opened by j.doe');
    await phishing.waitFor();
    // Both clocks: when it happened (in Paris, and as given) and when it was recorded; marked as after the fact.
    expect(await phishing.locator('.inv-happened').textContent()).toBe('happened 30 Nov 08:15 (given as 30 Nov 09:15 +02:00)');
    await phishing.locator('.inv-recorded').getByText(/^· recorded \d{2} \w{3} \d{2}:\d{2}$/).waitFor();
    await phishing.getByText(/^after the fact · \+\d+ (d|h)\b/).waitFor();
    await phishing.locator('.indicator-chip').getByText(urlShown, { exact: true }).waitFor();
  });

  it('filtered by one indicator shows only its events, and the unrelated ones come back when the chip goes', async () => {
    const before = await shownTexts();
    expect(before.some((text) => text.includes('Bridge call opened'))).toBe(true);
    const total = before.length;

    await timelineTab().getByLabel(/^Indicator/).selectOption({ label: `I1 · ${urlShown}` });
    const chip = timelineTab().getByRole('list', { name: 'Active filters' });
    await chip.getByRole('button', { name: 'Remove filter: Indicator I1' }).waitFor();
    await expect.poll(() => entries().count()).toBe(2);
    const shown = await shownTexts();
    // Exactly: the indicator's own addition, and the entry linked to it.
    expect(shown.filter((text) => text.includes(urlShown))).toHaveLength(1);
    expect(shown.filter((text) => text.startsWith('Phishing mail opened by j.doe'))).toHaveLength(1);
    expect(shown.some((text) => text.includes('Bridge call opened'))).toBe(false);
    expect(shown.some((text) => text.includes(addressShown))).toBe(false);
    expect(shown.some((text) => text.includes('fin-laptop-07'))).toBe(false);
    expect(await count().textContent()).toBe(`2 of ${total} entries`);
    await shots('filtered', timelineTab().getByRole('region', { name: 'Filter the timeline' }));

    // The other indicator: only its own addition.
    await timelineTab().getByLabel(/^Indicator/).selectOption({ label: `I2 · ${addressShown}` });
    await expect.poll(() => entries().count()).toBe(1);
    expect((await shownTexts())[0]).toContain(addressShown);

    await chip.getByRole('button', { name: 'Remove filter: Indicator I2' }).click();
    await expect.poll(() => entries().count()).toBe(total);
    expect(await count().textContent()).toBe(`${total} entries`);
  });

  it('tags an entry with techniques through Link…: a typed id without a catalogue, a name found once one is imported', async () => {
    const phishing = entry('Phishing mail opened by j.doe');
    await phishing.getByRole('button', { name: 'Link…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link this entry' });
    await dialog.getByLabel('ATT&CK technique').fill('t1566.002');
    await dialog.getByText('No ATT&CK catalogue imported: ids checked by format only.').waitFor();
    await dialog.getByRole('button', { name: 'Add T1566.002' }).click();
    await dialog.getByLabel('Tag (Enter to add)').fill('phishing');
    await dialog.getByLabel('Tag (Enter to add)').press('Enter');
    await dialog.getByRole('button', { name: 'Remove tag phishing' }).waitFor();
    await shots('link-dialog', dialog);
    await dialog.getByRole('button', { name: 'Save links' }).click();
    await dialog.waitFor({ state: 'detached' });
    await phishing.locator('.technique-chip').getByText('T1566.002', { exact: true }).waitFor();
    await phishing.locator('.tag-chip').getByText('phishing').waitFor();
    // With a catalogue imported (from the CLI or another window), a technique is found by its name and its chip says it.
    await ok('attack.import', { path: path.join(repoRoot, 'test', 'fixtures', 'attack', 'small-enterprise.json') });
    await phishing.getByRole('button', { name: 'Link…' }).click();
    await dialog.getByLabel('ATT&CK technique').fill('spearphishing');
    const found = dialog.getByRole('list', { name: 'Techniques found' });
    await found.getByRole('button', { name: /^T1566\.001 Spearphishing Attachment/ }).click();
    await dialog.locator('.technique-chip').filter({ hasText: 'T1566.001' }).getByText('Spearphishing Attachment').waitFor();
    await dialog.locator('.technique-chip').filter({ hasText: 'T1566.002' }).getByText('Spearphishing Link').waitFor();
    await dialog.getByRole('button', { name: 'Save links' }).click();
    await dialog.waitFor({ state: 'detached' });
    await phishing.locator('.technique-chip').filter({ hasText: 'T1566.001' }).getByText('Spearphishing Attachment').waitFor();

    // The link is an event of its own, on the record.
    const all = await entries().count();
    await entries().filter({ has: page.locator('.inv-summary', { hasText: /^(?!Phishing mail opened).*T1566\.002/ }) }).first().waitFor();

    // Filtered by the technique: the entry tagged with it, and not the bridge call.
    await timelineTab().getByLabel('ATT&CK technique').fill('T1566.002');
    await timelineTab().getByLabel('ATT&CK technique').press('Enter');
    const chips = timelineTab().getByRole('list', { name: 'Active filters' });
    await chips.getByRole('button', { name: 'Remove T1566.002 Spearphishing Link' }).waitFor();
    await expect.poll(async () => (await shownTexts()).some((text) => text.startsWith('Phishing mail opened by j.doe'))).toBe(true);
    expect((await shownTexts()).some((text) => text.includes('Bridge call opened'))).toBe(false);
    await chips.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(() => entries().count()).toBe(all);
  });

  it('sorts by when it happened or when recorded, the entry added after the fact moving, and switches zone', async () => {
    const order = async () => {
      const texts = await shownTexts();
      return { phishing: texts.findIndex((text) => text.startsWith('Phishing mail opened')), bridge: texts.findIndex((text) => text.startsWith('Bridge call opened')) };
    };
    // When it happened: the phishing mail (30 Nov) came long before the bridge call (today).
    const toggle = timelineTab().getByRole('group', { name: 'Sort by' });
    expect(await toggle.getByRole('button', { name: 'When it happened' }).getAttribute('aria-pressed')).toBe('true');
    const byHappened = await order();
    await toggle.getByRole('button', { name: 'When recorded' }).click();
    await expect.poll(async () => Math.sign((await order()).phishing - (await order()).bridge)).toBe(-Math.sign(byHappened.phishing - byHappened.bridge));
    await shots('by-recorded', entry('Phishing mail opened'));
    await toggle.getByRole('button', { name: 'When it happened' }).click();
    await expect.poll(async () => Math.sign((await order()).phishing - (await order()).bridge)).toBe(Math.sign(byHappened.phishing - byHappened.bridge));

    const zone = timelineTab().getByRole('group', { name: 'Times in' });
    expect(await zone.locator('.inv-zone-name').textContent()).toBe('Europe/Paris (UTC+01:00)');
    const phishing = entry('Phishing mail opened by j.doe');
    await zone.getByRole('button', { name: 'UTC' }).click();
    await expect.poll(() => zone.locator('.inv-zone-name').textContent()).toBe('UTC');
    expect(await phishing.locator('.inv-happened').textContent()).toBe('happened 30 Nov 07:15 (given as 30 Nov 09:15 +02:00)');
    await shots('utc', phishing);
    await zone.getByRole('button', { name: 'Your zone' }).click();
    expect(await phishing.locator('.inv-happened').textContent()).toBe('happened 30 Nov 08:15 (given as 30 Nov 09:15 +02:00)');
  });

  it('exports the timeline as a CSV file named after the incident, and imports it into another incident', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), timelineTab().getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`${id}-timeline.csv`);
    const saved = fs.readFileSync((await download.path())!, 'utf8');
    expect(saved).toContain('Phishing mail opened by j.doe');
    // Defanged in exports: nobody clicks it by mistake.
    expect(saved).toContain('login-micros0ft[.]example');
    expect(saved).not.toContain('https://login-micros0ft.example');
    await timelineTab().getByText(`Saved ${id}-timeline.csv (indicator values defanged).`).waitFor();

    // Imported into a fresh incident by its path (browser mode has no file dialog): the same times, said as imported.
    const file = path.join(dataDir, 'exported-timeline.csv');
    await download.saveAs(file);
    const fresh = (await ok('incident.declare', { title: 'Same phishing wave, second business unit', severity: 'P2' })).id as string;
    await page.evaluate((hash) => (location.hash = hash), `#/incident/${fresh}/timeline`);
    await timelineTab().getByRole('button', { name: 'Import CSV…' }).click();
    await timelineTab().getByLabel(/^Timeline CSV on this computer/).fill(file);
    await timelineTab().getByRole('button', { name: 'Import', exact: true }).click();
    await timelineTab().getByText(/^Imported \d+ entries/).waitFor();
    const copied = entry('Phishing mail opened by j.doe');
    expect(await copied.locator('.inv-happened').textContent()).toBe('happened 30 Nov 08:15 (given as 30 Nov 09:15 +02:00)');
    await copied.getByText(/^imported · first recorded by root \d{2} Dec \d{2}:\d{2}$/).waitFor();
    await shots('imported', copied);
  });

  it('has no serious or critical accessibility violations, in either theme, with the add form open', async () => {
    await timelineTab().getByRole('button', { name: '+ Add an entry after the fact' }).click();
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).include('.inv-timeline').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`));
      expect(serious, `${colorScheme}:\n${serious.join('\n')}`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });
  });
});
