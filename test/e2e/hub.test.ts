import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubStatus, IncidentDetail } from '../../src-main/contract';
import { launchChromium, screenSizes, screenshotSizes, screensDir } from '../support/browser';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { freshHubDatabase, hubRole } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';

/** One responder's laptop: its own data dir and encrypted-file vault (so its own device key), and a console page on it. */
interface Laptop {
  name: string;
  served: ServedConsole;
  page: Page;
  errors: string[];
}

let browser: Browser;
let work: string;
const laptops: Laptop[] = [];
let cluster: PostgresCluster | undefined;

async function laptop(name: string, env: NodeJS.ProcessEnv = {}): Promise<Laptop> {
  const served = await serveConsole(path.join(work, name), {
    FIREBREAK_VAULT_BACKEND: 'encrypted-file',
    FIREBREAK_VAULT_PASSPHRASE: `${name} keeps the incident log safe`,
    FIREBREAK_VAULT_KDF_LOG_N: '14',
    // A quick poll so a test does not wait out the default interval; LISTEN wakes the laptops anyway.
    FIREBREAK_HUB_POLL_MS: '1000',
    ...env,
  });
  await apiCall(served, 'settings.update', { responderName: name });
  const context = await browser.newContext({ viewport: screenSizes[0] });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const made = { name, served, page, errors };
  laptops.push(made);
  return made;
}

async function call<T>(on: Laptop, name: string, input: unknown): Promise<T> {
  const { body } = await apiCall(on.served, name, input);
  if (!body.ok) throw new Error(`${name} on ${on.name}'s laptop failed: ${body.error.message}`);
  return body.value as T;
}

const indicator = (page: Page) => page.getByRole('button', { name: /^Team hub: / });
const timeline = (page: Page) => page.getByRole('list', { name: 'Timeline' });
const presence = (page: Page) => page.getByRole('group', { name: 'Who is working this' });

