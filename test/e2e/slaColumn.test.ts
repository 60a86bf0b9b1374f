import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { openConsolePage, screenSizes, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { tempDataDir } from '../support/consoleServer';

// An incident left open for a year: its SLA badge is the widest the dashboard draws (three-digit days).
const dayMs = 86_400_000;
let session: ConsolePage;
let page: Page;

beforeAll(async () => {
  const dataDir = tempDataDir();
  let now = Date.now() - 366 * dayMs;
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date(now) });
  const declare = (title: string, severity: string) => {
    const result = dispatch(ctx, 'incident.declare', { title, severity });
    if (!result.ok) throw new Error(result.error.message);
  };
  declare('Forgotten P0: admin key leaked a year ago, never closed', 'P0');
  now = Date.now();
  declare('Phishing mail reported by finance', 'P3');
  ctx.db.close();
  session = await openConsolePage(dataDir, screenSizes[0]);
  page = session.page;
  await page.goto(session.served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe('the SLA column', () => {
  it('holds a clock overdue by a year without running into the severity, at every window width without sideways scroll, and dates the declaration with its year', async () => {
    const row = page.locator('.incident-row', { hasText: 'Forgotten P0' });
    const badge = row.locator('.sla-overdue');
    await expect.poll(() => badge.textContent()).toMatch(/^OVERDUE 36[56]d \d{1,2}h$/);
    // 1,280 and 1,320 px: either side of where the laptop columns give way to all ten.
    for (const size of [...screenSizes, { width: 1280, height: 800 }, { width: 1320, height: 800 }]) {
      await page.setViewportSize(size);
      expect(await page.locator('.incident-grid').evaluate((grid) => grid.scrollWidth - grid.clientWidth), `sideways scroll at ${size.width} px`).toBeLessThanOrEqual(0);
      const gap = await row.evaluate((element) => {
        const clock = element.querySelector('.sla-overdue')!.getBoundingClientRect();
        const severity = element.querySelector('.badge')!.getBoundingClientRect();
        return severity.left - clock.right;
      });
      expect(gap, `${size.width} px`).toBeGreaterThanOrEqual(4);
    }
    // On a desktop screen the declared time is shown too: its date with the year in view, the whole time in its tooltip.
    await page.setViewportSize(screenSizes[0]);
    const declared = row.locator('[role=cell]').last();
    const year = String(new Date(Date.now() - 366 * dayMs).getFullYear());
    await expect.poll(() => declared.textContent()).toContain(year);
    expect(await declared.getAttribute('title')).toBe(await declared.textContent());
    const yearInView = await declared.evaluate((cell, year) => {
      const text = cell.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, text.textContent!.indexOf(year) + year.length);
      return range.getBoundingClientRect().right <= cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight);
    }, year);
    expect(yearInView).toBe(true);
    await screenshotThemes(page, path.join(screensDir, 'slaColumn'), 'overdue-a-year', () => page.evaluate(() => window.scrollTo(0, 0)));
    expect(session.pageErrors).toEqual([]);
  });
});
