import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenSizes } from '../support/browser';
import { apiCall, repoRoot, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';

let browser: Browser;
let served: ServedConsole;
const pageErrors: string[] = [];
let work: string;
let page: Page;
let incidentId: string;
let drillIncidentId: string;

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-a11y-');
  browser = await launchChromium();
  served = await serveConsole(path.join(work, 'data'));
  // axe runs part of its work in a page of its own: the page must come from a context, not browser.newPage().
  page = await (await browser.newContext({ viewport: screenSizes[0] })).newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Screens with something on them: several severities and states, a note, an archive, a quarantined file, a scan.
  const declare = async (title: string, severity: string, scenario?: string) => (await apiCall(served, 'incident.declare', { title, severity, ...(scenario ? { scenario } : {}) })).body.value.id as string;
  await declare('Brute force on /login', 'P3');
  await declare('Status page partial outage', 'P2');
  const ransom = await declare('Ransom note on the build server', 'P0');
  await apiCall(served, 'incident.acknowledge', { id: ransom });
  incidentId = await declare('AWS key pushed to a public repository', 'P1', 'credential-compromise');
  await apiCall(served, 'incident.addNote', { id: incidentId, text: 'Key AKIA… revoked at 14:02, checking CloudTrail' });
  fs.mkdirSync(path.join(work, 'logs'));
  fs.writeFileSync(path.join(work, 'logs', 'access.log'), '203.0.113.7 - - "GET /admin" 401\n'.repeat(20));
  const collected = await apiCall(served, 'evidence.collect', { incidentId, paths: [path.join(work, 'logs')], output: path.join(work, 'out', 'logs.tar.gz') });
  expect(collected.body.ok).toBe(true);
  fs.writeFileSync(path.join(work, 'shell.php'), '<?php system($_GET["c"]); ?>');
  expect((await apiCall(served, 'quarantine.add', { file: path.join(work, 'shell.php'), incidentId })).body.ok).toBe(true);
  // A log scan with a chart, a pattern, top IPs and findings of several categories.
  const failures = Array.from({ length: 30 }, (_, second) => `203.0.113.7 - - [23/Nov/2026:14:03:${String(second).padStart(2, '0')} +0000] "POST /login HTTP/1.1" 401 12 "-" "curl/8.5.0"`);
  const attacks = ['198.51.100.7 - - [23/Nov/2026:14:01:01 +0000] "GET /products?id=1%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 200 512 "-" "sqlmap/1.7.2"', '198.51.100.8 - - [23/Nov/2026:14:01:35 +0000] "GET /static/..%2f..%2fetc%2fpasswd HTTP/1.1" 400 0 "-" "Mozilla/5.0"'];
  fs.writeFileSync(path.join(work, 'access-combined.log'), `${[...attacks, ...failures].join('\n')}\n`);
  expect((await apiCall(served, 'scan.logs', { paths: [path.join(work, 'access-combined.log')], incidentId })).body.ok).toBe(true);
  // A dependency audit with findings of several severities, kept against the incident.
  const supplyFixtures = path.join(repoRoot, 'test', 'fixtures', 'supply', 'ui');
  expect((await apiCall(served, 'scan.deps', { lockfiles: [path.join(supplyFixtures, 'current', 'package-lock.json')], db: path.join(supplyFixtures, 'osv'), incidentId })).body.ok).toBe(true);
  // The investigation record: indicators with their TLP badges, an asset, a regulatory clock beside the SLA.
  expect((await apiCall(served, 'ioc.import', { incidentId, text: '203.0.113[.]7\nhxxps://login-update[.]com/verify\nd41d8cd98f00b204e9800998ecf8427e', tags: ['phishing'] })).body.ok).toBe(true);
  expect((await apiCall(served, 'asset.add', { incidentId, kind: 'host', name: 'web-01', state: 'compromised', owner: 'platform team' })).body.ok).toBe(true);
  expect((await apiCall(served, 'clock.start', { incidentId, name: 'gdpr-authority' })).body.ok).toBe(true);
  // A drill under way: its clock running, one inject fired (the facilitator's and the team's views both have content).
  drillIncidentId = (await apiCall(served, 'drill.start', { drillId: 'leaked-api-key' })).body.value.id as string;
  expect((await apiCall(served, 'drill.clock', { id: drillIncidentId, action: 'start' })).body.ok).toBe(true);
  expect((await apiCall(served, 'drill.inject', { id: drillIncidentId, injectId: 'tor-usage', action: 'fire' })).body.ok).toBe(true);
});
afterAll(async () => {
  await browser.close();
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Serious and critical violations, one readable line per element: what rule, where, why. */
async function seriousViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ')}`));
}

const screens: { name: string; open(): Promise<void> }[] = [
  {
    name: 'dashboard',
    open: async () => {
      await page.evaluate(() => (location.hash = '#/'));
      await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
      await page.locator('.incident-row').nth(3).waitFor();
    },
  },
  {
    name: 'incident',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}`), incidentId);
      await page.getByRole('list', { name: 'Timeline' }).getByText('revoked at 14:02').waitFor();
    },
  },
  {
    name: 'evidence',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/evidence`), incidentId);
      await page.locator('.evidence-item').first().waitFor();
      await page.locator('.quarantine-table').waitFor();
    },
  },
  {
    name: 'logs',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/logs`), incidentId);
      await page.locator('tr.log-finding').first().waitFor();
    },
  },
  {
    name: 'supply chain',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/supply`), incidentId);
      await page.getByRole('region', { name: 'Past checks' }).getByRole('listitem').first().getByRole('button').click();
      await page.locator('tr.finding').first().waitFor();
    },
  },
  {
    name: 'scans',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/scans`), incidentId);
      await page.getByRole('tabpanel').waitFor();
    },
  },
  {
    name: 'indicators',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/indicators`), incidentId);
      await page.getByRole('table', { name: 'Indicators' }).getByText('hxxps://login-update[.]com/verify').waitFor();
    },
  },
  {
    name: 'assets',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/assets`), incidentId);
      await page.getByRole('table', { name: 'Assets' }).getByText('web-01').waitFor();
    },
  },
  {
    name: 'drills',
    open: async () => {
      await page.evaluate(() => (location.hash = '#/drills'));
      await page.getByRole('region', { name: 'Scenarios' }).locator('.drill-card').first().waitFor();
    },
  },
  {
    name: 'drill facilitator',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/drill`), drillIncidentId);
      await page.getByRole('button', { name: 'Facilitator' }).click();
      await page.getByRole('region', { name: 'Next inject' }).waitFor();
    },
  },
  {
    name: 'drill participant',
    open: async () => {
      await page.evaluate((id) => (location.hash = `#/incident/${id}/drill`), drillIncidentId);
      await page.getByRole('button', { name: 'Participant' }).click();
      await page.getByRole('region', { name: 'Arrived injects' }).locator('[data-inject="tor-usage"]').waitFor();
    },
  },
];

describe('accessibility (axe-core) of the working screens', () => {
  beforeAll(async () => {
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  });

  for (const scheme of ['dark', 'light'] as const) {
    for (const screen of screens) {
      it(`${screen.name} in the ${scheme} theme has no serious or critical violations`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await screen.open();
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        const violations = await seriousViolations();
        expect(violations, `${screen.name} (${scheme}):\n${violations.join('\n')}`).toEqual([]);
        expect(pageErrors).toEqual([]);
      });
    }
  }
});
