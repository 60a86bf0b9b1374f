import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from '../support/browser';
import { runCli } from '../support/cli';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-evidence-');
  fs.mkdirSync(path.join(work, 'logs'));
  fs.writeFileSync(path.join(work, 'logs', 'nginx-access.log'), '203.0.113.7 - - "GET /admin" 401\n'.repeat(200));
  fs.writeFileSync(path.join(work, 'logs', 'app.log'), 'ERROR token=redacted\n'.repeat(50));
  session = await openConsolePage(path.join(work, 'data'));
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function openEvidenceTab(incidentId: string) {
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  await page.evaluate((id) => (location.hash = `#/incident/${id}`), incidentId);
  // Keyboard: focus the selected tab, arrow right past the investigation tabs (Timeline, Indicators, Assets) to Evidence.
  await page.getByRole('tab', { name: 'Response' }).focus();
  for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/incident/${incidentId}/evidence`);
  return page.getByRole('region', { name: 'Evidence' });
}

describe('the Evidence tab', () => {
  it('collects, shows the hash and chain of custody, verifies, exports and records a hand-over', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Admin panel brute force', severity: 'P1', scenario: 'credential-compromise' });
    const evidence = await openEvidenceTab(body.value.id);
    await evidence.getByText('Nothing collected for this incident yet.').waitFor();
    await evidence.getByLabel('Files and folders to collect, one per line').fill(path.join(work, 'logs'));
    await evidence.getByLabel('Save the archive as').fill(path.join(work, 'out', 'brute-force.tar.gz'));
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();
    await evidence.getByText(/^Collected 2 files/).waitFor();
    const item = evidence.locator('.evidence-item').first();
    const sha = fs.readFileSync(path.join(work, 'out', 'brute-force.tar.gz.sha256'), 'utf8').split(' ')[0];
    await item.getByLabel(/^SHA-256 of EV-/).getByText(sha!, { exact: true }).waitFor();

    await item.getByRole('button', { name: 'Verify', exact: true }).click();
    await item.getByText(/^Intact: 2 files match, signed by the key registered with EV-[0-9a-f]{8} \([0-9a-f]{16}…\)$/).waitFor();
    fs.mkdirSync(path.join(work, 'usb'));
    await item.getByLabel(/^Export EV-/).fill(path.join(work, 'usb'));
    await item.getByRole('button', { name: 'Export' }).click();
    await item.getByText(`Exported to ${path.join(work, 'usb', 'brute-force.tar.gz')}; the copy's sha256 matches`).waitFor();
    expect(fs.readdirSync(path.join(work, 'usb')).sort()).toEqual(['brute-force.tar.gz', 'brute-force.tar.gz.manifest.json', 'brute-force.tar.gz.sha256']);
    await item.getByLabel('Custody detail').fill('to Legal (Dana), sealed drive #4');
    await item.getByRole('button', { name: 'Add to custody log' }).click();
    const custody = item.getByRole('list', { name: /Chain of custody/ });
    await expect.poll(async () => (await custody.locator('.custody-words').allTextContents()).map((words) => words.split(/:| to /)[0])).toEqual(['collected', 'verified', 'exported', 'handed over']);

    // Quarantine a dropped web shell, then release it.
    const shell = path.join(work, 'shell.php');
    fs.writeFileSync(shell, '<?php eval($_POST["x"]); ?>');
    const quarantine = evidence.getByRole('region', { name: 'Quarantine' });
    await quarantine.getByLabel('File to quarantine').fill(shell);
    await quarantine.getByRole('button', { name: 'Quarantine file' }).click();
    await quarantine.getByText(/^Quarantined .*shell\.php as Q-/).waitFor();
    expect(fs.existsSync(shell)).toBe(false);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', 'evidence.png'), fullPage: true });
    await quarantine.getByRole('button', { name: 'Release' }).click();
    await quarantine.getByText(/^Released Q-/).waitFor();
    expect(fs.readFileSync(shell, 'utf8')).toBe('<?php eval($_POST["x"]); ?>');

    await page.getByRole('tab', { name: 'Response' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(/handed over to Legal \(Dana\), sealed drive #4/).waitFor();
    await timeline.getByText(/exported/).first().waitFor();
    expect(pageErrors).toEqual([]);

    // A forger with their own Firebreak rewrites a log, collects it under their own key, and puts
    // the archive, manifest and checksum in place of the genuine ones.
    const forged = path.join(work, 'forger', 'logs');
    fs.cpSync(path.join(work, 'logs'), forged, { recursive: true });
    fs.writeFileSync(path.join(forged, 'nginx-access.log'), '198.51.100.1 - - "GET /" 200\n'.repeat(200));
    const forgery = path.join(work, 'forger', 'brute-force.tar.gz');
    expect(runCli(path.join(work, 'forger-data'), ['evidence', 'collect', forged, '-o', forgery]).status).toBe(0);
    for (const suffix of ['', '.manifest.json', '.sha256']) {
      fs.rmSync(path.join(work, 'out', `brute-force.tar.gz${suffix}`));
      fs.copyFileSync(`${forgery}${suffix}`, path.join(work, 'out', `brute-force.tar.gz${suffix}`));
    }
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await item.getByRole('button', { name: 'Verify', exact: true }).click();
    const verdict = item.getByRole('alert');
    await verdict.getByText(/^FAILED: \d+ mismatches\. Signed by key [0-9a-f]{16}…, not a key you trust\.$/).waitFor();
    await verdict.getByText(/^signed, but not by a key you trust: key [0-9a-f]{64}/).waitFor();
    await verdict.getByText(/^logs\/nginx-access\.log changed: its SHA-256 differs from the record of EV-/).waitFor();
    for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
      await page.setViewportSize({ width, height });
      await verdict.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', `evidence-forged-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(pageErrors).toEqual([]);
  });

  it('shows files, bytes, rate and time left while collecting, and cancels leaving nothing behind', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Disk image of the web host', severity: 'P2' });
    fs.mkdirSync(path.join(work, 'image'));
    fs.writeFileSync(path.join(work, 'image', 'disk.img'), '');
    fs.truncateSync(path.join(work, 'image', 'disk.img'), 4 * 1024 ** 3);
    const evidence = await openEvidenceTab(body.value.id);
    await evidence.getByLabel('Files and folders to collect, one per line').fill(path.join(work, 'image'));
    await evidence.getByLabel('Save the archive as').fill(path.join(work, 'out', 'disk.tar.gz'));
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();
    const progress = evidence.getByRole('status', { name: 'Collection progress' });
    await progress.getByText(/^0\/1 files · [\d.]+ MB of 4096\.0 MB · [\d.]+ MB\/s · about \d+/).waitFor();
    expect(Number(await progress.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeLessThan(100);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', 'evidence-progress.png') });
    await evidence.getByRole('button', { name: 'Cancel' }).click();
    await evidence.getByText('collection cancelled: no archive was left behind').waitFor();
    expect(fs.readdirSync(path.join(work, 'out')).filter((name) => name.startsWith('disk'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
