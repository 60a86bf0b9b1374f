import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from '../support/browser';
import { repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

const screenshotDir = path.join(repoRoot, 'test-results', 'screens');
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  dataDir = tempDataDir();
  session = await openConsolePage(dataDir, { width: 1400, height: 900 });
  ({ served, page, pageErrors } = session);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const stepStatus = (stepId: string) => page.locator(`[data-step-id="${stepId}"]`).getAttribute('class');

describe('guided response in Chromium', () => {
  it('works a P0 secret-leaked checklist by keyboard, records it on the timeline and keeps it across a reload', async () => {
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await page.keyboard.type('Stripe live key in a public gist');
    await dialog.getByText('Critical', { exact: true }).click();
    await dialog.getByLabel('Scenario').selectOption('secret-leaked');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Stripe live key in a public gist' }).waitFor();

    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByRole('heading', { name: 'Secret or credential leaked' }).waitFor();
    const phaseHeadings = (await checklist.locator('.checklist-phase h3').allTextContents()).map((text) => text.split(' ')[0]);
    expect(phaseHeadings).toEqual(['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn']);

    // The cursor starts on the first open step.
    expect(await stepStatus('acknowledge-and-assign')).toContain('selected');
    await page.keyboard.press('x');
    await expect.poll(() => stepStatus('acknowledge-and-assign')).toContain('status-done');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => stepStatus('open-channel')).toContain('status-done');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => stepStatus('initial-assessment')).toContain('status-done');
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await page.keyboard.type('CI already archived the logs');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepStatus('preserve-evidence')).toContain('status-skipped');
    await page.screenshot({ path: path.join(screenshotDir, 'checklist-worked.png') });

    const timelineEntries = async () =>
      page.getByRole('list', { name: 'Timeline' }).locator('.timeline-entry.kind-step').evaluateAll((entries) =>
        entries.map((entry) => ({ summary: entry.querySelector('.timeline-summary')?.textContent, time: entry.querySelector('time')?.getAttribute('datetime') })),
      );
    const expected = [
      'Skipped: Preserve logs and evidence before changing anything: CI already archived the logs',
      '✓ Done: Record which secret leaked, where it was exposed (repo, logs, artifact) and since when',
      '✓ Done: Open the incident channel and start the timeline',
      '✓ Done: Acknowledge the alert and name the incident commander',
    ];
    await expect.poll(async () => (await timelineEntries()).slice(0, 4).map((entry) => entry.summary)).toEqual(expected);
    for (const entry of (await timelineEntries()).slice(0, 4)) expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    await page.reload();
    await checklist.getByRole('heading', { name: 'Secret or credential leaked' }).waitFor();
    for (const stepId of ['acknowledge-and-assign', 'open-channel', 'initial-assessment']) expect(await stepStatus(stepId)).toContain('status-done');
    expect(await stepStatus('preserve-evidence')).toContain('status-skipped');
    await page.locator('[data-step-id="preserve-evidence"]').getByText('Skipped: CI already archived the logs').waitFor();
    expect((await timelineEntries()).slice(0, 4).map((entry) => entry.summary)).toEqual(expected);
    expect(await page.locator('.phase-current .phase-count').textContent()).toBe('3/3');
  });

  it('was acknowledged by ticking the acknowledge step, and jumps with the command palette', async () => {
    await page.getByText('✓ responded').waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dashboard');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    const row = page.locator('.incident-row').first();
    expect(await row.locator('.phase-cell').textContent()).toBe('Identify');
    expect(await row.locator('.progress').textContent()).toBe('4/21');
    expect(pageErrors).toEqual([]);
  });

  it('switches the scenario after confirmation and shows the new checklist', async () => {
    await page.locator('.incident-row').first().click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('region', { name: 'Incident controls' }).getByLabel('Scenario').selectOption('data-breach');
    await page.getByRole('region', { name: 'Checklist' }).getByRole('heading', { name: 'Data breach' }).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Scenario changed: checklist from playbook “Data breach” (19 steps)').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
