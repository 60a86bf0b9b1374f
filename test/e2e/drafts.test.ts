import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'roles');
const viewports = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  dataDir = tempDataDir('firebreak-e2e-drafts-');
  session = await openConsolePage(dataDir, viewports[0]);
  ({ served, page } = session);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  expect(session.pageErrors).toEqual([]);
});

async function shots(name: string): Promise<void> {
  await screenshotThemes(page, shotsDir, name);
}

const onIncident = async (id: string) => expect(await page.evaluate(() => location.hash)).toBe(`#/incident/${id}`);

describe('unsent drafts', () => {
  it('Esc in the note box only leaves the field; the draft survives navigation and a reload, and goes once sent', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Outbound traffic to unknown host', severity: 'P1' });
    const id = body.value.id as string;
    await page.evaluate((hash) => (location.hash = hash), `#/incident/${id}`);
    const note = page.getByLabel('New note');
    await note.fill('Half-written: saw outbound traffic to 203.0.113.7 from');
    await note.press('Escape');
    await onIncident(id);
    expect(await note.inputValue()).toBe('Half-written: saw outbound traffic to 203.0.113.7 from');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).not.toBe('New note');
    await page.getByText('Draft kept until you add it').waitFor();

    // The hand-over field too: Esc closes it, the page stays, the name typed is kept.
    await page.getByRole('button', { name: 'Hand over…' }).click();
    await page.getByLabel('New commander').fill('dana');
    await page.getByLabel('New commander').press('Escape');
    await onIncident(id);
    await shots('drafts-kept');

    // Away and back: the same text, instantly.
    await page.keyboard.press('g');
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.evaluate((hash) => (location.hash = hash), `#/incident/${id}`);
    expect(await page.getByLabel('New note').inputValue()).toBe('Half-written: saw outbound traffic to 203.0.113.7 from');

    // A reload (or a crashed window): the page comes back with the drafts.
    await page.reload();
    await page.getByLabel('New note').waitFor();
    await expect.poll(() => page.getByLabel('New note').inputValue()).toBe('Half-written: saw outbound traffic to 203.0.113.7 from');
    await page.getByRole('button', { name: 'Hand over to dana… (not saved)' }).waitFor();
    await shots('drafts-after-reload');

    // Sent: gone from the box, from the kept drafts, and from the next reload.
    await page.getByLabel('New note').fill('Saw outbound traffic to 203.0.113.7 from web-3');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Saw outbound traffic to 203.0.113.7 from web-3').waitFor();
    // The timeline can show the note (event stream) a moment before the answer that empties the box.
    await expect.poll(() => page.getByLabel('New note').inputValue()).toBe('');
    await expect.poll(async () => (await apiCall(served, 'drafts.get', { id })).body.value.drafts[`note:${id}`]).toBeUndefined();
    await page.reload();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Saw outbound traffic to 203.0.113.7 from web-3').waitFor();
    expect(await page.getByLabel('New note').inputValue()).toBe('');
    await shots('drafts-sent');
  });
});
