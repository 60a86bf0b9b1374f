import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openConsolePage, type ConsolePage } from '../support/browser';
import { apiCall, repoRoot, tempDataDir, type ServedConsole } from '../support/consoleServer';

const screenshotDir = path.join(repoRoot, 'test-results', 'screens');
const viewports = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];
let session: ConsolePage;
let served: ServedConsole;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(screenshotDir, { recursive: true });
  dataDir = tempDataDir('firebreak-e2e-errors-');
  session = await openConsolePage(dataDir, viewports[0]);
  ({ served, page } = session);
  // Closing, advancing past open critical steps and removing ask first: these tests say yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
});
afterAll(async () => {
  await session.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.setViewportSize(viewports[0]!);
  // Each test starts with the keyboard on the page, not in a field a previous test left focused.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
});
afterEach(() => {
  expect(session.pageErrors).toEqual([]);
});

/** What the server answers when an operation fails. */
const failure = (code: string, message: string) => (route: Route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code, message } }) });
const op = (name: string) => `**/api/op/${name}`;

async function declare(title: string, severity = 'P1', scenario = 'generic'): Promise<string> {
  const { body } = await apiCall(served, 'incident.declare', { title, severity, scenario });
  return body.value.id as string;
}

async function openIncident(id: string, tab = ''): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/incident/${id}${tab}`);
}

/** The screen as the responder sees it, at both sizes, with `focus` scrolled into view. */
async function shots(name: string, focus: Locator): Promise<void> {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await focus.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotDir, `error-${name}-${viewport.width}x${viewport.height}.png`) });
  }
  await page.setViewportSize(viewports[0]!);
}

describe('failed loads show where the responder looks, with the reason and a Retry that recovers', () => {
  it('the checklist: a failure envelope instead of an endless "Loading…"', async () => {
    const id = await declare('Checklist store locked');
    await page.route(op('checklist.get'), failure('io-error', 'the database is locked by a backup tool: close it, then retry'));
    await openIncident(id);
    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByText('Could not load the checklist.').waitFor();
    await checklist.getByText('the database is locked by a backup tool: close it, then retry').waitFor();
    expect(await checklist.getByText(/Loading/).count()).toBe(0);
    await shots('checklist-load', checklist);

    await page.unroute(op('checklist.get'));
    await checklist.getByRole('button', { name: 'Retry' }).click();
    await checklist.getByRole('heading', { name: 'Generic incident' }).waitFor();
    expect(await checklist.getByRole('alert').count()).toBe(0);
  });

  it('the incident itself: a 500 without a result, then a dropped connection, then recovery', async () => {
    const id = await declare('Detail fails to load');
    await page.route(op('incident.get'), (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
    await openIncident(id);
    const alert = page.locator('.load-error');
    await alert.getByText(`Could not load ${id}.`).waitFor();
    await alert.getByText('The console server answered 500 without a result.').waitFor();
    await shots('incident-500', alert);

    await page.unroute(op('incident.get'));
    await page.route(op('incident.get'), (route) => route.abort('connectionrefused'));
    await alert.getByRole('button', { name: 'Retry' }).click();
    await alert.getByText('The console server is not answering. Is `firebreak serve` still running?').waitFor();
    await shots('incident-unreachable', alert);

    await page.unroute(op('incident.get'));
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Detail fails to load' }).waitFor();
  });

  it('the dashboard, the severity levels and the reminders: the declare dialog says why it has no levels', async () => {
    await page.route(op('incident.list'), failure('io-error', 'cannot read /home/dana/.local/share/firebreak/firebreak.db: permission denied'));
    await page.route(op('severity.schemes'), failure('internal', 'severity scheme file is damaged: restore it from the install'));
    await page.route(op('reminders.list'), (route) => route.abort('connectionreset'));
    await page.evaluate(() => (location.hash = '#/'));
    await page.reload();
    const dashboard = page.getByRole('main');
    await dashboard.getByText('Could not load the incidents.').waitFor();
    await dashboard.getByText('permission denied').waitFor();
    await page.getByText('Could not load the severity levels, playbooks and settings.').waitFor();
    await page.getByText('Could not load the escalation reminders.').waitFor();
    await shots('dashboard-load', page.locator('.topbar'));

    await page.unroute(op('incident.list'));
    await dashboard.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByText('Could not load the incidents.').count()).toBe(0);
    await page.locator('.incident-row').first().waitFor();

    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByText('Could not load the severity levels.').waitFor();
    await dialog.getByText('severity scheme file is damaged: restore it from the install').waitFor();
    await shots('declare-no-levels', dialog.getByRole('radiogroup', { name: 'Severity' }));

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await dialog.getByText('Critical', { exact: true }).waitFor();
    // The dialog's Retry reloads what the banner was missing too.
    await expect.poll(() => page.locator('.load-error').count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('evidence, quarantine, scans and contacts each say so in their own place', async () => {
    const id = await declare('Tabs fail to load');
    for (const name of ['evidence.list', 'quarantine.list', 'scan.list', 'contacts.list']) await page.route(op(name), failure('io-error', `${name}: disk I/O error`));
    await openIncident(id, '/evidence');
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByText("Could not load this incident's archives.").waitFor();
    await evidence.getByText('evidence.list: disk I/O error').waitFor();
    const quarantine = page.getByRole('region', { name: 'Quarantine' });
    await quarantine.getByText('Could not load the quarantine.').waitFor();
    expect(await quarantine.getByText('Nothing in quarantine.').count()).toBe(0);
    await shots('evidence-load', evidence.getByRole('heading', { name: 'Archives' }));
    await page.unroute(op('evidence.list'));
    await page.unroute(op('quarantine.list'));
    await evidence.locator('.load-error').first().getByRole('button', { name: 'Retry' }).click();
    await evidence.getByText('Nothing collected for this incident yet.').waitFor();
    await quarantine.getByRole('button', { name: 'Retry' }).click();
    await quarantine.getByText('Nothing in quarantine.').waitFor();

    await openIncident(id, '/scans');
    const scans = page.getByRole('region', { name: 'Scans' });
    await scans.getByText("Could not load this incident's scans.").waitFor();
    await shots('scans-load', scans.locator('.load-error'));
    await page.unroute(op('scan.list'));
    await scans.getByRole('button', { name: 'Retry' }).click();
    await scans.getByText('No scans for this incident yet.').waitFor();

    await page.evaluate(() => (location.hash = '#/contacts'));
    await page.getByText('Could not load the contacts.').waitFor();
    await shots('contacts-load', page.locator('.load-error'));

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.locator('.load-error').getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('.load-error').count()).toBe(0);
  });

  it('a request that never answers offers to ask again instead of waiting for ever', async () => {
    const id = await declare('Checklist never answers');
    const held: Route[] = [];
    let holding = true;
    await page.route(op('checklist.get'), (route) => (holding ? void held.push(route) : route.continue()));
    await openIncident(id);
    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByText('Loading the checklist…').waitFor();
    await checklist.getByText('No answer from the console server yet.').waitFor({ timeout: 15_000 });
    await shots('checklist-no-answer', checklist);
    holding = false;
    await checklist.getByRole('button', { name: 'Ask again' }).click();
    await checklist.getByRole('heading', { name: 'Generic incident' }).waitFor();
    for (const route of held) await route.abort().catch(() => undefined);
  });
});

describe('failed actions say why next to the control, keep what was typed and can be tried again', () => {
  it('a note that fails to save stays in the box with the reason, and saves on the next try', async () => {
    const id = await declare('Note save fails');
    await page.route(op('incident.addNote'), failure('conflict', 'the database is busy in another Firebreak process; try again.'));
    await openIncident(id);
    const note = page.getByLabel('New note');
    await note.fill('Blocked 203.0.113.7 at the WAF');
    await note.press('Control+Enter');
    const composer = page.locator('.note-composer');
    await composer.getByRole('alert').getByText('the database is busy in another Firebreak process; try again.').waitFor();
    expect(await note.inputValue()).toBe('Blocked 203.0.113.7 at the WAF');
    await shots('note-save', composer);

    await page.unroute(op('incident.addNote'));
    await composer.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Blocked 203.0.113.7 at the WAF').waitFor();
    await expect.poll(() => note.inputValue()).toBe('');
  });

  it('acknowledge, severity and phase failures show under the controls, conflicts say to try again', async () => {
    const id = await declare('Controls fail', 'P2');
    await page.route(op('incident.acknowledge'), failure('io-error', 'disk full: free space on /home, then try again'));
    await page.route(op('incident.setSeverity'), failure('conflict', `${id} is already P1`));
    await page.route(op('incident.advancePhase'), failure('forbidden', 'phases move forward only for the commander'));
    await openIncident(id);
    const strip = page.locator('.action-error');

    const acknowledge = page.getByRole('button', { name: 'Acknowledge', exact: true });
    await acknowledge.click();
    await strip.getByText('Could not acknowledge: disk full: free space on /home, then try again').waitFor();
    expect(await acknowledge.isEnabled()).toBe(true);
    await shots('acknowledge', page.locator('.incident-header'));

    await page.getByLabel('Severity', { exact: true }).selectOption('P1');
    const severityDialog = page.getByRole('dialog', { name: `Change severity: ${id}` });
    await severityDialog.getByLabel('Reason (required)').fill('customer data involved');
    await severityDialog.getByRole('button', { name: 'Change to P1' }).click();
    // Said in the dialog, which stays open with the reason, and kept under the controls.
    await severityDialog.getByRole('alert').getByText(`${id} is already P1`, { exact: false }).waitFor();
    await severityDialog.getByRole('button', { name: 'Cancel' }).click();
    await strip.getByText(`Could not change the severity to P1: ${id} is already P1. It may have changed meanwhile: check what is shown now and try again.`).waitFor();
    expect(await page.getByLabel('Severity', { exact: true }).inputValue()).toBe('P2');
    await shots('severity-conflict', page.locator('.controls'));

    // Identify's required step is open: the move asks a reason first, and its failure shows in the dialog and under the controls.
    await page.getByRole('button', { name: /^Advance to Triage/ }).click();
    const gate = page.getByRole('dialog', { name: 'Move on to Triage with required steps open' });
    await gate.getByLabel('Reason (required)').fill('the on-call lead acknowledges from the bridge');
    await gate.getByLabel('Reason (required)').press('Enter');
    await gate.getByRole('alert').getByText('Not moved: phases move forward only for the commander').waitFor();
    await gate.getByRole('button', { name: 'Cancel' }).click();
    await strip.getByText('Could not advance to Triage: phases move forward only for the commander').waitFor();
    await strip.getByRole('button', { name: 'Dismiss' }).click();
    await strip.waitFor({ state: 'detached' });

    await page.unroute(op('incident.acknowledge'));
    await acknowledge.click();
    await page.getByText(/^acknowledged /).waitFor();
  });

  it('a failed tick and a failed new step say why in the checklist; the step text stays', async () => {
    const id = await declare('Checklist actions fail');
    await page.route(op('checklist.change'), failure('io-error', 'database or disk is full'));
    await page.route(op('checklist.addStep'), failure('io-error', 'database or disk is full'));
    await openIncident(id);
    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByRole('heading', { name: 'Generic incident' }).waitFor();
    await page.keyboard.press('x');
    const firstStep = checklist.locator('[data-step-id="acknowledge-and-assign"]');
    await firstStep.getByRole('alert').getByText('Could not mark it done: database or disk is full').waitFor();
    expect(await firstStep.getByRole('button', { name: /mark done$/ }).isEnabled()).toBe(true);
    await shots('tick', firstStep);

    await checklist.getByRole('button', { name: '+ Add a step to Identify' }).click();
    const field = checklist.getByLabel('New step in Identify');
    await field.fill('Call the hosting provider');
    await field.press('Enter');
    const addForm = checklist.locator('.add-step');
    await addForm.getByRole('alert').getByText('database or disk is full').waitFor();
    expect(await field.inputValue()).toBe('Call the hosting provider');
    expect(await addForm.getByRole('button', { name: 'Add' }).isEnabled()).toBe(true);
    await shots('add-step', addForm);

    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await addForm.getByRole('button', { name: 'Add' }).click();
    await checklist.getByText('Call the hosting provider').waitFor();
    await addForm.waitFor({ state: 'detached' });
  });

  it('a failed declaration, collection or contact save keeps every field and the button usable', async () => {
    await page.route(op('incident.declare'), failure('io-error', 'database or disk is full: free space in the data folder, then declare again'));
    await page.evaluate(() => (location.hash = '#/'));
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByLabel('Title').fill('Payroll export on a public bucket');
    await dialog.getByText('Critical', { exact: true }).click();
    await dialog.getByLabel('Detected by').fill('customer email');
    await page.keyboard.press('Control+Enter');
    await dialog.getByRole('alert').getByText('database or disk is full: free space in the data folder, then declare again').waitFor();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Payroll export on a public bucket');
    expect(await dialog.getByLabel('Detected by').inputValue()).toBe('customer email');
    expect(await dialog.getByRole('button', { name: 'Declare incident' }).isEnabled()).toBe(true);
    await shots('declare', dialog.getByRole('alert'));
    await page.unroute(op('incident.declare'));
    await dialog.getByRole('button', { name: 'Declare incident' }).click();
    await page.getByRole('heading', { name: 'Payroll export on a public bucket' }).waitFor();
    const id = /INC-[\d-]+/.exec(page.url())![0];

    // The check before collection passes (the paths were readable then); the collection itself fails.
    const ready = { roots: [], unavailable: [], outputProblem: null };
    await page.route(op('evidence.preflight'), (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, value: ready }) }));
    await page.route(op('evidence.collect'), failure('forbidden', '/var/log/payroll: permission denied; run Firebreak as a user who can read it'));
    await openIncident(id, '/evidence');
    const evidence = page.getByRole('region', { name: 'Evidence' });
    const paths = evidence.getByLabel('Files and folders to collect, one per line');
    await paths.fill('/var/log/payroll\n/etc/payroll.conf');
    await evidence.getByRole('button', { name: 'Collect evidence' }).click();
    await evidence.getByRole('alert').getByText('/var/log/payroll: permission denied; run Firebreak as a user who can read it').waitFor();
    expect(await paths.inputValue()).toBe('/var/log/payroll\n/etc/payroll.conf');
    expect(await evidence.getByRole('button', { name: 'Collect evidence' }).isEnabled()).toBe(true);
    await shots('collect', evidence.getByRole('alert'));

    await page.route(op('contacts.save'), failure('io-error', 'database or disk is full: free space in the data folder'));
    await page.evaluate(() => (location.hash = '#/contacts'));
    await page.getByLabel('Name').fill('Dana Ortiz');
    await page.getByLabel('Email').fill('dana@example.org');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('alert').getByText('database or disk is full: free space in the data folder').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Dana Ortiz');
    expect(await page.getByLabel('Email').inputValue()).toBe('dana@example.org');
    expect(await page.getByRole('button', { name: 'Add contact' }).isEnabled()).toBe(true);
  });
});

describe('Escape in a field leaves the field, never the incident page, and keeps the draft', () => {
  const onIncident = (id: string) => expect.poll(() => page.url()).toContain(`#/incident/${id}`);

  it('in the note composer, add-step, commander and search', async () => {
    const id = await declare('Escape keeps drafts');
    await openIncident(id);
    await page.getByRole('heading', { name: 'Escape keeps drafts' }).waitFor();

    const note = page.getByLabel('New note');
    await note.fill('Half-written: saw outbound traffic to');
    await note.press('Escape');
    await onIncident(id);
    expect(await note.inputValue()).toBe('Half-written: saw outbound traffic to');
    expect(await note.evaluate((element) => element === document.activeElement)).toBe(false);

    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByRole('button', { name: '+ Add a step to Contain' }).click();
    await checklist.getByLabel('New step in Contain').fill('Isolate host db-3');
    await checklist.getByLabel('New step in Contain').press('Escape');
    await onIncident(id);
    await checklist.getByRole('button', { name: '+ Add a step to Contain (draft kept)' }).click();
    expect(await checklist.getByLabel('New step in Contain').inputValue()).toBe('Isolate host db-3');
    await checklist.getByLabel('New step in Contain').press('Escape');

    await page.getByRole('button', { name: 'Hand over…' }).click();
    await page.getByLabel('New commander').fill('dana');
    await page.getByLabel('New commander').press('Escape');
    await onIncident(id);
    await page.getByRole('button', { name: 'Hand over to dana… (not saved)' }).click();
    expect(await page.getByLabel('New commander').inputValue()).toBe('dana');
    await page.getByLabel('New commander').press('Escape');

    await page.keyboard.press('/');
    await page.keyboard.press('Escape');
    await onIncident(id);

    // The palette is the one field whose Escape closes what it belongs to: still on the incident.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dash');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'detached' });
    await onIncident(id);

    // The draft outlives the page: to the dashboard and back, it is still there.
    await page.keyboard.press('g');
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    await openIncident(id);
    expect(await page.getByLabel('New note').inputValue()).toBe('Half-written: saw outbound traffic to');

    await page.keyboard.press('g');
    await page.getByLabel('Search incidents').fill('drafts');
    await page.getByLabel('Search incidents').press('Escape');
    expect(await page.getByLabel('Search incidents').inputValue()).toBe('drafts');
    await page.getByLabel('Search incidents').fill('');
  });

  it('in a step note and the false-positive reason', async () => {
    const id = await declare('Escape in small editors');
    const finding = { id: 4242, rule: 'github-pat-classic', description: 'GitHub personal access token', file: '.env', line: 3, column: 14, commit: null, author: null, date: null, redacted: 'ghp_Ab…', fingerprint: 'sha256:5f1e0c2a9b7d', inWorkingTree: null, status: 'open', statusNote: '' };
    const run = { id: 'SCAN-1', incidentId: id, root: '/srv/payments-api', history: false, startedAt: '2026-11-30T03:00:00.000Z', finishedAt: '2026-11-30T03:00:02.000Z', actor: 'dana', stats: { files: 12, bytes: 4096, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 }, baselined: 0, durationMs: 2000 }, findings: [finding] };
    const group = { fingerprint: finding.fingerprint, rules: [finding.rule], description: finding.description, redacted: finding.redacted, places: [{ file: '.env', line: 3, column: 14, commit: null, author: null, date: null, scanIds: [run.id], status: 'open' }], open: 1, status: 'open', statusNote: '', inWorkingTree: true, inHistory: false };
    await page.route(op('scan.list'), (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { runs: [run], groups: [group] } }) }));
    await page.route(op('scan.markFingerprint'), failure('io-error', 'database or disk is full'));
    await openIncident(id);

    const checklist = page.getByRole('region', { name: 'Checklist' });
    await checklist.getByRole('heading', { name: 'Generic incident' }).waitFor();
    await page.keyboard.press('e');
    await page.keyboard.type('paged the DBA');
    await page.keyboard.press('Escape');
    await onIncident(id);
    await checklist.getByRole('button', { name: /^Note .*\(draft\)$/ }).click();
    expect(await checklist.getByRole('textbox', { name: /Note on this step/ }).inputValue()).toBe('paged the DBA');
    await page.keyboard.press('Escape');

    await openIncident(id, '/scans');
    const row = page.locator('tr.finding');
    await row.getByRole('button', { name: 'False positive' }).click();
    const reason = row.getByLabel('Why is this a false positive?');
    await reason.fill('test fixture from the SDK docs');
    await reason.press('Enter');
    await row.getByRole('alert').getByText('Not marked: database or disk is full').waitFor();
    expect(await reason.inputValue()).toBe('test fixture from the SDK docs');
    await shots('false-positive', row);
    await reason.press('Escape');
    await onIncident(id);
    expect(page.url()).toContain('/scans');
    await row.getByRole('button', { name: 'False positive (draft kept)' }).click();
    expect(await reason.inputValue()).toBe('test fixture from the SDK docs');
  });

  it('in the declare dialog: the dialog and what was typed stay; Escape outside a field closes it', async () => {
    await page.evaluate(() => (location.hash = '#/'));
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByLabel('Title').fill('Ransom note on the file server');
    await dialog.getByLabel('Title').press('Escape');
    await dialog.getByLabel('Detected by').fill('helpdesk call');
    await dialog.getByLabel('Detected by').press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Ransom note on the file server');
    expect(await dialog.getByLabel('Detected by').inputValue()).toBe('helpdesk call');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
