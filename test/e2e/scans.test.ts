import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
const random = seededRandom(99);
const token = fillTemplate('ghp_{alnum:36}', random);
const removed = fillTemplate('sk_live_{alnum:30}', random);

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-scans-');
  const repo = path.join(work, 'payments-api');
  const git = initRepo(repo, { name: 'Dev', email: 'dev@example.org' });
  fs.writeFileSync(path.join(repo, 'billing.py'), `STRIPE_KEY = "${removed}"\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'billing');
  fs.writeFileSync(path.join(repo, 'billing.py'), 'STRIPE_KEY = os.environ["STRIPE_KEY"]\n');
  fs.writeFileSync(path.join(repo, '.env'), `GITHUB_TOKEN=${token}\n`);
  git('add', 'billing.py');
  git('commit', '-q', '-m', 'read the key from the environment');
  session = await openConsolePage(path.join(work, 'data'));
  ({ served, page, pageErrors } = session);
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the Scans tab', () => {
  it('opens from a playbook scan step, finds secrets in files and history, and sends one to the rotation tracker', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Token pushed to a public repo', severity: 'P0', scenario: 'secret-leaked' });
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await page.evaluate((id) => (location.hash = `#/incident/${id}`), body.value.id);
    await page.getByRole('button', { name: /^Scan: .* →$/ }).first().click();
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans.getByLabel('Folder or repository to scan for secrets').fill(path.join(work, 'payments-api'));
    await scans.getByRole('button', { name: 'Scan for secrets' }).click();
    await scans.getByText(/^2 secret\(s\) found in 2 files and 2 commits/).waitFor();
    const rows = scans.locator('tr.finding');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.nth(0).textContent()).toContain('github-pat-classic');
    await expect.poll(() => rows.nth(1).textContent()).toContain('history only');
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).not.toContain(removed);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'screens', 'scans.png'), fullPage: true });

    await rows.nth(1).getByRole('button', { name: 'Rotate' }).click();
    await rows.nth(1).getByText(/^Sent to rotation as R1 \(pending\)/).waitFor();
    await rows.nth(0).getByRole('button', { name: 'False positive' }).click();
    await rows.nth(0).getByLabel('Why is this a false positive?').fill('revoked test token');
    await page.keyboard.press('Enter');
    await rows.nth(0).getByText('False positive: revoked test token').waitFor();

    await rows.nth(1).getByRole('button', { name: 'Open the Rotation tab →' }).click();
    const rotation = page.getByRole('region', { name: 'Rotation' });
    await rotation.getByRole('listitem', { name: /^R1 Stripe live secret key \(sk_l…\) in billing\.py$/ }).getByText('Pending').waitFor();
    await page.getByRole('tab', { name: 'Response' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText(/marked for rotation as R1/).waitFor();
    await page.getByRole('list', { name: 'Timeline' }).getByText(/marked false positive: revoked test token/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
