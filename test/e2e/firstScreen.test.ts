import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { firstScreenRows } from '../../src-main/server/firstScreen/firstScreenData';
import { dispatch } from '../../src-main/services/dispatch';
import { openConsolePage, screenSizes, type ConsolePage } from '../support/browser';
import { apiCall, tempDataDir } from '../support/consoleServer';

// The dashboard's first screen comes drawn in the page (src-main/server/firstScreen) and the console
// takes it over without a visible change: same rows, same places, same text.
const count = 150;
const hostile = '<script>window.__firstScreenPwned = 1</script><img src=x onerror="window.__firstScreenPwned = 2"> & "q"';
const shotsDir = '/tmp/first-screen-shots';
let session: ConsolePage;
let page: Page;
let listed: string[];

beforeAll(async () => {
  const dataDir = tempDataDir();
  const ctx = createServiceContext({ dataDir, transport: 'cli' });
  ctx.db.pragma('synchronous = OFF'); // seeding only
  const severities = ['P0', 'P1', 'P2', 'P3'];
  for (let i = 0; i < count; i += 1) {
    const title = i === 0 ? hostile : i === 1 ? 'invoice\u202Egpj.exe on host-1' : `Seeded incident ${i} on host-${i}`;
    const result = dispatch(ctx, 'incident.declare', { title, severity: severities[i % 4], commander: i % 2 ? 'Ana' : '', ...(i % 5 === 0 ? { scenario: 'secret-leaked' } : {}) });
    if (!result.ok) throw new Error(result.error.message);
    // Some checklist progress, for the bars' fill (steps that do not acknowledge: the rows stay on top).
    if (i % 5 === 0) {
      for (const [stepId, change] of [['open-channel', 'skip'], ['remove-from-history', 'na']]) {
        const changed = dispatch(ctx, 'checklist.change', { id: (result.value as { id: string }).id, stepId, change, reason: 'seeded' });
        if (!changed.ok) throw new Error(changed.error.message);
      }
    }
  }
  ctx.db.close();
  session = await openConsolePage(dataDir, screenSizes[0]);
  page = session.page;
  const { body } = await apiCall(session.served, 'incident.list', { scope: 'open' });
  listed = (body.value.incidents as Array<{ id: string }>).map((incident) => incident.id);
  fs.mkdirSync(shotsDir, { recursive: true });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

/**
 * Each drawn row's place in the list and its text but the SLA clock's, which ticks. From the list's
 * top: escalation alarms that come due push the whole list down, with or without a first screen.
 */
const drawnRows = (limit: number) =>
  page.locator('.incident-row').evaluateAll(
    (rows, limit) =>
      rows.slice(0, limit).map((row) => ({
        index: row.getAttribute('data-index'),
        top: Math.round(row.getBoundingClientRect().top - row.parentElement!.getBoundingClientRect().top),
        cells: [...row.children].slice(1).map((cell) => (cell as HTMLElement).innerText),
      })),
    limit,
  );

async function shoot(name: string): Promise<void> {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of screenSizes) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(shotsDir, `${name}-${colorScheme}-${size.width}x${size.height}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(screenSizes[0]);
}

describe('the first screen drawn by the server', () => {
  let staticRows: Awaited<ReturnType<typeof drawnRows>>;

  it('comes in the page as first received', async () => {
    const response = await fetch(`${session.served.origin}/`, { headers: { authorization: `Bearer ${session.served.token}` } });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<div id="root" data-first-screen>');
    expect(html.match(/class="incident-row"/g)).toHaveLength(firstScreenRows);
    expect(html).toContain(`<span class="count">${count}</span>`);
    expect(html).toContain(`href="#/incident/${listed[0]}"`);
    expect(html).not.toContain('modulepreload');
    expect(html).not.toContain('<script>window');
  });

  it('shows the rows with the console script held back, follows the system theme and runs nothing a title holds', async () => {
    await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
    await page.goto(session.served.url);
    await page.locator('.first-screen-rows .incident-row').first().waitFor();
    expect(await page.locator('.toolbar .count').textContent()).toBe(String(count));
    expect(await page.locator('.incident-row .mono').first().textContent()).toBe(listed[0]);
    staticRows = await drawnRows(20);
    expect(await page.locator('.title-cell', { hasText: '<script>window.__firstScreenPwned = 1</script>' }).count()).toBe(1);
    expect(await page.locator('.title-cell .bidi-control', { hasText: '⟨RLO⟩' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as { __firstScreenPwned?: number }).__firstScreenPwned)).toBeUndefined();
    expect(await page.locator('#root script, #root img').count()).toBe(0);
    // The whole list's height is held, so the scrollbar is right before the console loads.
    const listHeight = await page.locator('.first-screen-rows').evaluate((list) => list.getBoundingClientRect().height);
    expect(listHeight).toBeGreaterThan((count - 1) * 35);
    for (const [colorScheme, background] of [['light', 'rgb(255, 255, 255)'], ['dark', 'rgb(13, 17, 23)']] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(background);
    }
    await shoot('static');
    await page.unroute(/\/assets\/.*\.js$/);
  });

  it('has no serious accessibility violations while it is a picture: nothing hidden from assistive technology takes focus', async () => {
    // axe needs a context of its own; the console's token stands in for the session cookie.
    const context = await page.context().browser()!.newContext({ extraHTTPHeaders: { authorization: `Bearer ${session.served.token}` } });
    try {
      const picture = await context.newPage();
      await picture.route(/\/assets\/.*\.js$/, (route) => route.abort());
      await picture.goto(`${session.served.origin}/`);
      await picture.locator('.first-screen-rows .incident-row').first().waitFor();
      const results = await new AxeBuilder({ page: picture }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is taken over by the console with the same rows in the same places', async () => {
    await page.goto(`${session.served.origin}/`);
    await page.locator('.first-screen-rows').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
    const live = await drawnRows(20);
    expect(live).toEqual(staticRows);
    expect(await page.evaluate(() => (window as { __firstScreenPwned?: number }).__firstScreenPwned)).toBeUndefined();
    await shoot('console');
    expect(session.pageErrors).toEqual([]);
  });

  it('opens the incident a row was clicked on before the console had loaded', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/boot-[^/]*\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(`${session.served.origin}/`);
    await page.locator('.first-screen-rows .incident-row').nth(3).click();
    await expect.poll(() => page.url()).toContain(`#/incident/${listed[3]}`);
    release();
    await expect.poll(() => page.locator('.incident-row').count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(page.url()).toContain(`#/incident/${listed[3]}`);
    expect(await page.locator('main').first().textContent()).toContain(listed[3]);
    await page.unroute(/\/assets\/boot-[^/]*\.js$/);
  });

  it('opens an incident from a live row too', async () => {
    await page.goto(`${session.served.origin}/#/`);
    await page.locator('.first-screen-rows').waitFor({ state: 'detached' });
    await page.locator('.incident-row').nth(2).click();
    await expect.poll(() => page.url()).toContain(`#/incident/${listed[2]}`);
    expect(session.pageErrors).toEqual([]);
  });
});
