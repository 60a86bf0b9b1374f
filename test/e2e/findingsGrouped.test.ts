import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingGroup, ScanRun } from '../../src-main/contract';
import { openConsolePage, screenSizes, type ConsolePage, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
const random = seededRandom(1406);
const token = fillTemplate('ghp_{alnum:36}', random);
const removed = fillTemplate('sk_live_{alnum:30}', random);
const shotsDir = path.join(screensDir, 'findings');

/** The window at both sizes, dark, and no sideways scrolling at either. */
async function shots(name: string, target?: Locator): Promise<void> {
  await screenshotThemes(page, shotsDir, name, async () => target?.scrollIntoViewIfNeeded());
}

async function openIncident(id: string): Promise<void> {
  await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
  await page.getByRole('region', { name: 'Checklist' }).waitFor();
}

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-findings-');
  const repo = path.join(work, 'payments-api');
  const git = initRepo(repo, { name: 'Dev', email: 'dev@example.org' });
  // The token is committed and still in the working tree: one credential in two places.
  fs.mkdirSync(path.join(repo, 'config'));
  fs.writeFileSync(path.join(repo, 'config', 'deploy.env'), `GITHUB_TOKEN=${token}\n`);
  fs.writeFileSync(path.join(repo, 'billing.py'), `STRIPE_KEY = "${removed}"\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'deploy settings');
  // The Stripe key is removed since, but stays in history: a credential in one place.
  fs.writeFileSync(path.join(repo, 'billing.py'), 'STRIPE_KEY = os.environ["STRIPE_KEY"]\n');
  git('commit', '-q', '-am', 'read the key from the environment');
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('findings grouped by credential', () => {
  it('lists a token committed and still in the files as one row with both places, and one mark settles both', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'GitHub token pushed with the deploy settings', severity: 'P1', scenario: 'secret-leaked' });
    const id = body.value.id as string;
    await openIncident(id);
    // A scan the console runs is still a link to the tab that runs it.
    await page.getByRole('button', { name: 'Scan: secrets →' }).first().click();
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans.getByLabel('Folder or repository to scan for secrets').fill(path.join(work, 'payments-api'));
    await scans.getByRole('button', { name: 'Scan for secrets' }).click();
    await scans.getByText(/^2 secret\(s\) found in \d+ files and 2 commits \(3 places\)/).waitFor();

    const credentials = scans.getByRole('region', { name: 'Credentials found' });
    await credentials.getByText('2 credentials, 2 open').waitFor();
    const rows = credentials.locator('tr.finding');
    await expect.poll(() => rows.count()).toBe(2);
    const tokenRow = rows.filter({ hasText: 'ghp_' });
    await tokenRow.getByText('2 places in the files and in git history').waitFor();
    const places = tokenRow.getByRole('list', { name: /^Places of ghp_/ }).getByRole('listitem');
    await expect.poll(() => places.count()).toBe(2);
    expect(await places.nth(0).textContent()).toBe('config/deploy.env:1:14 working tree');
    expect(await places.nth(1).textContent()).toMatch(/^config\/deploy\.env:1:14 commit [0-9a-f]{12} · Dev <dev@example\.org> · \d{4}-\d\d-\d\d$/);
    const stripeRow = rows.filter({ hasText: 'sk_l' });
    await stripeRow.getByText('1 place in git history').waitFor();
    await stripeRow.getByText('history only').waitFor();
    const html = await page.content();
    expect(html).not.toContain(token);
    expect(html).not.toContain(removed);
    await shots('credentials-found', credentials);

    await tokenRow.getByRole('button', { name: 'Rotate' }).click();
    await tokenRow.getByText(/^Sent to rotation as R1 \(pending\)/).waitFor();
    await expect.poll(() => places.allTextContents()).toEqual([expect.stringMatching(/working tree · sent to rotation$/), expect.stringMatching(/ · sent to rotation$/)]);
    await credentials.getByText('2 credentials, 1 open').waitFor();
    // The stored truth: no place of the token is left open, and one rotation item tracks it.
    const listed = (await apiCall(served, 'scan.list', { incidentId: id })).body.value as { runs: ScanRun[]; groups: FindingGroup[] };
    const tokenFindings = listed.runs.flatMap((run) => run.findings).filter((finding) => finding.redacted.startsWith('ghp_'));
    expect(tokenFindings.map((finding) => finding.status)).toEqual(['rotation', 'rotation']);
    expect((await apiCall(served, 'rotation.list', { incidentId: id })).body.value.items).toHaveLength(1);
    await shots('credential-settled', credentials);

    await page.getByRole('tab', { name: 'Response' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(/config\/deploy\.env:1 .*marked for rotation as R1$/).first().waitFor();
    await expect.poll(() => timeline.getByText(/marked for rotation as R1/).count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('shows the dependency scans of the vulnerable-dependency playbook as links, no longer as unavailable', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'lodash advisory in the checkout service', severity: 'P2', scenario: 'vulnerable-dependency' });
    await openIncident(body.value.id as string);
    const checklist = page.getByRole('region', { name: 'Checklist' });
    const links = checklist.getByRole('button', { name: /^Scan: dependencies/ });
    await expect.poll(() => links.count()).toBe(2);
    expect(await checklist.getByRole('note', { name: /^Not available yet/ }).count()).toBe(0);
    // The step's command is the console's own audit now, not npm's.
    await checklist.getByText('firebreak scan deps package-lock.json', { exact: false }).first().waitFor();
    await shots('scan-dependencies-link', links.first());
    expect(pageErrors).toEqual([]);
  });
});
