import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
const screens = path.join(repoRoot, 'test-results', 'screens');

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-rotation-');
  session = await openConsolePage(path.join(work, 'data'), { width: 1440, height: 900 });
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function addItem(name: string, where: string, owner: string, group: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a secret to rotate' });
  await form.getByLabel('Secret name (never its value)').fill(name);
  await form.getByLabel('Where it lives').fill(where);
  await form.getByLabel('Owner').fill(owner);
  await form.getByLabel('Priority group').selectOption({ label: group });
  await form.getByRole('button', { name: 'Add to rotation' }).click();
  await form.getByText(new RegExp(`^Added R\\d+: ${name.replace(/[()]/g, '\\$&')}\\.$`)).waitFor();
}

describe('the Rotation tab', () => {
  it('adds secrets, lists them by priority, marks one rotated, ticks its checks and verifies it', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'OpenAI key pushed to GitHub', severity: 'P0', scenario: 'secret-leaked' });
    const id = body.value.id as string;
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('tab', { name: 'Rotation' }).click();
    const rotation = page.getByRole('region', { name: 'Rotation' });
    await rotation.getByText('Nothing to rotate yet.').waitFor();

    // A missing field is said before anything is sent.
    await page.getByRole('button', { name: 'Add to rotation' }).click();
    await rotation.getByRole('alert').getByText('Not added: fill in name, where it lives, owner, priority group.').or(rotation.getByRole('alert').getByText('Not added: fill in name, where it lives, priority group.')).waitFor();

    await addItem('SMTP credentials', 'Email provider', 'sam', 'Priority 3: Service Credentials');
    await addItem('SECRET_KEY (JWT signing)', 'All environments', 'dana', 'Priority 2: Application Secrets');
    await addItem('OPENAI_API_KEY', 'OpenAI dashboard; .env on api-1', 'dana', 'Priority 1: External API Keys');
    const groups = rotation.getByRole('region');
    await expect.poll(() => groups.evaluateAll((sections) => sections.map((section) => section.getAttribute('aria-label')))).toEqual([
      'Priority 1: External API Keys',
      'Priority 2: Application Secrets',
      'Priority 3: Service Credentials',
    ]);
    await rotation.getByText('0/3 verified').waitFor();
    await page.screenshot({ path: path.join(screens, 'rotation-pending-1440x900.png'), fullPage: true });

    const openai = rotation.getByRole('listitem', { name: 'R3 OPENAI_API_KEY' });
    await openai.getByRole('button', { name: 'Mark R3 rotated' }).click();
    await openai.getByText('Rotated', { exact: true }).waitFor();
    await openai.getByText('Tick the 5 checks left to verify.').waitFor();
    expect(await openai.getByRole('button', { name: 'Mark R3 verified' }).isDisabled()).toBe(true);

    // Keyboard: Space ticks the focused check.
    await openai.getByRole('checkbox', { name: 'Update CI/CD secrets' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => openai.getByRole('checkbox', { name: 'Update CI/CD secrets' }).isChecked()).toBe(true);
    await openai.getByText('After rotation (1/5)').waitFor();
    for (const label of ['Update .env.example (if structure changed), with no real value in it', 'Update production environment', 'Verify application still works']) {
      await openai.getByRole('checkbox', { name: label }).click();
      await expect.poll(() => openai.getByRole('checkbox', { name: label }).isChecked()).toBe(true);
    }
    await openai.getByText('Tick the 1 check left to verify.').waitFor();
    await page.screenshot({ path: path.join(screens, 'rotation-checks-1440x900.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: path.join(screens, 'rotation-checks-1024x700.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await openai.getByRole('checkbox', { name: 'Document new secret storage location' }).click();
    await openai.getByText('After rotation (5/5)').waitFor();
    await openai.getByRole('button', { name: 'Mark R3 verified' }).click();
    await openai.getByText('Verified', { exact: true }).waitFor();
    await openai.getByText(/Verified .* by /).waitFor();
    await rotation.getByText('1/3 verified').waitFor();
    // Verified: the checks fold away but stay readable, and can no longer change.
    await openai.getByText('All 5 after-rotation checks done').click();
    expect(await openai.getByRole('checkbox', { name: 'Update CI/CD secrets' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(screens, 'rotation-verified-1440x900.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Response' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('✓ Rotation verified: R3 OPENAI_API_KEY').waitFor();
    await timeline.getByText('Rotated: R3 OPENAI_API_KEY').waitFor();
    expect((await apiCall(served, 'incident.verify', { id })).body.value.intact).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
