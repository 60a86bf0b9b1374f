import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, VerifyResult } from '../../src-main/contract';
import { launchChromium, screenSizes, screenshotSizes } from '../support/browser';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

/** One responder's laptop: its own data dir, vault passphrase and device key, and a console page on it. */
interface Laptop {
  name: string;
  served: ServedConsole;
  page: Page;
  errors: string[];
}

let browser: Browser;
let work: string;
let ana: Laptop;
let ben: Laptop;

async function laptop(name: string, passphrase: string): Promise<Laptop> {
  // Each laptop has its own encrypted-file vault: opening it makes that laptop's device key.
  const served = await serveConsole(path.join(work, name), { FIREBREAK_VAULT_PASSPHRASE: passphrase });
  // The name on each laptop's timeline entries; the device key tells the laptops apart.
  await apiCall(served, 'settings.update', { responderName: name });
  const context = await browser.newContext({ viewport: screenSizes[0] });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { name, served, page, errors };
}

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-team-');
  browser = await launchChromium();
  ana = await laptop('ana', 'ana keeps the incident log safe');
  ben = await laptop('ben', 'ben has another passphrase');
});
afterAll(async () => {
  await browser?.close();
  await ana?.served.stop();
  await ben?.served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function call<T>(on: Laptop, name: string, input: unknown): Promise<T> {
  const { body } = await apiCall(on.served, name, input);
  if (!body.ok) throw new Error(`${name} on ${on.name}'s laptop failed: ${body.error.message}`);
  return body.value as T;
}

/** A bundle handed from one laptop to the other (a USB stick), through the operations the dialogs call. */
async function handOver(from: Laptop, to: Laptop, id: string, label: string): Promise<void> {
  const file = path.join(work, `${label}.bundle.json`);
  await call(from, 'incident.export', { id, file });
  await call(to, 'incident.import', { file });
}

const conflicts = (on: Laptop) => on.page.getByRole('region', { name: 'Conflicts to settle' });


/** A severity change asks why; the reason goes on the timeline. */
async function changeSeverityReason(page: Page, severity: string, reason: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: /^Change severity/ });
  await dialog.getByLabel('Reason (required)').fill(reason);
  await dialog.getByRole('button', { name: `Change to ${severity}` }).click();
  await dialog.waitFor({ state: 'detached' });
}
describe('two responders share an incident in Chromium', () => {
  it('exchanges bundles, shows the concurrent severity change on both laptops, settles it on one, and both converge and verify', async () => {
    // Ben reads his device key on the Vault page and copies it for the commander.
    await ben.page.goto(ben.served.url);
    await ben.page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await ben.page.getByRole('button', { name: 'Vault', exact: true }).click();
    const deviceKey = ben.page.getByRole('group', { name: "This laptop's device key" });
    await deviceKey.getByLabel('device key', { exact: true }).waitFor();
    const benKey = (await deviceKey.getByLabel('device key', { exact: true }).innerText()).trim();
    expect(benKey).toBe((await call<{ deviceActorKey: string }>(ben, 'vault.status', {})).deviceActorKey);
    await deviceKey.getByRole('button', { name: 'Copy device key' }).click();
    expect(await ben.page.evaluate(() => navigator.clipboard.readText())).toBe(benKey);
    await screenshotSizes(ben.page, 'team-device-key');

    // Ana declares and adds Ben's laptop from the incident page.
    await call(ana, 'vault.status', {});
    const { id } = await call<{ id: string }>(ana, 'incident.declare', { title: 'Card payments fail for EU customers', severity: 'P2', scenario: 'generic', commander: 'ana' });
    await ana.page.goto(ana.served.url);
    await ana.page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await ana.page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await ana.page.getByRole('heading', { name: 'Card payments fail for EU customers' }).waitFor();
    await ana.page.getByRole('button', { name: 'Add responder…' }).click();
    const addDialog = ana.page.getByRole('dialog', { name: `Add responder to ${id}` });
    await addDialog.getByLabel('Their device key').fill(benKey);
    await addDialog.getByLabel('Name').fill('ben');
    await screenshotSizes(ana.page, 'team-add-responder');
    await addDialog.getByRole('button', { name: 'Add responder' }).click();
    await addDialog.getByText(`ben's laptop may now write to ${id}`).waitFor();
    await addDialog.getByRole('button', { name: 'Done', exact: true }).click();
    await ana.page.getByText(`Responder added: ben's laptop (device key ${benKey.slice(0, 12)}…) may write to this incident`).waitFor();

    // Ana exports to the suggested file in her data dir; the dialog gives the path and the signer to pass on.
    await ana.page.getByRole('button', { name: 'Export bundle…' }).click();
    const exportDialog = ana.page.getByRole('dialog', { name: `Export bundle of ${id}` });
    expect(await exportDialog.getByLabel('Bundle file to write').inputValue()).toMatch(new RegExp(`^${path.join(work, 'ana', 'exports')}/${id}-\\d{8}-\\d{6}\\.bundle\\.json$`));
    await exportDialog.getByRole('button', { name: 'Export bundle', exact: true }).click();
    const written = (await exportDialog.getByLabel('bundle file path', { exact: true }).innerText()).trim();
    const fingerprint = (await exportDialog.getByLabel('signing key fingerprint', { exact: true }).innerText()).trim();
    expect(fs.existsSync(written)).toBe(true);
    const events = (await call<IncidentDetail>(ana, 'incident.get', { id })).timeline.length;
    await exportDialog.getByText(`Wrote ${events} events of ${id} to`).waitFor();
    await screenshotSizes(ana.page, 'team-export');
    await exportDialog.getByRole('button', { name: 'Done', exact: true }).click();

    // Ben imports it from his dashboard, trusting the signer Ana named, and opens the incident.
    await ben.page.evaluate(() => (location.hash = '#/'));
    await ben.page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await ben.page.getByRole('button', { name: 'Import bundle…' }).click();
    const importDialog = ben.page.getByRole('dialog', { name: 'Import bundle' });
    await importDialog.getByLabel('Bundle file (.json) on this computer').fill(written);
    await importDialog.getByLabel('Signing key fingerprint (first import of an incident only)').fill(fingerprint);
    await screenshotSizes(ben.page, 'team-import-form');
    await importDialog.getByRole('button', { name: 'Import bundle', exact: true }).click();
    await importDialog.getByText(`Imported ${id}: ${events} events`).waitFor();
    await screenshotSizes(ben.page, 'team-import');
    // Opening the new incident is the default: Enter does it.
    await ben.page.keyboard.press('Enter');
    await ben.page.getByRole('heading', { name: 'Card payments fail for EU customers' }).waitFor();

    // Apart, both change the severity: Ana to P1, Ben to P3.
    await ana.page.getByRole('combobox', { name: 'Severity' }).selectOption('P1');
    await changeSeverityReason(ana.page, 'P1', 'customers in the EU cannot pay at all');
    await expect.poll(async () => (await call<IncidentDetail>(ana, 'incident.get', { id })).incident.severity).toBe('P1');
    await ben.page.getByRole('combobox', { name: 'Severity' }).selectOption('P3');
    await changeSeverityReason(ben.page, 'P3', 'only a retry delay, payments go through');
    await expect.poll(async () => (await call<IncidentDetail>(ben, 'incident.get', { id })).incident.severity).toBe('P3');

    // Bundles cross both ways; each page shows the conflict as soon as its import lands.
    await handOver(ana, ben, id, 'ana-1');
    await handOver(ben, ana, id, 'ben-1');
    for (const on of [ana, ben]) {
      const panel = conflicts(on).getByRole('group', { name: 'Severity conflict' });
      await panel.waitFor();
      await panel.getByText('P1 High').waitFor();
      await panel.getByText('P3 Low').waitFor();
      await panel.getByText(/applies now on every laptop/).waitFor();
    }
    const [anaView, benView] = await Promise.all([call<IncidentDetail>(ana, 'incident.get', { id }), call<IncidentDetail>(ben, 'incident.get', { id })]);
    expect(anaView.conflicts).toEqual(benView.conflicts);
    expect(anaView.incident.severity).toBe(benView.incident.severity);
    // The value that applies is the one the panel marks, the same on both laptops.
    const applied = anaView.conflicts[0]!.winner.value;
    expect(anaView.incident.severity).toBe(applied);
    await screenshotSizes(ana.page, 'team-conflict-ana');
    await screenshotSizes(ben.page, 'team-conflict-ben');

    // Ben decides from the keyboard: keep Ana's P1.
    const keep = conflicts(ben).getByRole('button', { name: 'Keep P1' });
    await keep.focus();
    await ben.page.keyboard.press('Enter');
    await conflicts(ben).waitFor({ state: 'detached' });
    expect((await call<IncidentDetail>(ben, 'incident.get', { id })).incident.severity).toBe('P1');
    await screenshotSizes(ben.page, 'team-settled-ben');

    // One more bundle: Ana's page shows the settled severity and no conflict.
    await handOver(ben, ana, id, 'ben-2');
    await conflicts(ana).waitFor({ state: 'detached' });
    expect(await ana.page.getByRole('combobox', { name: 'Severity' }).inputValue()).toBe('P1');
    await screenshotSizes(ana.page, 'team-settled-ana');

    // The same bundle again, from the incident page: nothing new, and the dialog says so.
    await ana.page.getByRole('button', { name: 'Import bundle…' }).click();
    const again = ana.page.getByRole('dialog', { name: 'Import bundle' });
    await again.getByLabel('Bundle file (.json) on this computer').fill(path.join(work, 'ben-2.bundle.json'));
    await again.getByRole('button', { name: 'Import bundle', exact: true }).click();
    await again.getByText(`Already up to date: this laptop held every event of ${id} in the bundle. Nothing changed.`).waitFor();
    await ana.page.keyboard.press('Enter');
    await again.waitFor({ state: 'detached' });

    // Heads are not compared here: either console may append an escalation reminder at any moment.
    for (const on of [ana, ben]) {
      const verdict = await call<VerifyResult>(on, 'incident.verify', { id });
      expect(verdict.verdict, `${on.name}: ${JSON.stringify({ firstBreak: verdict.firstBreak, mismatches: verdict.mismatches, missing: verdict.missing })}`).toBe('ok');
      const detail = await call<IncidentDetail>(on, 'incident.get', { id });
      expect(detail.conflicts).toEqual([]);
      expect(detail.incident.severity).toBe('P1');
    }
    expect([...ana.errors, ...ben.errors]).toEqual([]);
  });
});
