import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

const token = 'ghp_Vx9Lq2Wm7Kd4Rt8Pz3Yc6Nb1Hs5Jf0Ga2Ue7';
let browser: Browser;
let context: BrowserContext;
let served: ServedConsole;
let page: Page;
const pageErrors: string[] = [];
const work = tempDataDir('firebreak-e2e-vault-');
const shots = 'test-results/screens';

beforeAll(async () => {
  // No passphrase from the environment: the responder creates the vault in the console.
  served = await serveConsole(work, { FIREBREAK_VAULT_PASSPHRASE: '' });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.clock.install();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const clipboardText = () => page.evaluate(() => navigator.clipboard.readText());

describe('the Vault screen', () => {
  it('creates the vault, stores a token without ever showing it, copies it and clears the clipboard after 30 s', async () => {
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.getByRole('button', { name: 'Vault', exact: true }).click();
    await page.getByRole('heading', { name: 'Create the vault' }).waitFor();
    await page.getByText(/Not the OS keychain because FIREBREAK_VAULT_BACKEND=encrypted-file/).waitFor();

    await page.getByLabel('Passphrase').fill('staple battery horse');
    await page.getByLabel('Again').fill('staple battery horse');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('cell', { name: 'firebreak/evidence-signing-key' }).waitFor();
    await page.getByText('Evidence signing key', { exact: true }).waitFor();

    await page.getByLabel('Name').fill('github-deploy-token');
    await page.getByLabel('Kind').selectOption('api-token');
    await page.getByLabel('Value (not shown)').fill(token);
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('Stored github-deploy-token.').waitFor();
    const row = page.getByRole('row', { name: /github-deploy-token/ });
    await row.getByText('API token').waitFor();
    expect(await page.getByLabel('Value (not shown)').inputValue()).toBe('');
    expect(await page.content()).not.toContain(token.slice(4, 20));

    await row.getByRole('button', { name: 'Copy github-deploy-token' }).click();
    await page.getByText('github-deploy-token is on the clipboard: it will be cleared in 30 s.').waitFor();
    expect(await clipboardText()).toBe(token);
    await page.screenshot({ path: `${shots}/vault-1440.png` });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: `${shots}/vault-1024.png`, fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.clock.fastForward(31_000);
    await page.getByText('The clipboard was cleared: github-deploy-token is no longer on it.').waitFor();
    expect(await clipboardText()).toBe('');
  });

  it('locks, refuses a wrong passphrase plainly, and unlocks with the right one', async () => {
    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Copy github-deploy-token' }).isDisabled()).toBe(true);
    await page.getByLabel('Passphrase').fill('staple battery hose');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').getByText('wrong vault passphrase: nothing was read or changed').waitFor();
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: `${shots}/vault-locked-1024.png` });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByLabel('Passphrase').fill('staple battery horse');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Lock the vault' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
