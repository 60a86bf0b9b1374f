import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveCollectorRun, LiveProfile } from '../../src-main/contract';
import { launchChromium, screenSizes, screensDir, screenshotThemes } from '../support/browser';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

let browser: Browser;
let served: ServedConsole;
let work: string;
let page: Page;
const pageErrors: string[] = [];
const shotsDir = path.join(screensDir, 'live-response');
const drillProfile = `id: drill
title: Drill
description: A kernel line, a command that hangs, and a program that is not installed.
collectors:
  - id: kernel
    description: Kernel and machine
    platforms: [linux, darwin]
    argv: [uname, -a]
    timeoutMs: 10000
    volatile: true
    output: kernel.txt
  - id: hangs
    description: Sleeps far past its limit
    platforms: [linux, darwin]
    argv: [sleep, '30']
    timeoutMs: 1500
    output: hangs.txt
  - id: not-installed
    description: A program this machine does not have
    platforms: [linux, darwin]
    argv: [firebreak-no-such-program, --version]
    timeoutMs: 10000
    output: not-installed.txt
`;
const forensicsPlaybook = `id: forensics-drill
title: Forensics drill
steps:
  - id: capture-memory
    phase: Contain
    text: Capture memory with the forensics profile
    action:
      type: live-response
      target: forensics
`;
const stuckProfile = `id: stuck
title: Stuck
description: One command that would run for a minute.
collectors:
  - id: stuck
    description: Sleeps for a minute
    platforms: [linux, darwin]
    argv: [sleep, '60']
    timeoutMs: 90000
    output: stuck.txt
`;

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-live-');
  // A folder with a file changed just now: what "recently modified files" should find.
  fs.mkdirSync(path.join(work, 'webroot'));
  fs.writeFileSync(path.join(work, 'webroot', 'shell.php'), '<?php echo "dropped"; ?>');
  // A team's own profile in the data dir: one command that hangs past its limit, one program that is not installed.
  fs.mkdirSync(path.join(work, 'data', 'collectors'), { recursive: true });
  fs.writeFileSync(path.join(work, 'data', 'collectors', 'drill.yaml'), drillProfile);
  fs.writeFileSync(path.join(work, 'data', 'collectors', 'stuck.yaml'), stuckProfile);
  // A team playbook whose step names a profile this console does not have.
  fs.mkdirSync(path.join(work, 'data', 'playbooks'), { recursive: true });
  fs.writeFileSync(path.join(work, 'data', 'playbooks', 'forensics-drill.yaml'), forensicsPlaybook);
  browser = await launchChromium();
  served = await serveConsole(path.join(work, 'data'));
  // axe runs part of its work in a page of its own: the page must come from a context.
  page = await (await browser.newContext({ viewport: screenSizes[0] })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function shots(name: string, target?: Locator): Promise<void> {
  await screenshotThemes(page, shotsDir, name, async () => target?.scrollIntoViewIfNeeded());
}

/** Serious and critical axe violations on the page as it is, in both themes. */
async function axeBothThemes(): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    for (const violation of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      for (const node of violation.nodes) found.push(`${colorScheme} ${violation.id}: ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

describe('live response in the console', () => {
  it('starts from the playbook step, runs the quick profile for real, shows each collector\'s result and adds the archive to the evidence list', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Crypto miner on web-02', severity: 'P1', scenario: 'system-compromise' });
    const id = body.value.id as string;
    const profiles = (await apiCall(served, 'evidence.liveProfiles', {})).body.value.profiles as LiveProfile[];
    const quick = profiles.find((profile) => profile.id === 'quick')!;
    expect(quick.collectors.length).toBeGreaterThan(3);

    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('region', { name: 'Checklist' }).waitFor();
    await page.locator('[data-step-id="capture-state"]').getByRole('button', { name: 'Live response: quick →' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/incident/${id}/evidence`);
    const live = page.getByRole('region', { name: 'Live response' });
    // The step lands the responder on the live response, its profile chosen.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Live response');
    expect(await live.getByRole('radio', { name: new RegExp(`^${quick.title}`) }).isChecked()).toBe(true);
    const plan = live.getByRole('list', { name: 'What this profile will run' });
    await expect.poll(() => plan.getByRole('listitem').count()).toBe(quick.collectors.length);
    // Volatile state first: the first listed is volatile whenever any is.
    if (quick.collectors.some((c) => c.volatile)) await plan.getByRole('listitem').first().getByText('volatile', { exact: true }).waitFor();
    for (const collector of quick.collectors.filter((c) => !c.available)) await plan.getByRole('listitem').filter({ has: page.getByText(collector.id, { exact: true }) }).getByText(`Will not run: ${collector.unavailableReason}`).waitFor();

    // Keyboard: arrows move between profiles, and the list follows.
    const other = profiles.find((profile) => profile.id !== 'quick');
    if (other) {
      await live.getByRole('radio', { name: new RegExp(`^${quick.title}`) }).focus();
      await page.keyboard.press(profiles.indexOf(other) > profiles.indexOf(quick) ? 'ArrowRight' : 'ArrowLeft');
      await expect.poll(() => plan.getByRole('listitem').count()).toBe(other.collectors.length);
      await shots(`plan-${other.id}`, plan);
      await page.keyboard.press(profiles.indexOf(other) > profiles.indexOf(quick) ? 'ArrowLeft' : 'ArrowRight');
      await expect.poll(() => plan.getByRole('listitem').count()).toBe(quick.collectors.length);
    }

    const folders = live.getByLabel(/^Folders to list recently modified files in/);
    await folders.fill('webroot');
    await live.getByText('webroot is not an absolute path (start it with /)').waitFor();
    expect(await live.getByRole('button', { name: /^Start live response/ }).isDisabled()).toBe(true);
    await folders.fill(path.join(work, 'webroot'));
    const archive = path.join(work, 'out', 'web-02-live.tar.gz');
    await live.getByLabel('Save the archive as').fill(archive);
    await shots('plan-quick', live.getByRole('heading', { name: 'Live response' }));

    const started = Date.now();
    await live.getByRole('button', { name: /^Start live response/ }).press('Enter');
    const result = live.getByRole('status', { name: 'Live response result' });
    await result.getByText(/^Captured \d+ of \d+ collectors cleanly/).waitFor({ timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;

    // Each collector's row agrees with the signed manifest beside the archive.
    const manifest = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8')) as { live: { collectors: LiveCollectorRun[] }; entries: { archivePath: string; sha256: string | null }[] };
    const runs = [...manifest.live.collectors].sort((a, b) => a.order - b.order);
    const rows = result.getByRole('table', { name: 'Each collector, in the order it ran' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(runs.length);
    for (const [index, run] of runs.entries()) {
      const row = rows.nth(index);
      expect(await row.locator('td').first().textContent()).toBe(String(run.order));
      expect(await row.locator('strong').textContent()).toBe(run.id);
      expect(await row.locator('.live-hash').getAttribute('title')).toBe(run.sha256);
      expect(await row.locator('td').nth(2).textContent()).toBe(run.exitCode === null ? '—' : String(run.exitCode));
      if (run.archivePath) expect(manifest.entries.find((entry) => entry.archivePath === run.archivePath)?.sha256).toBe(run.sha256);
    }
    console.log(`live response quick: ${runs.length} collectors in ${seconds.toFixed(1)} s; problems: ${runs.filter((r) => r.problem).map((r) => `${r.id}=${r.problem}`).join(', ') || 'none'}`);

    // The archive is in the evidence list like any collected one, with its custody.
    const item = page.locator('.evidence-item').filter({ hasText: archive });
    await item.getByRole('status', { name: 'Collection result' }).getByText(new RegExp(`^Live response, ${quick.title}: ${runs.length} collectors`)).waitFor();
    await item.getByRole('list', { name: /Chain of custody/ }).getByText(/^collected/).waitFor();
    const sha = fs.readFileSync(`${archive}.sha256`, 'utf8').split(' ')[0]!;
    await result.getByText(new RegExp(`sha256 ${sha.slice(0, 16)}…`)).waitFor();
    await item.getByRole('button', { name: 'Verify', exact: true }).click();
    await item.getByText(/^Intact: \d+ files match/).waitFor();

    await shots('result', result.locator('.live-result-head'));
    expect(await axeBothThemes()).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('says in words what went wrong with each collector: cut at its limit, not installed; and cancels a run leaving no archive', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Live response drill', severity: 'P3' });
    const id = body.value.id as string;
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}/evidence`), id);
    await page.getByRole('group', { name: 'What to collect' }).getByRole('button', { name: 'Live response' }).click();
    const live = page.getByRole('region', { name: 'Live response' });
    await live.getByRole('radio', { name: /^Drill/ }).check();
    const plan = live.getByRole('list', { name: 'What this profile will run' });
    await plan.getByRole('listitem').filter({ hasText: 'not-installed' }).getByText(/^Will not run: firebreak-no-such-program /).waitFor();
    await live.getByLabel('Save the archive as').fill(path.join(work, 'out', 'drill.tar.gz'));
    await live.getByRole('button', { name: 'Start live response (2 collectors)' }).click();
    const result = live.getByRole('status', { name: 'Live response result' });
    await result.getByText(/^Captured 1 of 3 collectors cleanly; 2 with a problem/).waitFor({ timeout: 60_000 });
    await result.getByText('With a problem: hangs, not-installed').waitFor();
    const rows = result.locator('tbody tr');
    await rows.filter({ hasText: 'hangs' }).getByText(/^timed out after 1\.5 s/).waitFor();
    await rows.filter({ hasText: 'not-installed' }).getByText('firebreak-no-such-program is not installed here').waitFor();
    await rows.filter({ hasText: 'kernel' }).getByText('ok', { exact: true }).waitFor();
    await shots('problems', result.locator('.live-result-head'));

    // Cancel: the hanging command is stopped, nothing is archived, and the form says so.
    const items = await page.locator('.evidence-item').count();
    await live.getByRole('radio', { name: /^Stuck/ }).check();
    await live.getByLabel('Save the archive as').fill(path.join(work, 'out', 'stuck.tar.gz'));
    const started = Date.now();
    await live.getByRole('button', { name: /^Start live response/ }).click();
    // The first progress report carries the job to cancel.
    await live.getByRole('status', { name: 'Live response progress' }).getByText(/commands done · running stuck/).waitFor();
    // Each collector running now is marked in the list.
    await plan.getByRole('listitem').filter({ hasText: 'Sleeps for a minute' }).getByText('running…').waitFor();
    await shots('running', live.getByRole('status', { name: 'Live response progress' }));
    await live.getByRole('button', { name: 'Cancel' }).click();
    await live.getByRole('status', { name: 'Live response result' }).getByText(/cancel/i).waitFor({ timeout: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.existsSync(path.join(work, 'out', 'stuck.tar.gz'))).toBe(false);
    expect(await page.locator('.evidence-item').count()).toBe(items);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('says so when a playbook step names a profile this console does not have, and offers the others', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Forensics drill', severity: 'P3', scenario: 'forensics-drill' });
    const id = body.value.id as string;
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.locator('[data-step-id="capture-memory"]').getByRole('button', { name: 'Live response: forensics →' }).click();
    const live = page.getByRole('region', { name: 'Live response' });
    await live.getByRole('alert').getByText(/^There is no live response profile called “forensics” here: choose one of Quick system state, /).waitFor();
    expect(await live.getByRole('button', { name: /^Start live response/ }).count()).toBe(0);
    await live.getByRole('radio', { name: /^Quick system state/ }).check();
    await live.getByRole('button', { name: /^Start live response/ }).waitFor();
    expect(await live.getByRole('alert').count()).toBe(0);

    // A team profile written as a shell string is not offered, and the panel says where it is wrong.
    const broken = path.join(work, 'data', 'collectors', 'piped.yaml');
    fs.writeFileSync(broken, 'id: piped\ntitle: Piped\ndescription: A shell pipeline\ncollectors:\n  - id: grep-ps\n    description: ps into grep\n    platforms: [linux]\n    argv: ps aux | grep sshd\n    timeoutMs: 1000\n    output: ps.txt\n');
    await page.getByRole('group', { name: 'What to collect' }).getByRole('button', { name: 'Files and folders' }).click();
    await page.getByRole('group', { name: 'What to collect' }).getByRole('button', { name: 'Live response' }).click();
    const problem = live.getByRole('alert').filter({ hasText: 'A profile file was not loaded' });
    await problem.getByText(/piped\.yaml(:\d+)? at collectors\.0\.argv: must be a list/).waitFor();
    await shots('profile-problem', problem);
    expect(await live.getByRole('radio', { name: /^Piped/ }).count()).toBe(0);
    fs.rmSync(broken);
    await problem.getByRole('button', { name: 'Load the profiles again' }).click();
    await expect.poll(() => live.getByRole('alert').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
