import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenSizes, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const shotsDir = path.join(screensDir, 'vars');
// A GitHub token in its documented format, generated so this file holds none.
const token = fillTemplate('ghp_{alnum:36}', seededRandom(1414));

// A team's own playbook: one repository named once, used by commands in three phases.
const playbook = `id: repo-secret
title: Secret pushed to a repository
variables:
  - name: REPOSITORY
    label: Repository, as owner/name
    example: acme/shop
    pattern: '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+'
  - name: FILE_WITH_SECRET
    label: File that held the secret
    example: config/settings.py
steps:
  - id: list-secrets
    phase: Triage
    text: List the repository's Actions secrets
    command: gh secret list --repo {REPOSITORY}
  - id: make-private
    phase: Contain
    text: Take the repository private while the secret is live
    command: gh repo edit {REPOSITORY} --visibility private --accept-visibility-change-consequences
  - id: purge-file
    phase: Eradicate
    text: Remove the file from the history of a fresh mirror
    command: git clone --mirror https://github.com/{REPOSITORY}.git && git -C {REPOSITORY} filter-repo --invert-paths --path {FILE_WITH_SECRET}
`;

let browser: Browser;
let context: BrowserContext;
let served: ServedConsole;
let dataDir: string;
let page: Page;
const pageErrors: string[] = [];
let incidentId: string;

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  dataDir = tempDataDir();
  fs.mkdirSync(path.join(dataDir, 'playbooks'));
  fs.writeFileSync(path.join(dataDir, 'playbooks', 'repo-secret.yaml'), playbook);
  browser = await launchChromium();
  served = await serveConsole(dataDir);
  const declared = await apiCall(served, 'incident.declare', { title: 'Deploy key pushed to acme/shop', severity: 'P1', scenario: 'repo-secret' });
  incidentId = declared.body.value.id;
  context = await browser.newContext({ viewport: screenSizes[0] });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/incident/${id}`), incidentId);
  await page.getByRole('heading', { name: 'Deploy key pushed to acme/shop' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function shots(name: string) {
  await screenshotThemes(page, shotsDir, name, () => page.getByRole('region', { name: 'Checklist' }).scrollIntoViewIfNeeded());
}

const commandOf = (stepId: string) => page.locator(`[data-step-id="${stepId}"] .command code`);
const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

describe('placeholders filled in place, in Chromium', () => {
  it('asks each value once, and every command of every step shows and copies it', async () => {
    const values = page.getByRole('form', { name: 'Command values' });
    await values.getByText('2 of 2 still to fill').waitFor();
    expect(await commandOf('make-private').textContent()).toBe('gh repo edit {REPOSITORY} --visibility private --accept-visibility-change-consequences');
    await shots('values-empty');

    // c on a command with a gap copies nothing and takes the responder to the field that fills it.
    await page.locator('[data-step-id="make-private"] .step-text').click();
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.keyboard.press('c');
    await page.getByText('Not copied: fill {REPOSITORY} first (Command values, above).').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('command-value-REPOSITORY');
    expect(await clipboard()).toBe('before');

    // The gap itself is a way to its field too.
    await page.locator('[data-step-id="purge-file"]').getByRole('button', { name: 'Fill FILE_WITH_SECRET' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('command-value-FILE_WITH_SECRET');
    await page.keyboard.type("config/it's here.env");
    await page.locator('#command-value-REPOSITORY').fill('acme/shop');
    await page.keyboard.press('Enter');

    await page.getByRole('region', { name: 'Command values' }).getByRole('button', { name: 'Edit' }).waitFor();
    await expect.poll(() => commandOf('list-secrets').textContent()).toBe('gh secret list --repo acme/shop');
    expect(await commandOf('make-private').textContent()).toBe('gh repo edit acme/shop --visibility private --accept-visibility-change-consequences');
    // The quote in the value is quoted: the path stays one argument.
    const purge = "git clone --mirror https://github.com/acme/shop.git && git -C acme/shop filter-repo --invert-paths --path 'config/it'\\''s here.env'";
    expect(await commandOf('purge-file').textContent()).toBe(purge);

    await page.locator('[data-step-id="make-private"] .step-text').click();
    await page.keyboard.press('c');
    await expect.poll(clipboard).toBe('gh repo edit acme/shop --visibility private --accept-visibility-change-consequences');
    await page.locator('[data-step-id="purge-file"]').getByRole('button', { name: 'Copy command' }).click();
    await expect.poll(clipboard).toBe(purge);

    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText("Command values: {FILE_WITH_SECRET} = config/it's here.env, {REPOSITORY} = acme/shop").waitFor();
    await shots('values-filled');

    // Stored on the incident: a reload shows the filled commands.
    await page.reload();
    await expect.poll(() => commandOf('list-secrets').textContent()).toBe('gh secret list --repo acme/shop');
  });

  it('refuses a value that looks like a secret, saying why, and stores nothing of it', async () => {
    await page.getByRole('region', { name: 'Command values' }).getByRole('button', { name: 'Edit' }).click();
    await page.locator('#command-value-FILE_WITH_SECRET').fill(token);
    await page.getByRole('button', { name: 'Save values' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved: fix the values marked below.' }).waitFor();
    await page.getByText(/\{FILE_WITH_SECRET\} looks like a secret \(GitHub personal access token \(classic\), ghp_…\): nothing was stored/).waitFor();
    expect(await page.locator('#command-value-FILE_WITH_SECRET').getAttribute('aria-invalid')).toBe('true');
    // The secret does not stay on screen: the field is back to the value the incident holds.
    expect(await page.locator('#command-value-FILE_WITH_SECRET').inputValue()).toBe("config/it's here.env");
    await page.getByText('The field is back to its saved value.').waitFor();
    await shots('values-secret-refused');
    expect(await commandOf('purge-file').textContent()).toContain("--path 'config/it'\\''s here.env'");
    const detail = await apiCall(served, 'incident.get', { id: incidentId });
    expect(JSON.stringify(detail.body)).not.toContain(token.slice(4));
    expect(pageErrors).toEqual([]);
  });
});
