import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { apiCall, tempDataDir, type ServedConsole } from '../support/consoleServer';

let session: ConsolePage;
let served: ServedConsole;
let work: string;
let page: Page;
let pageErrors: string[];
const shotsDir = path.join(screensDir, 'logs');
const attacker = '203.0.113.9';

/** One combined-format line (nginx's default access log). */
function combined(ip: string, at: Date, request: string, status: number, agent = 'Mozilla/5.0 (X11; Linux x86_64)'): string {
  const month = at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const stamp = `${String(at.getUTCDate()).padStart(2, '0')}/${month}/${at.getUTCFullYear()}:${at.toISOString().slice(11, 19)} +0000`;
  return `${ip} - - [${stamp}] "${request}" ${status} 512 "-" "${agent}"`;
}

/**
 * Ordinary traffic over ten minutes, an encoded SQL injection, a path traversal, an XSS probe, and 100 failed logins
 * from one address in under two minutes.
 */
function accessLog(): string {
  const start = Date.parse('2026-11-23T14:00:00Z');
  const lines: { at: number; line: string }[] = [];
  const add = (ip: string, offset: number, request: string, status: number, agent?: string) => lines.push({ at: start + offset, line: combined(ip, new Date(start + offset), request, status, agent) });
  for (let second = 0; second < 600; second += 5) add(`192.0.2.${10 + (second % 7)}`, second * 1000, `GET /products/${second} HTTP/1.1`, 200);
  add('198.51.100.7', 61_000, 'GET /products?id=1%20UNION%20SELECT%20username,password%20FROM%20users-- HTTP/1.1', 200, 'sqlmap/1.7.2#stable (https://sqlmap.org)');
  add('198.51.100.8', 95_000, 'GET /static/..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1', 400);
  // A user agent that would reorder the line (RLO) and colour a terminal (ESC): shown, never obeyed.
  add('198.51.100.9', 130_000, 'GET /search?q=%3Cscript%3Ealert(1)%3C/script%3E HTTP/1.1', 200, 'Mozilla/5.0 \u202Egpj.exe \u001b[31mred');
  // A request padded past the 64 KiB cut: read on its head and tail, and the summary says so.
  add('192.0.2.20', 590_000, `GET /products?ref=${'a'.repeat(70 * 1024)} HTTP/1.1`, 200);
  for (let attempt = 0; attempt < 100; attempt += 1) add(attacker, 180_000 + attempt * 1_000, 'POST /login HTTP/1.1', 401);
  // In time order, as a server writes them.
  return `${lines.sort((a, b) => a.at - b.at).map((entry) => entry.line).join('\n')}\n`;
}

