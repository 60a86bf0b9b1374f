import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookImport } from '../../src-main/contract';
import { openConsolePage, screenSizes, screenshotSizes, type ConsolePage } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
/**
 * One of the runbooks Firebreak is modelled on (a severity table, four scenarios, two templates), from the
 * repository's copy. Copied to a temp `.md`, as a responder's file would be.
 */
const seed = path.join(repoRoot, 'test', 'fixtures', 'runbooks', '000_c1621d3781773a1b.md');

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-runbook-');
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('importing a runbook in Chromium', () => {
  // Skipped only on a checkout that has neither copy of the seed runbook.
  it('previews a seed runbook, corrects a section name, saves, and declares an incident that shows its steps', async () => {
    const file = path.join(work, 'INCIDENT_RESPONSE.md');
    fs.copyFileSync(seed, file);
    // What the importer finds, to choose a section to correct; the screen must show the same.
    const expected = (await apiCall(served, 'playbook.importPreview', { file })).body.value as RunbookImport;
    const playbook = expected.playbooks.find((candidate) => candidate.sections.some((section) => section.phase && section.steps.length > 0))!;
    expect(playbook, 'the seed gives a playbook with steps').toBeDefined();
    const target = playbook.sections.find((section) => section.phase && section.steps.length > 0)!;
    const corrected = `${target.heading} (corrected)`;

    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { name: /^Import a runbook/ }).click();
    await page.getByRole('heading', { name: 'Import a runbook' }).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/import');

    // A missing file is named in place; nothing else is shown.
    const pathField = page.getByLabel('Runbook file (.md) on this computer');
    await pathField.fill(path.join(work, 'missing.md'));
    await pathField.press('Enter');
    await page.getByRole('alert').filter({ hasText: /^Could not read the runbook: / }).waitFor();

    // A Markdown file that is not a runbook says so in place, whether the importer finds nothing or refuses it.
    const readme = path.join(work, 'README.md');
    fs.writeFileSync(readme, '# left-pad\n\nPads strings on the left.\n\n```js\nleftPad("x", 3)\n```\n');
    await pathField.fill(readme);
    await pathField.press('Enter');
    await page.getByRole('alert').filter({ hasText: /^(Could not read the runbook: |Nothing to import from README\.md)/ }).waitFor();

    await pathField.fill(file);
    await page.getByRole('button', { name: 'Preview' }).click();
    const card = page.getByRole('region', { name: `Playbook ${playbook.title}` });
    await card.waitFor();
    // The outline lists the source's headings with their line numbers, beside what was extracted.
    const outline = page.getByRole('navigation', { name: 'Runbook outline' });
    await outline.getByText(target.heading, { exact: true }).waitFor();
    expect(await outline.innerText()).toContain(`L${target.line}`);
    const severities = page.getByRole('region', { name: 'Severity scheme' });
    for (const severity of expected.severities) await severities.getByRole('cell', { name: severity.level, exact: true }).waitFor();
    await screenshotSizes(page, 'runbook-import-preview');

    // Escape cancels a rename and stays on the screen.
    const rename = card.getByRole('button', { name: `Rename section ${target.heading}` });
    const nameField = card.getByLabel(`New name for section ${target.heading}`);
    await rename.click();
    await nameField.fill('typed by mistake');
    await nameField.press('Escape');
    await rename.waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/import');
    expect(await outline.innerText()).not.toContain('typed by mistake');

    // Correct one section's name, inline, from the keyboard; the focus comes back to the name.
    await rename.focus();
    await page.keyboard.press('Enter');
    await nameField.fill(corrected);
    await nameField.press('Enter');
    const renamed = card.getByRole('button', { name: `Rename section ${corrected}` });
    await renamed.waitFor();
    expect(await renamed.evaluate((element) => element === document.activeElement)).toBe(true);
    await card.getByRole('listitem', { name: `Section ${corrected}` }).waitFor();
    expect(await outline.innerText()).toContain(corrected);

    // A playbook with a shipped playbook's id would take its place: the preview says so, and a new id keeps both.
    const shipped = ((await apiCall(served, 'playbook.list', {})).body.value.playbooks as { id: string }[]).some((candidate) => candidate.id === playbook.id);
    const savedId = shipped ? `acme-${playbook.id}`.slice(0, 64) : playbook.id;
    if (shipped) {
      await card.getByRole('note').filter({ hasText: /^Saving replaces the shipped playbook/ }).waitFor();
      await card.getByRole('button', { name: `Rename the id of ${playbook.title}` }).click();
      const idField = card.getByLabel(`New name for the id of ${playbook.title}`);
      await idField.fill(savedId);
      await idField.press('Enter');
      await card.getByRole('button', { name: `Rename the id of ${playbook.title}` }).filter({ hasText: savedId }).waitFor();
      expect(await card.getByRole('note').filter({ hasText: /^Saving replaces/ }).count()).toBe(0);
    }

    const save = page.getByRole('button', { name: 'Save playbooks and templates' });
    const unphased = expected.playbooks.flatMap((candidate) => candidate.sections.filter((section) => section.phase === null).map((section) => ({ playbook: candidate.title, heading: section.heading })));
    if (unphased.length > 0) {
      // The service refuses a section with no phase: its reason is shown and the correction stays.
      await save.click();
      await page.getByRole('alert').filter({ hasText: /^Not saved: .+ Your corrections are kept\.$/ }).waitFor();
      await card.getByRole('listitem', { name: `Section ${corrected}` }).waitFor();
      for (const section of unphased) {
        await page.getByRole('region', { name: `Playbook ${section.playbook}` }).getByLabel(`Phase of ${section.heading}`).first().selectOption('Learn');
      }
    }
    await save.click();
    const saved = page.getByRole('status', { name: 'Runbook saved' });
    await saved.waitFor();
    await saved.getByText(/^\d+ files? written$/).click();
    expect(await saved.innerText()).toContain(`playbooks/${savedId}.`);
    await screenshotSizes(page, 'runbook-import-saved');

    // Declare an incident with the imported playbook: the dialog opens with it chosen.
    await saved.getByLabel('Declare an incident with').selectOption(savedId);
    await saved.getByRole('button', { name: 'Declare incident…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Scenario').inputValue()).toBe(savedId);
    await dialog.getByLabel('Title').fill('Deploy key found in a public gist');
    // The first level of whichever scheme is active (the import may have added the runbook's).
    await dialog.getByRole('radiogroup', { name: 'Severity' }).locator('label').first().click();
    await dialog.getByRole('button', { name: 'Declare incident' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Deploy key found in a public gist' }).waitFor();

    // The corrected section's steps are the incident's checklist.
    for (const step of target.steps.slice(0, 3)) await page.getByText(step.text, { exact: false }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
