import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsolePage, screenSizes, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { apiCall, tempDataDir } from '../support/consoleServer';

let session: ConsolePage;
let page: Page;
let work: string;
let dataDir: string;
const shotsDir = path.join(screensDir, 'drills');

const stepStatus = (stepId: string) => page.locator(`[data-step-id="${stepId}"]`).getAttribute('class');

async function tick(stepId: string): Promise<void> {
  await page.locator(`[data-step-id="${stepId}"] .step-check`).click();
  await expect.poll(() => stepStatus(stepId)).toContain('status-done');
}

/** The window at both sizes in both themes, with `target` in view. */
async function shots(name: string, target: Locator): Promise<void> {
  // The pointer off every control: no tooltip over what is being looked at.
  await page.mouse.move(2, 300);
  await screenshotThemes(page, shotsDir, name, () => target.evaluate((element) => element.scrollIntoView({ block: 'start' })));
}

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-drills-');
  dataDir = path.join(work, 'data');
  // A team scenario with a mistake: listed as an error, never hiding the shipped ones.
  fs.mkdirSync(path.join(dataDir, 'drills'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'drills', 'broken.yaml'), 'id: broken-drill\ntitle: [unclosed\n');
  session = await openConsolePage(dataDir, screenSizes[0]);
  page = session.page;
  await page.goto(session.served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('tabletop drills in the console', () => {
  it('starts a drill, runs its clock, delivers injects to the team, scores it, reports it and charts it', async () => {
    // Shift+D opens the Drills screen from anywhere.
    await page.keyboard.press('Shift+D');
    await page.getByRole('heading', { name: 'Tabletop drills' }).waitFor();
    const scenarios = page.getByRole('region', { name: 'Scenarios' });
    const card = scenarios.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Leaked API key on a public repository' }) });
    await card.getByText('6 injects').waitFor();
    expect(await scenarios.locator('.drill-card').count()).toBeGreaterThanOrEqual(6);
    const fileErrors = page.getByRole('alert', { name: 'Scenario files with errors' });
    await fileErrors.getByText('broken.yaml').waitFor();
    await page.getByRole('region', { name: 'Drill history' }).getByText('No finished drills yet.').waitFor();
    await shots('drills-screen', page.locator('body'));

    await card.getByRole('button', { name: 'Start drill: Leaked API key on a public repository' }).click();
    const panel = page.getByRole('region', { name: 'Drill' });
    await panel.waitFor();
    // Nobody takes it for a real incident: the header, the window title and the tab say DRILL.
    const header = page.locator('.incident-sticky');
    await header.getByText('DRILL', { exact: true }).waitFor();
    await header.getByText('not a real incident').waitFor();
    await expect.poll(() => page.title()).toMatch(/^DRILL · P0 Drill: Leaked API key/);
    expect(await page.getByRole('tab', { name: 'Drill' }).getAttribute('aria-selected')).toBe('true');
    const incidentId = /#\/incident\/(INC-[0-9-]+)\/drill$/.exec(page.url())![1]!;
    // A drill is finished, not closed: the status controls offer Finish (which scores it) instead of Close.
    const statusControls = page.getByRole('group', { name: 'Status' });
    await statusControls.getByRole('button', { name: 'Finish drill…' }).waitFor();
    expect(await statusControls.getByRole('button', { name: 'Close incident…' }).count()).toBe(0);

    // The facilitator starts the clock and speeds it up; the header's clock runs in drill time.
    await panel.getByRole('button', { name: 'Start the clock' }).click();
    await panel.getByRole('button', { name: '×5' }).click();
    await expect.poll(() => panel.getByRole('button', { name: '×5' }).getAttribute('aria-pressed')).toBe('true');
    const clock = header.getByRole('timer');
    await expect.poll(() => clock.getAttribute('aria-label')).toMatch(/running, ×5$/);
    const face = () => header.locator('.drill-clock-face').textContent();
    const before = await face();
    await expect.poll(face, { timeout: 5_000 }).not.toBe(before);

    // Acknowledged from the header, as in a real incident: the drill scores it against the SLA in drill minutes.
    await header.getByRole('button', { name: 'Acknowledge' }).click();
    await header.getByText(/^acknowledged /).waitFor();

    // Fire the next inject by hand: every console gets an alert naming it.
    const next = panel.getByRole('region', { name: 'Next inject' });
    await next.getByText('The key was used from a Tor exit node').waitFor();
    await next.getByRole('button', { name: 'Fire now' }).click();
    const alerts = page.getByLabel('Drill injects');
    await alerts.getByRole('button', { name: /^The key was used from a Tor exit node/ }).waitFor();
    const injects = panel.getByRole('region', { name: 'Injects' });
    await expect.poll(() => injects.locator('[data-inject="tor-usage"] .inject-status').textContent()).toMatch(/^fired at minute/);
    await shots('facilitator', panel);

    // The team's view: only what arrived, the new inject marked, and a question answered.
    await panel.getByRole('button', { name: 'Participant' }).click();
    const arrived = panel.getByRole('region', { name: 'Arrived injects' });
    const torInject = arrived.locator('[data-inject="tor-usage"]');
    await torInject.getByText('New', { exact: true }).waitFor();
    await torInject.getByText(/GET \/v1\/customers\?limit=100/).waitFor();
    expect(await arrived.getByText('A refund of 2,400 EUR was created with the key').count()).toBe(0);
    expect(await panel.getByText('Facilitator notes').count()).toBe(0);
    const questions = panel.getByRole('region', { name: 'Discussion questions' });
    const firstQuestion = questions.getByRole('listitem').first();
    await firstQuestion.getByRole('textbox').fill('Export the Stripe request log, rotate the webhook secret, then revoke; the commander decides.');
    await firstQuestion.getByRole('button', { name: 'Save answer' }).click();
    await firstQuestion.getByText('✓ Saved').waitFor();
    await shots('participant', arrived);

    // The team works the real checklist; a step trigger delivers the next inject, with an alert.
    await page.getByRole('tab', { name: 'Response' }).click();
    await tick('preserve-evidence');
    await tick('scan-history');
    await alerts.getByRole('button', { name: /^Two forks already carry the commit/ }).waitFor();
    await shots('inject-alert', page.locator('.app'));
    await tick('audit-usage');
    await tick('revoke-credential');

    // The alert leads to the drill tab, which has caught up with the ticks.
    await alerts.getByRole('button', { name: /^Two forks already carry the commit/ }).click();
    await panel.waitFor();
    await panel.locator('[data-inject="forks-found"]').waitFor();
    // A drill left is found again on the Drills screen (it is in no real-incident list).
    await page.keyboard.press('Shift+D');
    const underWay = page.getByRole('region', { name: 'Drills under way' });
    await underWay.getByRole('button', { name: 'Drill: Leaked API key on a public repository' }).click();
    await panel.locator('[data-inject="forks-found"]').waitFor();
    await panel.getByRole('button', { name: 'Facilitator' }).click();
    const expected = panel.getByRole('region', { name: 'Expected actions' });
    await expect.poll(() => expected.getByRole('row').filter({ hasText: 'Preserve the provider request log' }).locator('.outcome').textContent()).toBe('in time');
    await expect.poll(() => expected.getByRole('row').filter({ hasText: 'Revoke the leaked key at Stripe' }).locator('.outcome').textContent()).toBe('in time');
    await expect.poll(() => expected.getByRole('row').filter({ hasText: 'Acknowledge the alert' }).locator('.outcome').textContent()).toBe('in time');

    // Finish, after a confirmation: the score per objective, each deduction explained.
    await panel.getByRole('button', { name: 'Finish drill…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Finish the drill?' });
    await confirm.getByRole('button', { name: 'Finish and score' }).click();
    const score = panel.getByRole('region', { name: 'Drill score' });
    await score.waitFor();
    const table = score.getByRole('table', { name: 'Score per objective' });
    await table.getByText('Establish what the key was used for while it was public, before evidence is changed').waitFor();
    expect(await table.locator('.score-line').count()).toBeGreaterThan(0);
    const overall = Number(await score.locator('.drill-overall').textContent());
    expect(overall).toBeGreaterThanOrEqual(0);
    expect(overall).toBeLessThan(100);
    await expect.poll(() => header.locator('.pill').first().textContent()).toBe('Closed');
    await shots('score', score);

    // The report: rendered, copied, exported to a file.
    await panel.getByRole('button', { name: 'Drill report' }).click();
    const report = panel.getByRole('region', { name: 'Drill report' });
    const doc = report.getByRole('article', { name: 'Drill report document' });
    await doc.getByText(/DRILL/).first().waitFor();
    await doc.getByText('Two forks already carry the commit').first().waitFor();
    const output = path.join(work, 'drill-report.md');
    await report.getByLabel('Export to file').fill(output);
    await report.getByRole('button', { name: 'Export', exact: true }).click();
    await report.getByText('Written to').waitFor();
    expect(fs.readFileSync(output, 'utf8')).toMatch(/DRILL/);
    await shots('report', report);

    // Two more finished drills (through the API, as the CLI would): a second run of this scenario makes a line, another scenario a second one.
    for (const drillId of ['leaked-api-key', 'sql-injection-prod']) {
      const started = await apiCall(session.served, 'drill.start', { drillId });
      expect((await apiCall(session.served, 'drill.finish', { id: started.body.value.id })).body.ok).toBe(true);
    }

    // The history chart: a line per scenario, this drill's point with its score in the point's title.
    await page.getByRole('button', { name: 'Drills', exact: true }).click();
    const history = page.getByRole('region', { name: 'Drill history' });
    await expect.poll(() => page.getByRole('region', { name: 'Drills under way' }).count()).toBe(0);
    const chart = history.getByRole('img', { name: /^Drill scores over time/ });
    await chart.waitFor();
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(new RegExp(`3 finished drills: Leaked API key on a public repository ${overall}, \\d+; SQL injection exploited in production \\d+\\.$`));
    const points = chart.locator('.drill-point');
    expect(await points.count()).toBe(3);
    expect(await chart.locator('polyline').count()).toBe(1);
    expect(await points.first().locator('title').textContent()).toContain(`${overall} / 100`);
    expect(await points.first().locator('title').textContent()).toContain(incidentId);
    const legend = history.getByRole('list', { name: 'Scenarios' });
    await legend.getByText('Leaked API key on a public repository').waitFor();
    await legend.getByText('SQL injection exploited in production').waitFor();
    await shots('history', history);

    // Drill incidents stay off the real-incident dashboard.
    await page.getByRole('button', { name: /Firebreak/ }).first().click();
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    expect(await page.getByText('Drill: Leaked API key on a public repository').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