async function openLogsTab(id: string): Promise<Locator> {
  await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
  await page.getByRole('region', { name: 'Checklist' }).waitFor();
  // The playbook's log step opens the Logs tab, not the Scans tab.
  await page.getByRole('button', { name: 'Scan: logs →' }).first().click();
  const logs = page.getByRole('region', { name: 'Logs' });
  await logs.waitFor();
  expect(await page.getByRole('tab', { name: 'Logs' }).getAttribute('aria-selected')).toBe('true');
  return logs;
}

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-logs-');
  fs.mkdirSync(path.join(work, 'logs'));
  fs.writeFileSync(path.join(work, 'logs', 'access.log'), accessLog());
  session = await openConsolePage(path.join(work, 'data'), screenSizes[0]);
  ({ served, page, pageErrors } = session);
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the Logs tab', () => {
  it('scans a log from the tab, charts the hits, names the brute-forcing address and puts it on the timeline', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'Credential stuffing on the login API', severity: 'P1', scenario: 'credential-compromise' });
    const logs = await openLogsTab(body.value.id as string);
    await logs.getByText('No log scans for this incident yet.').waitFor();
    // A pattern, as a responder would type it; Enter runs.
    await logs.getByLabel(/^Log files to scan/).fill(path.join(work, 'logs', 'access*.log'));
    await logs.getByLabel(/^Log files to scan/).press('Enter');
    await logs.getByText(/^Read 1 file, 224 lines in .*: \d+ findings?, \d+ patterns? across lines\. 1 line over 64 KiB matched on head and tail only\./).waitFor();
    await logs.getByText('1 line over 64 KiB cut', { exact: true }).waitFor();
    await shots('summary', logs);

    const chart = logs.getByRole('img', { name: /^Hits per minute by category/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/100 auth failure/);
    expect(await chart.getAttribute('aria-label')).toMatch(/SQL injection/);
    expect(await chart.locator('rect').count()).toBeGreaterThan(2);
    // The chart names its categories and its times.
    await logs.getByRole('list', { name: 'Categories' }).getByText('auth failure').waitFor();
    expect(await chart.locator('text.x-tick').first().textContent()).toMatch(/14:0\d$/);

    const patterns = logs.getByRole('list', { name: 'Patterns across lines' });
    const bruteForce = patterns.getByRole('listitem').filter({ hasText: 'Brute force' });
    await bruteForce.getByText(attacker).waitFor();
    expect(await bruteForce.textContent()).toContain('2026-11-23 14:03:00 UTC → 14:04:39 (1 min 39 s)');

    const topIps = logs.getByRole('table', { name: 'Top IPs' });
    const attackerRow = topIps.getByRole('row').filter({ hasText: attacker });
    expect(await attackerRow.getByRole('cell').nth(1).textContent()).toBe('100');
    await topIps.getByRole('row').filter({ hasText: '198.51.100.7' }).getByText('SQL injection').waitFor();
    await shots('overview', logs.getByRole('region', { name: 'Hits over time' }));

    // Only this address: the list narrows on the server.
    const findings = logs.getByRole('region', { name: 'Findings' });
    await attackerRow.getByRole('button', { name: attacker, exact: true }).click();
    await findings.getByRole('button', { name: `only ${attacker} ✕` }).waitFor();
    await findings.getByText(/^100 lines matching the filter$/).waitFor();
    await findings.getByRole('button', { name: `only ${attacker} ✕` }).click();
    await findings.getByRole('button', { name: 'SQL injection', exact: true }).click();
    await findings.getByText(/^1 line matching the filter$/).waitFor();
    const sqli = findings.locator('tr.log-finding');
    await expect.poll(() => sqli.count()).toBe(1);
    expect(await sqli.textContent()).toMatch(/access\.log:\d+.*198\.51\.100\.7.*UNION/);
    await findings.getByRole('button', { name: 'SQL injection', exact: true }).click();
    await findings.getByRole('button', { name: 'XSS', exact: true }).click();
    await expect.poll(() => sqli.count()).toBe(1);
    const xss = await sqli.locator('.excerpt').textContent();
    expect(xss).toContain('⟨RLO⟩gpj.exe \\x1b[31mred');
    expect(xss).not.toContain('\u202E');
    expect(xss).not.toContain('\u001b');
    await findings.getByRole('button', { name: 'Clear filters' }).click();
    await shots('findings', findings);

    await attackerRow.getByRole('button', { name: `Promote ${attacker}` }).click();
    await attackerRow.getByLabel(`Note for the timeline about ${attacker} (optional)`).fill('blocked at the edge');
    await page.keyboard.press('Enter');
    await attackerRow.getByText('✓ On the timeline').waitFor();
    // The same address in the patterns says so too: it is one promote.
    await bruteForce.getByText('✓ On the timeline').waitFor();

    await page.getByRole('tab', { name: 'Response' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText(new RegExp(`${attacker.replaceAll('.', '\\.')}.*Note: blocked at the edge`)).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('keeps a list of 20,000 findings to a screenful of rows, to the last one', async () => {
    const { body } = await apiCall(served, 'incident.declare', { title: 'SQL injection sweep on the catalogue', severity: 'P2', scenario: 'sql-injection' });
    const id = body.value.id as string;
    const start = Date.parse('2026-11-23T15:00:00Z');
    const lines = Array.from({ length: 20_000 }, (_, index) => combined(`198.51.100.${index % 200}`, new Date(start + index * 100), `GET /search?q=${index}%27%20UNION%20SELECT%20card_number%20FROM%20payments-- HTTP/1.1`, 200));
    fs.writeFileSync(path.join(work, 'logs', 'sweep.log'), `${lines.join('\n')}\n`);
    const scanned = await apiCall(served, 'scan.logs', { paths: [path.join(work, 'logs', 'sweep.log')], incidentId: id });
    expect(scanned.body.ok).toBe(true);

    await page.evaluate((incident) => (location.hash = `#/incident/${incident}/logs`), id);
    const findings = page.getByRole('region', { name: 'Findings' });
    await findings.getByText('20,000 lines').waitFor();
    const rows = findings.locator('tr.log-finding');
    // End from the first row: the keyboard reaches the last finding, loading the pages between.
    await rows.first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => findings.locator('tr.log-finding[aria-rowindex="20001"]').textContent(), { timeout: 30_000 }).toMatch(/sweep\.log:20000/);
    expect(await rows.count()).toBeLessThan(100);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('20001');
    expect(pageErrors).toEqual([]);
  });
});

/** The window at both sizes in both themes, with `target` in view. */
async function shots(name: string, target: Locator): Promise<void> {
  await screenshotThemes(page, shotsDir, name, () => target.evaluate((element) => element.scrollIntoView({ block: 'start' })));
}
