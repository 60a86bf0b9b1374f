import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { openConsolePage, screensDir, screenshotThemes, type ConsolePage } from '../support/browser';
import { runCli } from '../support/cli';
import { apiCall, tempDataDir } from '../support/consoleServer';

// Years of incidents and a long night on one of them: the All view pages (only its first rows come
// at start, more as the responder scrolls), search asks the server, the timeline opens on its newest
// entries and loads older ones on the way down, and a change from the CLI shows without a reload.
const count = 3000;
const notes = 2000;
const shots = path.join(screensDir, 'consoleScale');
let session: ConsolePage;
let page: Page;
let dataDir: string;
let busy: string;
let allIds: string[];

function ok<T>(result: ReturnType<typeof dispatch>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const ctx = createServiceContext({ dataDir, transport: 'cli' });
  ctx.db.pragma('synchronous = OFF'); // seeding only
  const severities = ['P0', 'P1', 'P2', 'P3'];
  for (let i = 0; i < count; i += 1) {
    const { id } = ok<{ id: string }>(dispatch(ctx, 'incident.declare', { title: `Seeded incident ${i} on host-${i}`, severity: severities[i % 4] }));
    // Most of a team's history is settled: a few open, the rest resolved.
    if (i % 10 !== 0) ok(dispatch(ctx, 'incident.setStatus', { id, status: 'Resolved' }));
  }
  busy = ok<{ id: string }>(dispatch(ctx, 'incident.declare', { title: 'Credential stuffing against the login API', severity: 'P1' })).id;
  for (let i = 0; i < notes; i += 1) ok(dispatch(ctx, 'incident.addNote', { id: busy, text: `Blocked address batch ${i}: 203.0.113.${i % 256}` }));
  ctx.db.close();
  session = await openConsolePage(dataDir, { width: 1440, height: 900 });
  page = session.page;
  const { body } = await apiCall(session.served, 'incident.list', { scope: 'all' });
  allIds = (body.value.incidents as Array<{ id: string }>).map((incident) => incident.id);
  await page.goto(session.served.url);
  await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
}, 300_000);
afterAll(async () => {
  await session?.close();
});

const rowOf = (id: string) => page.locator('.incident-row').filter({ has: page.locator('.mono', { hasText: new RegExp(`^${id}$`) }) });
const rowsInPage = () => page.locator('.incident-row').count();
const timeline = () => page.getByRole('list', { name: 'Timeline' });

describe(`the All view with ${count + 1} incidents`, () => {
  it('counts them all and holds only about a screenful of rows', async () => {
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByRole('heading', { name: 'All incidents' }).waitFor();
    await expect.poll(() => page.locator('.toolbar .count').textContent(), { timeout: 10_000 }).toBe(String(count + 1));
    expect(await page.getByRole('table', { name: 'Incidents' }).getAttribute('aria-rowcount')).toBe(String(count + 2));
    await expect.poll(() => page.locator('.incident-row .mono').first().textContent()).toBe(allIds[0]);
    expect(await rowsInPage()).toBeLessThan(60);
    await screenshotThemes(page, shots, 'all-3001', () => page.evaluate(() => window.scrollTo(0, 0)));
  });

  it('scrolls to the end and shows the last incident', async () => {
    const last = allIds.at(-1)!;
    // Pages come as the end nears: scroll again until the list stops growing and its last row is drawn.
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          return rowOf(last).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(await rowsInPage()).toBeLessThan(80);
    await screenshotThemes(page, shots, 'all-3001-end', () => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)));
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('finds one incident by its title through the server', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('Seeded incident 2345 ');
    await expect.poll(() => page.locator('.toolbar .count').textContent(), { timeout: 10_000 }).toBe('1 found');
    await page.locator('.incident-row', { hasText: 'Seeded incident 2345 on host-2345' }).waitFor();
    expect(await rowsInPage()).toBe(1);
    await page.keyboard.press('Escape');
  });
});

describe(`an incident with ${notes} notes`, () => {
  it('opens on its newest entries and loads older ones on the way down', async () => {
    await page.goto(`${session.served.url}#/incident/${busy}`);
    await timeline().getByText(`Blocked address batch ${notes - 1}:`).waitFor();
    // Newest first (the console may have recorded escalation reminders since the notes).
    const newestNote = await timeline().locator('.timeline-summary', { hasText: 'Blocked address batch' }).first().textContent();
    expect(newestNote).toContain(`Blocked address batch ${notes - 1}:`);
    expect(await timeline().locator('.timeline-entry').count()).toBeLessThan(60);
    const older = page.getByRole('button', { name: /^Show older entries/ });
    const more = Number((await older.textContent())!.match(/\(([\d,]+) more\)/)![1]!.replace(/,/g, ''));
    // The page holds the newest 200 of the notes, the declaration, the checklist and any reminders.
    expect(more).toBeGreaterThanOrEqual(notes + 2 - 200);
    await screenshotThemes(page, shots, 'timeline-2000', () => page.locator('.incident-timeline h2').evaluate((heading) => heading.scrollIntoView()));
    // The newest 200 hold batches 1800 to 1999 (or fewer with reminders): scrolling to their end brings older pages.
    const oldestDrawn = async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const summaries = await timeline().locator('.timeline-summary', { hasText: 'Blocked address batch' }).allTextContents();
      return Number(summaries.at(-1)?.match(/batch (\d+):/)?.[1] ?? notes);
    };
    await expect.poll(oldestDrawn, { timeout: 20_000 }).toBeLessThan(1600);
    await screenshotThemes(page, shots, 'timeline-2000-older', () => page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)));
    expect(Number((await older.textContent())!.match(/\(([\d,]+) more\)/)![1]!.replace(/,/g, ''))).toBeLessThan(more);
    expect(await timeline().locator('.timeline-entry').count()).toBeLessThan(80);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('moves between entries by keyboard, drawing them as it goes', async () => {
    const focusedSeq = () => page.evaluate(() => document.activeElement?.querySelector('.seq')?.textContent ?? null);
    const seqs = await timeline().locator('.seq').allTextContents();
    await timeline().locator('.timeline-entry').first().focus();
    expect(await focusedSeq()).toBe(seqs[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedSeq).toBe(seqs[2]);
    // Page by page far below the first screen: the focused entry is drawn and in view.
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('PageDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('timeline-entry') && document.activeElement.getBoundingClientRect().top >= 0)).toBe(true);
    expect(Number((await focusedSeq())!.slice(1))).toBeLessThan(Number(seqs[2]!.slice(1)) - 40);
    await page.keyboard.press('Home');
    await expect.poll(focusedSeq).toBe(seqs[0]);
    expect(await timeline().locator('.timeline-entry').count()).toBeLessThan(80);
  });

  it('finds an entry held with the filter box', async () => {
    await page.getByLabel('Filter the timeline').fill('batch 1850:');
    await expect.poll(() => timeline().locator('.timeline-entry').count()).toBe(1);
    await page.getByLabel('Filter the timeline').fill('');
  });

  it('shows a note added from the CLI without reloading the page', async () => {
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const cli = runCli(dataDir, ['incident', 'note', busy, 'Rate limit raised at the edge (from the shell)']);
    expect(cli.status, cli.stderr).toBe(0);
    await timeline().getByText('Rate limit raised at the edge (from the shell)').waitFor({ timeout: 20_000 });
    expect(await timeline().locator('.timeline-summary').first().textContent()).toContain('from the shell');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });
});
