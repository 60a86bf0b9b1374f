import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

// Evidence under pressure: a path that is not there, what an archive holds, a hash to hand on,
// and a verify result that is still there when the responder looks back at it.
const shots = path.join(screensDir, 'evidence');
let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  work = tempDataDir('firebreak-e2e-evidence-pressure-');
  fs.mkdirSync(path.join(work, 'logs'));
  for (let i = 0; i < 130; i += 1) fs.writeFileSync(path.join(work, 'logs', `access-${String(i).padStart(3, '0')}.log`), `203.0.113.${i % 250} - - "POST /login" 401\n`.repeat(20));
  session = await openConsolePage(path.join(work, 'data'));
  ({ served, page, pageErrors } = session);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function openEvidenceTab(incidentId: string): Promise<Locator> {
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.evaluate((id) => (location.hash = `#/incident/${id}/evidence`), incidentId);
  const evidence = page.getByRole('region', { name: 'Evidence' });
  await evidence.waitFor();
  return evidence;
}

/** Both window sizes, dark and light, no sideways scrolling, the given element in view. */
async function shoot(name: string, inView: Locator) {
  await screenshotThemes(page, shots, name, () => inView.scrollIntoViewIfNeeded());
}

describe('evidence under pressure', () => {
  let incidentId: string;
  const missing = () => path.join(work, 'var-log-rotated');
  const archive = () => path.join(work, 'out', 'login-flood.tar.gz');

  it('names a missing path before collecting, collects without it when asked, and the manifest lists it as left out', async () => {
    incidentId = (await apiCall(served, 'incident.declare', { title: 'Login flood from one /24', severity: 'P1' })).body.value.id;
    const evidence = await openEvidenceTab(incidentId);
    await evidence.getByText('Nothing collected for this incident yet.').waitFor();
    await evidence.getByLabel('Files and folders to collect, one per line').fill(`${path.join(work, 'logs')}\n${missing()}`);
    await evidence.getByLabel('Save the archive as').fill(archive());
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();

    const before = evidence.getByRole('alert', { name: 'Before collecting' });
    await before.getByRole('heading', { name: '1 of 2 paths cannot be collected' }).waitFor();
    await expect.poll(() => before.getByRole('list', { name: 'Paths that cannot be collected' }).innerText()).toBe(`${missing()}\nno such file or folder`);
    expect(await before.innerText()).not.toContain('ENOENT');
    // Nothing was written while the responder decides.
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
    await shoot('preflight-missing', before);

    await before.getByRole('button', { name: 'Collect without it' }).click();
    const card = evidence.getByRole('listitem', { name: /^Archive EV-/ });
    const collected = card.getByRole('status', { name: 'Collection result' });
    await collected.getByText(/^Collected 130 files/).waitFor();
    await collected.getByText(`Left out: ${missing()} (no such file or folder)`).waitFor();
    await expect.poll(() => before.count()).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(`${archive()}.manifest.json`, 'utf8'));
    expect(manifest.leftOut).toEqual([{ path: missing(), reason: 'no such file or folder' }]);
    expect(manifest.roots).toEqual([path.join(work, 'logs')]);
    const custody = card.getByRole('list', { name: /Chain of custody/ });
    await custody.getByText(new RegExp(`^collected: 130 files from .*; left out: ${missing().replace(/[/.-]/g, '\\$&')} \\(no such file or folder\\)$`)).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows what the archive holds, 100 entries a page, with what was left out', async () => {
    const card = page.getByRole('listitem', { name: /^Archive EV-/ });
    await card.getByRole('button', { name: 'Contents' }).click();
    const table = card.getByRole('table', { name: /^Contents of EV-/ });
    await table.getByRole('cell', { name: 'logs/access-000.log', exact: true }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(100);
    await card.getByText('Entries 1–100 of 131 · page 1 of 2').waitFor();
    await card.getByLabel(/^Left out of EV-/).getByText(missing()).waitFor();
    await shoot('contents', table);
    await card.getByRole('button', { name: 'Next 100' }).click();
    await card.getByText('Entries 101–131 of 131 · page 2 of 2').waitFor();
    await table.getByRole('cell', { name: 'logs/access-129.log', exact: true }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(31);
    // Each file's hash is the one in the manifest, ready to copy.
    const manifest = JSON.parse(fs.readFileSync(`${archive()}.manifest.json`, 'utf8'));
    const last = manifest.entries.find((entry: { archivePath: string }) => entry.archivePath === 'logs/access-129.log');
    await table.getByLabel('SHA-256 of logs/access-129.log', { exact: true }).getByText(last.sha256).waitFor();
    await card.getByRole('button', { name: 'Hide contents' }).click();
    await expect.poll(() => table.count()).toBe(0);
  });

  it('copies the archive\'s hash whole', async () => {
    const card = page.getByRole('listitem', { name: /^Archive EV-/ });
    const sha = fs.readFileSync(`${archive()}.sha256`, 'utf8').split(' ')[0]!;
    await card.getByRole('button', { name: /^Copy SHA-256 of EV-/ }).click();
    await card.getByRole('button', { name: /^Copy SHA-256 of EV-/ }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sha);
  });

  it('keeps the verify result on the card through an export, a hand-over and a change of tab, until dismissed', async () => {
    const card = page.getByRole('listitem', { name: /^Archive EV-/ });
    await card.getByRole('button', { name: 'Verify', exact: true }).click();
    const verified = card.getByRole('status', { name: 'Verify result' });
    await verified.getByText(/^Intact: 130 files match, signed by the key registered with EV-/).waitFor();

    fs.mkdirSync(path.join(work, 'usb'));
    await card.getByLabel(/^Export EV-/).fill(path.join(work, 'usb'));
    await card.getByRole('button', { name: 'Export' }).click();
    await card.getByRole('status', { name: 'Export result' }).getByText(/the copy's sha256 matches$/).waitFor();
    await card.getByLabel('Custody action').selectOption({ label: 'handed over' });
    await card.getByLabel('Custody detail').fill('to Legal (Dana), sealed drive #4');
    await card.getByRole('button', { name: 'Add to custody log' }).click();
    const custody = card.getByRole('list', { name: /Chain of custody/ });
    await custody.getByText('handed over to Legal (Dana), sealed drive #4').waitFor();
    expect(await custody.innerText()).not.toContain('handed-over');
    await verified.getByText(/^Intact: 130 files match/).waitFor();
    await shoot('results-stay', card);

    await page.getByRole('tab', { name: 'Response' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(/Evidence EV-[0-9a-f]{8} handed over to Legal \(Dana\), sealed drive #4/).waitFor();
    await timeline.getByText(/left out: .*var-log-rotated \(no such file or folder\)/).waitFor();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await verified.getByText(/^Intact: 130 files match/).waitFor();
    await card.getByRole('button', { name: 'Dismiss the verify result' }).click();
    await expect.poll(() => verified.count()).toBe(0);
    await card.getByRole('status', { name: 'Export result' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('offers no way on when none of the paths can be collected, and the archive cannot be saved over another', async () => {
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByLabel('Files and folders to collect, one per line').fill(missing());
    await evidence.getByLabel('Save the archive as').fill(archive());
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();
    const before = evidence.getByRole('alert', { name: 'Before collecting' });
    await before.getByRole('heading', { name: 'None of the paths can be collected' }).waitFor();
    await before.getByText(`${archive()} already exists: choose another name (evidence is never overwritten)`).waitFor();
    expect(await before.getByRole('button', { name: /^Collect without/ }).count()).toBe(0);
    await before.getByRole('button', { name: 'Edit the list' }).click();
    await expect.poll(() => before.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
