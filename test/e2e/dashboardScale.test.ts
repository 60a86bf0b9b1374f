import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { openConsolePage, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { apiCall, tempDataDir } from '../support/consoleServer';

// Years of incidents: the dashboard draws only the rows on screen, and a responder still reaches
// every one of them, by scrolling, by keyboard and by search.
const count = 400;
let session: ConsolePage;
let page: Page;
let listed: string[];

beforeAll(async () => {
  const dataDir = tempDataDir();
  const ctx = createServiceContext({ dataDir, transport: 'cli' });
  ctx.db.pragma('synchronous = OFF'); // seeding only
  const severities = ['P0', 'P1', 'P2', 'P3'];
  for (let i = 0; i < count; i += 1) {
    const result = dispatch(ctx, 'incident.declare', { title: `Seeded incident ${i} on host-${i}`, severity: severities[i % 4] });
    if (!result.ok) throw new Error(result.error.message);
  }
  ctx.db.close();
  session = await openConsolePage(dataDir, { width: 1440, height: 900 });
  page = session.page;
  const { body } = await apiCall(session.served, 'incident.list', { scope: 'open' });
  listed = (body.value.incidents as Array<{ id: string }>).map((incident) => incident.id);
  await page.goto(session.served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
}, 120_000);
afterAll(async () => {
  await session?.close();
});

const rowsInPage = () => page.locator('.incident-row').count();
const focusedIncident = () => page.evaluate(() => document.activeElement?.querySelector('.mono')?.textContent ?? null);
/** The row of exactly this incident (ids declared in the same second share a prefix: INC-…-2). */
const rowOf = (id: string) => page.locator('.incident-row').filter({ has: page.locator('.mono', { hasText: new RegExp(`^${id}$`) }) });
// Within a pixel: the alarms above the list may have fractional heights, and scroll offsets are whole pixels.
const inViewport = (id: string) =>
  rowOf(id).evaluate((row) => {
    const box = row.getBoundingClientRect();
    return box.top > -1 && box.bottom < window.innerHeight + 1;
  });

describe(`the dashboard with ${count} open incidents`, () => {
  it('counts them all and holds only about a screenful of rows in the page', async () => {
    await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe(String(count));
    expect(await page.getByRole('table', { name: 'Incidents' }).getAttribute('aria-rowcount')).toBe(String(count + 1));
    const drawn = await rowsInPage();
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(60);
    // Most urgent first, as the server sorts them.
    await expect.poll(() => page.locator('.incident-row .mono').first().textContent()).toBe(listed[0]);
    await screenshotThemes(page, path.join(screensDir, 'dashboardScale'), 'open-400', () => page.evaluate(() => window.scrollTo(0, 0)));
    // Ids declared in the same second carry a suffix (INC-…-13): shown whole even on a laptop screen.
    await page.setViewportSize({ width: 1024, height: 700 });
    const cutIds = await page.locator('.incident-row .mono').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));
    expect(cutIds).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('reaches the last incident by End, the first by Home, and steps with the arrows', async () => {
    await page.locator('.incident-row').first().focus();
    expect(await focusedIncident()).toBe(listed[0]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIncident).toBe(listed[1]);
    await page.keyboard.press('End');
    await expect.poll(focusedIncident).toBe(listed[count - 1]);
    expect(await inViewport(listed[count - 1]!)).toBe(true);
    expect(await rowsInPage()).toBeLessThan(60);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedIncident).toBe(listed[count - 2]);
    await page.keyboard.press('Home');
    await expect.poll(focusedIncident).toBe(listed[0]);
    expect(await inViewport(listed[0]!)).toBe(true);
    // Tab moves on, and Home asked for again still goes back.
    await page.keyboard.press('Tab');
    await expect.poll(focusedIncident).toBe(listed[1]);
    await page.keyboard.press('Home');
    await expect.poll(focusedIncident).toBe(listed[0]);
    // The focused row stays in the page when the wheel scrolls it far away, and the arrows go on from it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIncident).toBe(listed[2]);
    await page.mouse.move(700, 500);
    await page.mouse.wheel(0, 4000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(3000);
    expect(await focusedIncident()).toBe(listed[2]);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIncident).toBe(listed[3]);
    expect(await inViewport(listed[3]!)).toBe(true);
    await page.keyboard.press('Home');
    await expect.poll(focusedIncident).toBe(listed[0]);
    // Enter opens the focused incident, as before.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIncident).toBe(listed[1]);
    await page.keyboard.press('Enter');
    await page.locator('.incident-header').getByText(listed[1]!).first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  });

  it('draws the rows further down as the page scrolls to them', async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await rowOf(listed[count - 1]!).waitFor();
    expect(await inViewport(listed[count - 1]!)).toBe(true);
    await screenshotThemes(page, path.join(screensDir, 'dashboardScale'), 'open-400-end', () => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)));
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('finds an incident far down the list by search', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('host-7');
    // host-7 and host-70 to host-79.
    await expect.poll(() => page.locator('.toolbar .count').textContent()).toBe(`11 of ${count}`);
    await page.locator('.incident-row', { hasText: 'Seeded incident 7 on host-7' }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