/** The indicator's details as they open on hover, at each window size (a resize moves the indicator away from the pointer). */
async function detailsShots(page: Page, name: string): Promise<void> {
  for (const size of screenSizes) {
    await page.setViewportSize(size);
    await indicator(page).hover();
    await page.getByRole('tooltip').waitFor();
    await page.screenshot({ path: path.join(screensDir, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(screenSizes[0]);
  await page.mouse.move(0, 400);
}

async function openDashboard(on: Laptop): Promise<void> {
  await on.page.goto(on.served.url);
  await on.page.getByRole('heading', { name: 'Open incidents' }).waitFor();
}

beforeAll(async () => {
  work = tempDataDir('firebreak-e2e-hub-');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const each of laptops) await each.served.stop();
  await cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const base: HubStatus = {
  state: 'connected',
  url: 'postgres://alice@hub.example.org:5432/firebreak?sslmode=require',
  role: 'alice',
  tls: false,
  toPush: 0,
  behind: 0,
  waiting: 0,
  lastContactAt: new Date(Date.now() - 90_000).toISOString(),
  offlineSince: null,
  lastError: null,
  live: true,
};

describe('the sync indicator', () => {
  it('says Not joined quietly and leads to the hub settings, and reads every state the hub service reports', async () => {
    const solo = await laptop('solo');
    await openDashboard(solo);
    const page = solo.page;
    await expect.poll(() => indicator(page).innerText(), { timeout: 10_000 }).toBe('Not joined');
    await screenshotSizes(page, 'hub-indicator-not-joined');
    // The details show on keyboard focus too, not only on hover.
    await indicator(page).focus();
    await page.getByRole('tooltip').getByText('This laptop has joined no team hub').waitFor();
    await detailsShots(page, 'hub-indicator-not-joined-details');
    await indicator(page).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Team hub' }).waitFor();
    await page.getByRole('form', { name: 'Join a hub' }).waitFor();
    await page.getByText("Kept in this laptop's vault (its encrypted file)").waitFor();
    // Having taken the responder there, the details step aside: they would cover the page's title.
    expect(await page.getByRole('tooltip').isVisible()).toBe(false);
    await screenshotSizes(page, 'hub-settings-empty');

    // What the hub service may report, as the indicator reads it: each answered through the status operation.
    const offlineSince = new Date(Date.now() - 20 * 60_000);
    const states: [string, Partial<HubStatus>, RegExp][] = [
      ['up-to-date', {}, /^Hub: up to date$/],
      ['connecting', { state: 'connecting' }, /^Connecting…$/],
      ['pushing', { state: 'pushing', toPush: 12 }, /^Pushing 12…$/],
      ['to-push', { toPush: 12 }, /^12 to push$/],
      ['behind', { behind: 40 }, /^Behind by 40$/],
      ['offline', { state: 'offline', toPush: 3, offlineSince: offlineSince.toISOString(), lastError: 'the hub at hub.example.org:5432 refused the connection: is PostgreSQL running there?', live: false }, /^Offline since \d\d:\d\d/],
    ];
    for (const [name, change, label] of states) {
      const status = { ...base, ...change };
      await page.route('**/api/op/hub.status', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: status }) }));
      await page.reload();
      await page.getByRole('heading', { name: 'Team hub' }).waitFor();
      await expect.poll(() => indicator(page).innerText(), { timeout: 10_000 }).toMatch(label);
      if (name === 'offline') {
        await expect.poll(() => indicator(page).innerText()).toContain('3 to push');
        await page.getByRole('heading', { name: /^Offline since/ }).waitFor();
        await page.getByText('Work goes on here').waitFor();
      }
      await screenshotSizes(page, `hub-indicator-${name}`);
      await indicator(page).hover();
      await page.getByRole('tooltip').getByText('postgres://alice@hub.example.org:5432/firebreak?sslmode=require').waitFor();
      await detailsShots(page, `hub-indicator-${name}-details`);
      await page.unroute('**/api/op/hub.status');
    }
    expect(solo.errors).toEqual([]);
  });

  it('shows who is working an incident on one line that moves nothing when it loads', async () => {
    const solo = laptops.find((each) => each.name === 'solo')!;
    const page = solo.page;
    const { id } = await call<{ id: string }>(solo, 'incident.declare', { title: 'Login failures from one ASN', severity: 'P2', scenario: 'generic', commander: 'solo' });
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const responders = [
      { actorKey: 'a'.repeat(43), name: 'solo', lastActivityAt: at(0.2), lastEventType: 'incident.declared', events: 3, thisLaptop: true },
      { actorKey: 'b'.repeat(43), name: 'ben', lastActivityAt: at(4.5), lastEventType: 'incident.noteAdded', events: 7, thisLaptop: false },
      { actorKey: 'c'.repeat(43), name: 'chidi', lastActivityAt: at(125), lastEventType: 'checklist.stepChanged', events: 12, thisLaptop: false },
    ];
    // The answer is held back, so the page is measured before and after it arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/op/incident.presence', async (route) => {
      await held;
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { incidentId: id, responders } }) });
    });
    await page.setViewportSize(screenSizes[1]);
    await page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await page.getByRole('heading', { name: 'Login failures from one ASN' }).waitFor();
    await page.getByRole('navigation', { name: 'Phases' }).waitFor();
    expect(await presence(page).innerText()).toMatch(/…/);
    // The line is there, one line high, before its answer comes, and stays one line with three responders at 1024 px.
    const before = (await presence(page).boundingBox())!.height;
    expect(before).toBeGreaterThan(10);
    release();
    await presence(page).getByText('chidi').waitFor();
    expect((await presence(page).boundingBox())!.height).toBe(before);
    expect(before).toBeLessThanOrEqual(24);
    expect(await presence(page).innerText()).toMatch(/solo\s*this laptop\s*just now\s*declared the incident/);
    expect(await presence(page).innerText()).toMatch(/ben\s*4 min ago\s*added a note/);
    expect(await presence(page).getByText('4 min ago', { exact: true }).getAttribute('title')).toMatch(/\d\d:\d\d:\d\d/);
    await screenshotSizes(page, 'hub-presence-three');
    await page.unroute('**/api/op/incident.presence');
  });
});

