import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

const shotsDir = path.join(screensDir, 'guard');
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  dataDir = tempDataDir();
  session = await openConsolePage(dataDir, screenSizes[0]);
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What the window shows at each size the console supports, for a person to look at. */
async function shoot(name: string): Promise<void> {
  await screenshotThemes(page, shotsDir, name);
}

async function declare(title: string, severity: string, scenario = 'generic'): Promise<string> {
  const { body } = await apiCall(served, 'incident.declare', { title, severity, scenario });
  expect(body.ok).toBe(true);
  return body.value.id as string;
}

async function openIncident(id: string, title: string): Promise<void> {
  await page.goto(`${served.url}#/incident/${id}`);
  await page.getByRole('heading', { name: title }).waitFor();
  await page.getByRole('region', { name: 'Checklist' }).locator('.step').first().waitFor();
}

const timeline = () => page.getByRole('list', { name: 'Timeline' }).locator('.timeline-summary');
// Escalation reminders may land on the timeline at any moment: find an entry by its words.
const onTimeline = (summary: string) => page.getByRole('list', { name: 'Timeline' }).locator('.timeline-summary', { hasText: summary }).first().waitFor();
const slaPanel = () => page.locator('.sla-panel');

describe('guardrails on status and severity, in Chromium', () => {
  it('closing an unacknowledged incident asks first, naming what is open, and records the close without a response', async () => {
    const title = 'Disk usage alert on build-03';
    const id = await declare(title, 'P3');
    await openIncident(id, title);

    // No status button acts at once, and none is the primary action.
    const close = page.getByRole('button', { name: 'Close incident…' });
    expect(await page.locator('.controls button.primary').count()).toBe(0);
    await close.click();
    const dialog = page.getByRole('dialog', { name: `Close incident: ${id}` });
    await dialog.waitFor();
    const open = dialog.getByRole('region', { name: 'Still open' });
    await open.getByText('Not acknowledged.').waitFor();
    await open.getByText('Preserve logs and evidence before changing anything').waitFor();
    await open.getByText('Document the timeline, root cause and how it was detected').waitFor();
    const confirm = dialog.getByRole('button', { name: /^Close incident anyway \(\d+ open\)$/ });
    expect(await confirm.isDisabled()).toBe(true);

    // Escape in the summary leaves the field and keeps the dialog; a second Escape closes only the dialog.
    const summary = dialog.getByLabel('Closing summary (required): what happened, how it ended');
    await summary.fill('False alarm: a log rotation job filled the disk and cleaned up after itself.');
    await shoot('close-unacknowledged');
    await summary.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: title }).waitFor();
    expect(page.url()).toContain(id);
    expect(await page.locator('.incident-meta .pill').textContent()).toBe('Active');

    await close.click();
    await dialog.getByLabel('Closing summary (required): what happened, how it ended').fill('False alarm: a log rotation job filled the disk and cleaned up after itself.');
    await dialog.getByRole('button', { name: /^Close incident anyway \(\d+ open\)$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await onTimeline('Status Active → Closed: False alarm: a log rotation job filled the disk and cleaned up after itself.');
    expect(await page.locator('.incident-meta .pill').textContent()).toBe('Closed');
    // Never acknowledged: no "responded", and no containment or resolution stamped at the close.
    await slaPanel().getByText('never acknowledged').waitFor();
    expect(await slaPanel().textContent()).not.toContain('responded');
    expect(await page.locator('.incident-facts-line').textContent()).not.toMatch(/Contained|Resolved/);
    await shoot('closed-never-acknowledged');

    // The dashboard's list of all incidents says the same.
    const { body } = await apiCall(served, 'incident.get', { id });
    expect(body.value.incident.sla.state).toBe('never-acknowledged');
  });

  it('moves a status set by mistake back only with a reason, and shows it on the timeline', async () => {
    const title = 'Suspicious login from new country';
    const id = await declare(title, 'P2');
    expect((await apiCall(served, 'incident.setStatus', { id, status: 'Resolved' })).body.ok).toBe(true);
    // The boundary refuses a move back without a reason, whoever calls.
    const refused = await apiCall(served, 'incident.setStatus', { id, status: 'Active', reason: '  ' });
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await openIncident(id, title);

    await page.getByRole('button', { name: 'Move status back…' }).click();
    const dialog = page.getByRole('dialog', { name: `Move status back: ${id}` });
    await dialog.waitFor();
    await dialog.getByLabel('Active').check();
    const confirm = dialog.getByRole('button', { name: 'Move back to Active' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('The session token is still valid: not resolved yet');
    await shoot('status-back-reason');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await onTimeline('Status moved back Resolved → Active: The session token is still valid: not resolved yet');
    expect(await page.locator('.timeline-entry.is-reversal').count()).toBe(1);
    expect(await page.locator('.incident-meta .pill').textContent()).toBe('Active');
    // The mistaken resolution time is gone from the header.
    expect(await page.locator('.incident-facts-line').textContent()).not.toContain('Resolved');
    await shoot('status-moved-back');
  });

  it('asks a reason for a severity change, and Escape leaves the severity as it was', async () => {
    const title = 'Error rate up on checkout';
    const id = await declare(title, 'P3');
    await openIncident(id, title);
    const severity = page.getByLabel('Severity', { exact: true });
    await severity.selectOption('P1');
    const dialog = page.getByRole('dialog', { name: `Change severity: ${id}` });
    await dialog.waitFor();
    await dialog.getByText('P3 Low').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: title }).waitFor();
    expect(await severity.inputValue()).toBe('P3');

    await severity.selectOption('P1');
    const reason = dialog.getByLabel('Reason (required)');
    await reason.fill('Card payments failing for every customer');
    await shoot('severity-reason');
    await dialog.getByRole('button', { name: 'Change to P1' }).click();
    await dialog.waitFor({ state: 'detached' });
    await onTimeline('Severity P3 → P1: Card payments failing for every customer');
    expect(await severity.inputValue()).toBe('P1');
  });

  it('ticking "Acknowledge the alert" acknowledges the incident; containing then lists only the open critical steps', async () => {
    const title = 'API keys scraped from mobile app';
    const id = await declare(title, 'P1', 'api-abuse');
    await openIncident(id, title);
    await slaPanel().getByRole('button', { name: 'Acknowledge' }).waitFor();
    const step = page.locator('[data-step-id="acknowledge-and-assign"]');
    await step.getByText('ticking acknowledges').waitFor();
    await step.getByRole('button', { name: /Acknowledge the alert and name the incident commander: open, mark done/ }).click();
    await expect.poll(() => step.getAttribute('class')).toContain('status-done');
    await slaPanel().getByText(/^acknowledged /).waitFor();
    expect(await slaPanel().getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await onTimeline('Acknowledged: the response SLA stops');
    const entries = (await timeline().allTextContents()).filter((entry) => !entry.startsWith('Escalation'));
    expect(entries.slice(0, 2)).toEqual(['Acknowledged: the response SLA stops', '✓ Done: Acknowledge the alert and name the incident commander']);
    await shoot('acknowledged-by-step');

    await page.getByRole('button', { name: 'Mark contained…' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark contained: ${id}` });
    const open = dialog.getByRole('region', { name: 'Still open' });
    await open.getByText('Block the abusive clients or revoke their API keys').waitFor();
    expect(await open.getByText('Not acknowledged.').count()).toBe(0);
    // Containment claims Identify to Contain, not the phases after it.
    expect(await open.textContent()).not.toMatch(/Recover|Learn/);
    await shoot('contain-confirm');
    await dialog.getByRole('button', { name: /^Mark contained anyway \(\d+ open\)$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.incident-meta .pill').textContent()).toBe('Contained');
    await page.locator('.incident-facts-line').getByText('Contained').waitFor();
  });

  it('a template step opens Compose with its template chosen', async () => {
    const title = 'Template step check';
    const id = await declare(title, 'P2');
    await openIncident(id, title);
    await page.locator('[data-step-id="notify-team"]').getByRole('button', { name: 'Template: internal-notification →' }).click();
    await expect.poll(() => page.url()).toContain(`#/incident/${id}/compose`);
    await expect.poll(() => page.locator('.template-choice[aria-pressed="true"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
