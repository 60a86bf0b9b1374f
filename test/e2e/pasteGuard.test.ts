import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src-main/domain/scans/secretMatch';
import { launchChromium } from '../support/browser';
import { apiCall, repoRoot, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const screenshotDir = path.join(repoRoot, 'test-results', 'screens');
const random = seededRandom(8080);
// A GitHub token in its documented format, generated so this file holds none.
const token = fillTemplate('ghp_{alnum:36}', random);
const aws = fillTemplate('AKIA{b32:16}', random);
// Another one, for the vault: once there, it is redacted as a vault value wherever it appears.
const awsForVault = fillTemplate('AKIA{b32:16}', random);
const pieces = (value: string) => Array.from({ length: value.length - 15 }, (_, at) => value.slice(at, at + 16));
const redactedToken = `ghp_…[redacted github-pat-classic sha256:${fingerprint(token)}]`;

let browser: Browser;
let context: BrowserContext;
let served: ServedConsole;
let dataDir: string;
let page: Page;
const pageErrors: string[] = [];
let incidentId: string;

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  browser = await launchChromium();
  dataDir = tempDataDir();
  served = await serveConsole(dataDir);
  incidentId = (await apiCall(served, 'incident.declare', { title: 'GitHub token posted in the incident channel', severity: 'P1', scenario: 'secret-leaked' })).body.value.id;
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await browser.close();
  await served.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openIncident() {
  await page.evaluate((id) => (window.location.hash = `#/incident/${id}`), incidentId);
  await page.getByRole('heading', { name: 'GitHub token posted in the incident channel' }).waitFor();
}

describe('the paste guard in Chromium', () => {
  it('warns on a pasted token, shows the redacted form in the field, and the timeline gets only that', async () => {
    await openIncident();
    const note = page.getByLabel('New note');
    await note.click();
    await page.keyboard.type('From the chat: ');
    // A real paste: the token goes through the system clipboard and Ctrl+V.
    await page.evaluate((text) => navigator.clipboard.writeText(text), token);
    await page.keyboard.press('Control+V');

    const warning = page.getByRole('alert', { name: 'Secret in the note' });
    await warning.waitFor();
    expect(await warning.innerText()).toContain('GitHub personal access token (classic)');
    expect(await warning.innerText()).toContain('ghp_…');
    await expect.poll(() => note.inputValue()).toBe(`From the chat: ${redactedToken}`);
    await warning.getByRole('button', { name: 'Store redacted' }).waitFor();
    await warning.getByRole('button', { name: 'Put the value in the vault instead' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'paste-guard-1440x900.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await warning.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(screenshotDir, 'paste-guard-1024x700.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole('button', { name: 'Add note' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(`From the chat: ${redactedToken}`).waitFor();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await note.inputValue()).toBe('');
    const html = await page.content();
    expect(pieces(token).filter((piece) => html.includes(piece))).toEqual([]);
  });

  it('puts a pasted value in the vault instead when asked: named in a dialog, the note keeps only the redacted form', async () => {
    await openIncident();
    const note = page.getByLabel('New note');
    await note.click();
    await page.keyboard.type('Leaked AWS key: ');
    await page.evaluate((text) => navigator.clipboard.writeText(text), awsForVault);
    await page.keyboard.press('Control+V');
    const warning = page.getByRole('alert', { name: 'Secret in the note' });
    await warning.getByRole('button', { name: 'Put the value in the vault instead' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep the value in the vault' });
    await dialog.getByText('AKIA…').waitFor();
    await dialog.getByLabel('Name in the vault').fill('leaked-aws-key');
    await page.screenshot({ path: path.join(screenshotDir, 'vault-deposit-1440x900.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: path.join(screenshotDir, 'vault-deposit-1024x700.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole('button', { name: 'Keep in vault' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const listed = (await apiCall(served, 'vault.list', {})).body.value.entries.map((entry: { name: string; kind: string }) => `${entry.name} ${entry.kind}`);
    expect(listed).toContain('leaked-aws-key leaked-secret');
    expect(await note.inputValue()).toMatch(/^Leaked AWS key: AKIA…\[redacted aws-access-key-id sha256:[0-9a-f]{16}\]$/);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText(/^Leaked AWS key: AKIA…\[redacted aws-access-key-id/).waitFor();
    const html = await page.content();
    expect(pieces(awsForVault).filter((piece) => html.includes(piece))).toEqual([]);
  });

  it('catches a token typed rather than pasted before it is stored, and stores the redacted form once confirmed', async () => {
    await openIncident();
    const note = page.getByLabel('New note');
    await note.fill(`aws key was ${aws}`);
    await page.getByRole('button', { name: 'Add note' }).click();
    const warning = page.getByRole('alert', { name: 'Secret in the note' });
    await warning.waitFor();
    const redacted = `aws key was AKIA…[redacted aws-access-key-id sha256:${fingerprint(aws)}]`;
    await expect.poll(() => note.inputValue()).toBe(redacted);
    // Nothing was stored before the responder saw the warning.
    const before = (await apiCall(served, 'incident.get', { id: incidentId })).body.value.timeline.length;
    await warning.getByRole('button', { name: 'Store redacted' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText(redacted).waitFor();
    const after = (await apiCall(served, 'incident.get', { id: incidentId })).body.value.timeline;
    expect(after.length).toBe(before + 1);
    expect(JSON.stringify(after).includes(aws)).toBe(false);
  });

  it('guards a step skip reason the same way: "Store redacted" saves the redacted reason', async () => {
    await openIncident();
    const step = page.locator('[data-step-id="acknowledge-and-assign"]');
    await step.click();
    await step.getByRole('button', { name: /^Skip/ }).click();
    const reason = page.getByLabel('Why skip it? (Enter to save, Esc to close)');
    await reason.click();
    await page.keyboard.type('Done outside the console with ');
    await page.evaluate((text) => navigator.clipboard.writeText(text), token);
    await page.keyboard.press('Control+V');
    const warning = page.getByRole('alert', { name: 'Secret in the skip reason' });
    await warning.waitFor();
    await expect.poll(() => reason.inputValue()).toBe(`Done outside the console with ${redactedToken}`);
    await page.screenshot({ path: path.join(screenshotDir, 'paste-guard-skip-reason-1440x900.png') });
    await warning.getByRole('button', { name: 'Store redacted' }).click();
    await step.getByText(`Skipped: Done outside the console with ${redactedToken}`).waitFor();
  });

  it('names what the console redacted on its own when the guard could not check first', async () => {
    await openIncident();
    // The check fails (as when the main process is busy): the note goes as typed, and is redacted on the way in.
    await page.route('**/api/op/text.check', (route) => route.abort());
    const note = page.getByLabel('New note');
    await note.fill(`second token ${token} found in the wiki`);
    await page.getByRole('button', { name: 'Add note' }).click();
    const notice = page.getByRole('status', { name: 'The note was stored redacted' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`GitHub personal access token (classic), stored as ${redactedToken}`);
    await page.getByRole('list', { name: 'Timeline' }).getByText(`second token ${redactedToken} found in the wiki`).waitFor();
    await page.unroute('**/api/op/text.check');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