/** Joins through the hub settings form, as a responder would; returns the page on the hub settings. */
async function joinThroughForm(on: Laptop, url: string, password: string, caFile: string): Promise<void> {
  await on.page.getByRole('button', { name: 'Hub', exact: true }).click();
  const form = on.page.getByRole('form', { name: 'Join a hub' });
  await form.getByLabel('Hub URL').fill(url);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('CA certificate file (optional)').fill(caFile);
  await form.getByRole('button', { name: 'Join hub' }).click();
  await on.page.getByRole('region', { name: 'Hub connection' }).waitFor({ timeout: 30_000 });
}

describe('two consoles share an incident through a PostgreSQL hub', () => {
  it('join through the form, see each other\'s work without a reload, keep working while the hub is down, and catch up after', { timeout: 300_000 }, async () => {
    cluster = await startPostgres({ tls: true });
    const adminUrl = await freshHubDatabase(cluster, 'firebreak_e2e');
    const anaUrl = await hubRole(adminUrl, cluster, 'firebreak_e2e', 'ana');
    const benUrl = await hubRole(adminUrl, cluster, 'firebreak_e2e', 'ben');
    const caFile = path.join(work, 'hub-ca.pem');
    fs.writeFileSync(caFile, cluster.caPem!);
    // The role in the URL, the password typed apart from it, as the hub's administrator hands them out.
    const split = (url: string) => {
      const parsed = new URL(url);
      const password = decodeURIComponent(parsed.password);
      parsed.password = '';
      return { url: parsed.toString(), password };
    };

    const ana = await laptop('ana');
    const ben = await laptop('ben');
    await openDashboard(ana);
    await openDashboard(ben);

    // A wrong password is refused in words, and nothing is joined.
    await ana.page.getByRole('button', { name: 'Hub', exact: true }).click();
    const form = ana.page.getByRole('form', { name: 'Join a hub' });
    await form.getByLabel('Hub URL').fill(split(anaUrl).url);
    await form.getByLabel('Password').fill('not the password');
    await form.getByLabel('CA certificate file (optional)').fill(caFile);
    await form.getByRole('button', { name: 'Join hub' }).click();
    await form.getByRole('alert').getByText(/password/).waitFor({ timeout: 30_000 });
    await expect.poll(() => indicator(ana.page).innerText()).toBe('Not joined');
    await screenshotSizes(ana.page, 'hub-settings-error');

    await form.getByLabel('Password').fill(split(anaUrl).password);
    await form.getByRole('button', { name: 'Join hub' }).click();
    await ana.page.getByRole('region', { name: 'Hub connection' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => indicator(ana.page).innerText(), { timeout: 30_000 }).toBe('Hub: up to date');
    await ana.page.getByRole('heading', { name: 'Connected: up to date' }).waitFor();
    await ana.page.getByRole('region', { name: 'Hub connection' }).getByText('on, checked against the CA certificate given at join').waitFor();
    await screenshotSizes(ana.page, 'hub-settings-joined');
    // Sync now says what moved.
    await ana.page.getByRole('button', { name: 'Sync now' }).click();
    await ana.page.getByRole('status').getByText(/Nothing new either way|Pushed/).waitFor({ timeout: 30_000 });
    await screenshotSizes(ana.page, 'hub-settings-synced');

    await joinThroughForm(ben, split(benUrl).url, split(benUrl).password, caFile);
    await expect.poll(() => indicator(ben.page).innerText(), { timeout: 30_000 }).toBe('Hub: up to date');
    // The password went to the vault, never to the settings the console shows.
    expect(JSON.stringify(await call(ben, 'hub.status', {}))).not.toContain(split(benUrl).password);

    // Ana declares and admits Ben's laptop; Ben's dashboard shows the incident without a reload.
    await ben.page.evaluate(() => (location.hash = '#/'));
    await ben.page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    const title = 'Checkout latency over 8 s in eu-west';
    const { id } = await call<{ id: string }>(ana, 'incident.declare', { title, severity: 'P1', scenario: 'generic', commander: 'ana' });
    const benKey = (await call<{ deviceActorKey: string }>(ben, 'vault.status', {})).deviceActorKey;
    await call(ana, 'incident.addMember', { id, actorKey: benKey, name: 'ben' });
    await ben.page.getByRole('cell', { name: title }).waitFor({ timeout: 30_000 });

    // Ben adds a note on the incident page; Ana's page shows it, and both responders working.
    await ana.page.evaluate((incident) => (location.hash = `#/incident/${incident}`), id);
    await ana.page.getByRole('heading', { name: title }).waitFor();
    await ben.page.getByRole('cell', { name: title }).click();
    await ben.page.getByRole('heading', { name: title }).waitFor();
    await ben.page.getByLabel('New note').fill('Rolled back the cache change on eu-west-2');
    await ben.page.getByLabel('New note').press('Control+Enter');
    await timeline(ana.page).getByText('Rolled back the cache change on eu-west-2').waitFor({ timeout: 30_000 });
    await presence(ana.page).getByText('ben', { exact: true }).waitFor({ timeout: 30_000 });
    await presence(ana.page).getByText('ana', { exact: true }).waitFor();
    await presence(ana.page).getByText('this laptop').waitFor();
    await expect.poll(() => presence(ana.page).locator('li').count()).toBe(2);
    await expect.poll(() => presence(ana.page).innerText()).toContain('added a note');
    await screenshotSizes(ana.page, 'hub-presence');
    // Pulled events rebuild the incident here: its escalation reminders still read.
    for (const on of [ana, ben]) await call(on, 'reminders.list', { scope: 'pending', limit: 100 });
    expect(await ana.page.getByText('Could not load the escalation reminders').count()).toBe(0);

    // The hub goes away (killed, as a crash or a pulled plug would): Ana's indicator says since when, in amber, and her work goes on.
    await cluster.kill();
    await expect.poll(() => indicator(ana.page).innerText(), { timeout: 90_000 }).toMatch(/^Offline since \d\d:\d\d/);
    await screenshotSizes(ana.page, 'hub-offline');
    await ana.page.getByLabel('New note').fill('Paged the database on-call');
    await ana.page.getByLabel('New note').press('Control+Enter');
    await timeline(ana.page).getByText('Paged the database on-call').waitFor();
    await expect.poll(() => indicator(ana.page).innerText(), { timeout: 30_000 }).toContain('1 to push');
    await screenshotSizes(ana.page, 'hub-offline-to-push');

    // The hub returns: Ana is up to date again, and Ben gets her note.
    await cluster.start();
    await expect.poll(() => indicator(ana.page).innerText(), { timeout: 120_000 }).toBe('Hub: up to date');
    await timeline(ben.page).getByText('Paged the database on-call').waitFor({ timeout: 60_000 });
    await screenshotSizes(ben.page, 'hub-caught-up');
    const [anaView, benView] = await Promise.all([call<IncidentDetail>(ana, 'incident.get', { id }), call<IncidentDetail>(ben, 'incident.get', { id })]);
    expect(benView.timeline.map((entry) => entry.summary).sort()).toEqual(anaView.timeline.map((entry) => entry.summary).sort());

    // Ben leaves: the confirmation says his data stays, and it does.
    await ben.page.getByRole('button', { name: 'Hub', exact: true }).click();
    await ben.page.getByRole('button', { name: 'Leave hub…' }).click();
    const leave = ben.page.getByRole('dialog', { name: 'Leave the hub?' });
    await leave.getByText('Every incident and event held here stays on this laptop.').waitFor();
    await screenshotSizes(ben.page, 'hub-leave');
    await leave.getByRole('button', { name: 'Leave hub', exact: true }).click();
    await ben.page.getByRole('form', { name: 'Join a hub' }).waitFor();
    await expect.poll(() => indicator(ben.page).innerText()).toBe('Not joined');
    expect((await call<IncidentDetail>(ben, 'incident.get', { id })).timeline.length).toBe(benView.timeline.length);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
