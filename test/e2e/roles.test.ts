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
let id: string;

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  dataDir = tempDataDir('firebreak-e2e-roles-');
  session = await openConsolePage(dataDir, viewports[0]);
  ({ served, page } = session);
  id = (await apiCall(served, 'incident.declare', { title: 'Customer data exposed through the export API', severity: 'P2', commander: 'ana' })).body.value.id as string;
  await page.goto(`${served.url}#/incident/${id}`);
  await page.getByRole('region', { name: 'Roles' }).waitFor();
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

const timeline = () => page.getByRole('list', { name: 'Timeline' });

describe('roles and step assignees', () => {
  it('a role given in the roles bar shows there and on the timeline, with its reason', async () => {
    const roles = page.getByRole('region', { name: 'Roles' });
    await roles.getByRole('button', { name: 'Assign Scribe' }).click();
    await page.getByLabel('Scribe name').fill('ben');
    await page.getByLabel('Why (optional)').fill('ana is on the bridge call');
    await page.getByRole('button', { name: 'Make ben Scribe' }).click();
    await roles.getByRole('button', { name: 'Change Scribe (now ben)' }).waitFor();
    await timeline().getByText('Scribe: (none) → ben: ana is on the bridge call').waitFor();
  });

  it('a step given to a responder shows on its row and on the timeline', async () => {
    const checklist = page.getByRole('region', { name: 'Checklist' });
    const row = checklist.locator('li.step').first();
    await row.click();
    const stepText = (await row.locator('.step-words > span:not([class])').textContent())!;
    await row.getByRole('button', { name: /^Assign “/ }).click();
    await page.getByLabel('Assignee').fill('carla');
    await page.getByLabel('Assignee').press('Enter');
    await row.getByText('carla').waitFor();
    await timeline().getByText(`Step “${stepText}” assigned to carla`).waitFor();
    await shots('roles-assigned');
  });

  it('the palette, keyboard only: a role, a severity with its reason, a status confirmation', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // A role: the palette opens the roles bar's field for it.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('set a role');
    await page.keyboard.press('Enter');
    await page.keyboard.type('operations');
    await shots('palette-role');
    await page.keyboard.press('Enter');
    await page.getByLabel('Operations lead name').waitFor();
    await page.keyboard.type('erin');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Roles' }).getByRole('button', { name: 'Change Operations lead (now erin)' }).waitFor();
    await timeline().getByText('Operations lead: (none) → erin').waitFor();

    // Severity: a list of levels, then the incident's own dialog asking why; nothing changes blindly.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('severity');
    await page.keyboard.press('Enter');
    await page.keyboard.type('P1');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Change severity: ${id}` });
    await dialog.waitFor();
    await page.keyboard.press('Control+Enter');
    expect(await dialog.isVisible()).toBe(true);
    expect((await apiCall(served, 'incident.get', { id })).body.value.incident.severity).toBe('P2');
    await page.keyboard.type('customer records confirmed in the export');
    await shots('palette-severity');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await timeline().getByText('Severity P2 → P1: customer records confirmed in the export').waitFor();

    // Status: the same confirmation as the status buttons, saying what is still open before anything moves.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('change status');
    await page.keyboard.press('Enter');
    await page.keyboard.type('contained');
    await page.keyboard.press('Enter');
    const status = page.getByRole('dialog', { name: `Mark contained: ${id}` });
    const open = status.getByRole('region', { name: 'Still open' });
    await open.getByText('Not acknowledged.').waitFor();
    await open.getByText(/Acknowledge the alert/).first().waitFor();
    await shots('palette-status');
    // Escape in the note leaves only the field; a second Escape closes only the dialog.
    await status.getByLabel('Note for the timeline (optional)').focus();
    await page.keyboard.type('blocked at the gateway');
    await page.keyboard.press('Escape');
    expect(await status.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await status.waitFor({ state: 'detached' });
    expect(page.url()).toContain(id);
    expect((await apiCall(served, 'incident.get', { id })).body.value.incident.status).toBe('Active');
  });

  it('the palette moves a status back with its reason, and asks the closing summary, through the same dialogs', async () => {
    expect((await apiCall(served, 'incident.setStatus', { id, status: 'Contained' })).body.ok).toBe(true);
    await page.locator('.incident-meta .pill', { hasText: 'Contained' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await page.keyboard.press('Control+k');
    await page.keyboard.type('change status');
    await page.keyboard.press('Enter');
    await page.keyboard.type('back to active');
    await page.keyboard.press('Enter');
    const back = page.getByRole('dialog', { name: `Move status back: ${id}` });
    await back.waitFor();
    expect(await back.getByLabel('Active').isChecked()).toBe(true);
    // Without a reason nothing moves.
    await page.keyboard.press('Control+Enter');
    expect(await back.isVisible()).toBe(true);
    await back.getByLabel('Reason (required)').focus();
    await page.keyboard.type('the exported files are still reachable');
    await shots('palette-status-back');
    await page.keyboard.press('Control+Enter');
    await back.waitFor({ state: 'detached' });
    await timeline().getByText('Status moved back Contained → Active: the exported files are still reachable').waitFor();
    expect(await page.locator('.timeline-entry.is-reversal').count()).toBe(1);
    expect((await apiCall(served, 'incident.get', { id })).body.value.incident.status).toBe('Active');

    // Closing from the palette asks the closing summary, like the Close button.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('change status');
    await page.keyboard.press('Enter');
    await page.keyboard.type('close');
    await page.keyboard.press('Enter');
    const close = page.getByRole('dialog', { name: `Close incident: ${id}` });
    await close.getByLabel('Closing summary (required): what happened, how it ended').waitFor();
    expect(await close.getByRole('button', { name: /^Close incident anyway/ }).isDisabled()).toBe(true);
    expect(await close.textContent()).not.toContain('cannot be reopened');
    await shots('palette-close');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await close.waitFor({ state: 'detached' });
    expect((await apiCall(served, 'incident.get', { id })).body.value.incident.status).toBe('Active');

    // A tab.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('go to evidence');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/incident/${id}/evidence`);
    await page.getByRole('tab', { name: 'Evidence', selected: true }).waitFor();
    await shots('palette-tab');
  });
});
