import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, screensDir, screenshotSizes, type ConsolePage } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-reports-');
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function palette(command: RegExp): Promise<void> {
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  await dialog.getByRole('option', { name: command }).click();
  await dialog.waitFor({ state: 'detached' });
}

// A GitHub token in its documented format, generated so this file holds none.
const token = fillTemplate('ghp_{alnum:36}', seededRandom(1313));
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('communications, reports and action items in Chromium', () => {
  it('composes a status update, marks it sent, reads and exports the report, and tracks action items to done', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'OpenAI key pushed to GitHub', severity: 'P0', scenario: 'secret-leaked', commander: 'dana' });
    const id = body.value.id as string;
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('heading', { name: 'OpenAI key pushed to GitHub' }).waitFor();

    // Compose, from the palette.
    await palette(/^Compose message/);
    const compose = page.getByRole('region', { name: 'Compose' });
    await compose.getByRole('button', { name: /^Status update/ }).click();
    const form = page.getByRole('form', { name: 'Compose: Status update' });
    const message = form.getByLabel('Message', { exact: true });
    await expect.poll(() => message.inputValue()).toContain(id);
    const rendered = (await apiCall(served, 'template.render', { incidentId: id, templateId: 'status-update' })).body.value;
    expect(await message.inputValue()).toBe(rendered.body);
    if (rendered.missing.length > 0) {
      await form.getByText(/markers? to fill in/).waitFor();
      // The fields to fill are named, and each jumps to its marker.
      await form.getByRole('button', { name: rendered.missing[0], exact: true }).click();
      expect(await message.evaluate((field: HTMLTextAreaElement) => field.value.slice(field.selectionStart, field.selectionEnd))).toMatch(/^\[fill in:/);
    }
    await form.getByLabel('Sent to (channel)').fill('#incident-42');
    await screenshotSizes(page, 'compose', { fullPage: true });

    // A failure (text over the limit) says why, in place, and keeps the draft.
    const edited = (await message.inputValue()).replace(/\[fill in:[^\]]*\]/g, 'the key was revoked at 14:02');
    await message.fill(`${edited}\n${'x'.repeat(50_001)}`);
    await form.getByRole('button', { name: 'Mark sent' }).click();
    await form.getByRole('alert').getByText(/^Not marked sent: .+ Your text is kept\.$/).waitFor();
    expect((await message.inputValue()).length).toBeGreaterThan(50_000);
    await message.fill(edited);
    await form.getByText('Every field is filled.').waitFor();
    // The draft stays while the responder looks elsewhere.
    await page.getByRole('tab', { name: 'Response' }).click();
    await page.getByRole('tab', { name: 'Compose' }).click();
    expect(await message.inputValue()).toBe(edited);

    // Escape in a field leaves the field, never the page.
    await form.getByLabel('Sent to (channel)').focus();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => location.hash)).toBe(`#/incident/${id}/compose`);
    expect(await form.getByLabel('Sent to (channel)').inputValue()).toBe('#incident-42');

    // A token pasted or typed into the message is shown redacted before anything is recorded.
    await message.fill(`${edited}\nSeen in the chat: ${token}`);
    await form.getByRole('button', { name: 'Mark sent' }).click();
    const warning = form.getByRole('alert', { name: 'Secret in the message' });
    await warning.waitFor();
    await expect.poll(() => message.inputValue()).toContain('[redacted github-pat-classic');
    expect(await message.inputValue()).not.toContain(token);
    await warning.getByRole('button', { name: 'Store redacted' }).click();
    const sent = compose.getByRole('status', { name: 'Last message sent' });
    await expect.poll(() => sent.innerText()).toMatch(/^Status update marked sent \d{1,2}:\d{2}.* to #incident-42\. Next update due \d{1,2}:\d{2}.*, in (29|30) min\.$/);
    await screenshotSizes(page, 'compose-sent', { fullPage: true });
    // It is read back from the timeline after a reload.
    await page.reload();
    await expect.poll(() => sent.innerText()).toMatch(/Next update due \d{1,2}:\d{2}.*, in (29|30) min\.$/);

    // The draft is kept while switching tabs; the sent message is on the timeline.
    await page.getByRole('tab', { name: 'Response' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(/Status update sent/i).first().waitFor();

    // The report, from the palette, then the postmortem.
    await palette(/^Open report/);
    const report = page.getByRole('region', { name: 'Report' });
    const incidentReport = report.getByRole('article', { name: 'Incident report' });
    for (const heading of ['Summary', 'Impact', 'Timeline', 'Root Cause', 'Action Items']) await incidentReport.getByRole('heading', { name: heading, exact: true }).waitFor();
    expect(await incidentReport.getByRole('table').count()).toBeGreaterThan(0);
    // No live links or images in the console: the CSP and the hardening forbid remote content.
    expect(await incidentReport.locator('a, img').count()).toBe(0);

    await report.getByRole('button', { name: 'Export Markdown' }).click();
    const exported = report.getByRole('status', { name: 'Exported file' });
    await exported.waitFor();
    const writtenPath = await exported.locator('.report-path').innerText();
    const digest = await exported.locator('.report-digest code').innerText();
    const bytes = Number(/\((\d+) bytes\)/.exec(await exported.innerText())?.[1]);
    const onDisk = fs.readFileSync(writtenPath);
    expect(onDisk.length).toBe(bytes);
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(digest);
    expect(onDisk.toString('utf8')).toBe((await apiCall(served, 'report.render', { id, kind: 'incident' })).body.value.markdown);
    await screenshotSizes(page, 'report', { fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Export Markdown' }).isVisible()).toBe(false);
    expect(await page.getByRole('tablist').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(screensDir, 'report-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await report.getByRole('button', { name: 'Postmortem' }).click();
    const postmortem = report.getByRole('article', { name: 'Postmortem' });
    await postmortem.getByRole('heading', { name: /What went well/i }).waitFor();
    await page.screenshot({ path: path.join(screensDir, 'report-postmortem-1440x900.png'), fullPage: true });

    // Action items: one overdue, one later; done from the tab, listed on the dashboard while open.
    await palette(/^Add action item/);
    const actions = page.getByRole('region', { name: 'Action items' });
    const add = actions.getByRole('form', { name: 'Add an action item' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`action-title-${id}`);
    await page.keyboard.type('Add a pre-commit hook that blocks secrets');
    await add.getByLabel('Owner').fill('dana');
    await add.getByLabel('Due').fill(yesterday());
    await add.getByRole('button', { name: 'Add action item' }).click();
    await add.getByText(/^Added A1: /).waitFor();
    await add.getByLabel('Action item').fill('Rotate every key older than 90 days');
    await add.getByRole('button', { name: 'Add action item' }).click();
    await add.getByText(/^Added A2: /).waitFor();
    const first = actions.getByRole('row', { name: 'A1 Add a pre-commit hook that blocks secrets' });
    await first.getByText('Overdue').waitFor();

    // Edit in place.
    const second = actions.getByRole('row', { name: /^A2 / });
    await second.getByRole('button', { name: 'Edit A2' }).click();
    await actions.getByRole('form', { name: 'Edit A2' }).getByLabel('Owner').fill('sam');
    await actions.getByRole('button', { name: 'Save' }).click();
    await second.getByRole('cell', { name: 'sam' }).waitFor();
    await screenshotSizes(page, 'actions', { fullPage: true });

    await page.getByRole('button', { name: '← Incidents' }).click();
    const panel = page.getByRole('region', { name: 'Open action items' });
    await panel.getByText('Add a pre-commit hook that blocks secrets').waitFor();
    await panel.getByText('Rotate every key older than 90 days').waitFor();
    expect(await panel.getByRole('listitem').first().innerText()).toContain('Overdue');
    await page.screenshot({ path: path.join(screensDir, 'dashboard-actions-1440x900.png'), fullPage: true });

    await panel.getByRole('listitem').first().getByRole('button', { name: new RegExp(id) }).click();
    await first.getByRole('button', { name: 'Mark A1 done' }).click();
    await first.getByRole('button', { name: 'Reopen A1' }).waitFor();
    await page.getByRole('tab', { name: 'Response' }).click();
    await timeline.getByText(/A1/).first().waitFor();
    await page.getByRole('button', { name: '← Incidents' }).click();
    await panel.getByText('Rotate every key older than 90 days').waitFor();
    expect(await panel.getByText('Add a pre-commit hook that blocks secrets').count()).toBe(0);

    // Every change went through the hash-chained log, and the token never reached the page or the report.
    expect(await page.content()).not.toContain(token);
    expect(fs.readFileSync(writtenPath, 'utf8')).not.toContain(token);
    expect((await apiCall(served, 'incident.verify', { id })).body.value.intact).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
