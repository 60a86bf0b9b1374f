/**
 * The console's side of the scale benchmark, through the real UI: `firebreak serve` on the data dir
 * and Chromium clicking what a responder clicks. Every time is taken in the page (performance.now()
 * at the click, or the navigation's start, to the frame the rows are on screen), checked every
 * animation frame, so Playwright's own round trips do not count.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { serveConsole } from '../support/consoleServer';

export interface ConsoleRun {
  openFirstScreenMs: number;
  allFirstScreenMs: number;
  /** Reference for the All view: the same page switching back to the open incidents (a screenful either way). */
  openAgainMs: number;
  /** JS heap in use right after the All view's first screen, and what stays after a garbage collection. */
  allHeapMb: number;
  allHeapRetainedMb: number;
  scrollToEndMs: number;
  /** Scrolling the All view a screen per frame: the longest frame (a stall a responder feels) and the median. */
  scrollLongestFrameMs: number;
  scrollMedianFrameMs: number;
  openBigIncidentMs: number;
  bigIncidentHeapMb: number;
  bigIncidentHeapRetainedMb: number;
  /** Timeline entries in the page once the incident opened (all of them, unless the console pages). */
  timelineEntriesInPage: number;
}

export interface ConsoleTarget {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  bigIncidentId: string;
  /** The last incident of the All view, in its order: scrolling is done when its row is on screen. */
  lastIncidentId: string;
  openCount: number;
  /** Where to write the screenshots; none when null. */
  screensDir: string | null;
}

const viewport = { width: 1440, height: 900 };
const screenSizes = [viewport, { width: 1024, height: 700 }];
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Resolves (in page time, ms) once `kind` holds: the rows of a view fill the screen, or the timeline is drawn. */
async function waitInPage(page: Page, kind: 'open' | 'all' | 'end' | 'timeline', arg: { expected?: number; id?: string } = {}): Promise<number> {
  const handle = await page.waitForFunction(
    // No named functions inside: tsx wraps them in a helper the page does not have.
    ({ kind, expected, id }) => {
      if (kind === 'timeline') return document.querySelector('.timeline-entry') !== null && performance.now();
      const rows = document.querySelectorAll('.incident-row');
      if (rows.length === 0) return false;
      if (kind === 'end') {
        // Keep asking for the bottom: a console that pages loads more as the end comes into view.
        window.scrollTo(0, document.documentElement.scrollHeight);
        const last = [...rows].find((row) => row.textContent?.includes(id!));
        const box = last?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight && performance.now();
      }
      // The All view's rows, not the open view's still on screen: some Closed ones among them.
      const closedShown = [...rows].some((row) => row.textContent?.includes('Closed'));
      if (kind === 'all' && !(document.querySelector('h1')?.textContent?.startsWith('All') && closedShown)) return false;
      if (kind === 'open' && (closedShown || !document.querySelector('h1')?.textContent?.startsWith('Open'))) return false;
      const lastBox = rows[rows.length - 1]!.getBoundingClientRect();
      return (rows.length >= expected! || lastBox.bottom >= window.innerHeight) && performance.now();
    },
    { kind, ...arg },
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Clicks like a user and returns the page time from the click to `kind` holding. */
async function clickThenWait(page: Page, click: () => Promise<void>, kind: 'open' | 'all' | 'timeline', arg: { expected?: number } = {}): Promise<number> {
  await page.evaluate(() => {
    const marks = window as unknown as { clickAt?: number };
    delete marks.clickAt;
    document.addEventListener('click', () => (marks.clickAt = performance.now()), { capture: true, once: true });
  });
  await click();
  const doneAt = await waitInPage(page, kind, arg);
  const clickAt = await page.evaluate(() => (window as unknown as { clickAt?: number }).clickAt);
  if (clickAt === undefined) throw new Error(`the click before waiting for ${kind} never reached the page`);
  return doneAt - clickAt;
}

async function heap(cdp: CDPSession): Promise<{ used: number; retained: number }> {
  const used = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await cdp.send('HeapProfiler.collectGarbage');
  return { used: mb(used), retained: mb((await cdp.send('Runtime.getHeapUsage')).usedSize) };
}

async function screenshots(page: Page, dir: string, name: string, inView: () => Promise<unknown>): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const size of screenSizes) {
    await page.setViewportSize(size);
    await inView();
    await page.waitForTimeout(200); // the virtualised rows follow the new size a frame or two later
    await page.screenshot({ path: path.join(dir, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(viewport);
}

/** The timeline's heading just below the bars that stay at the top, so the shot shows its newest rows. */
function timelineInView(): void {
  document.querySelector('.incident-timeline')?.scrollIntoView();
  let covered = 0;
  for (let y = 1; y < window.innerHeight / 2; y += 8) {
    for (const element of document.elementsFromPoint(window.innerWidth / 2, y)) {
      if (['sticky', 'fixed'].includes(getComputedStyle(element).position)) covered = Math.max(covered, element.getBoundingClientRect().bottom);
    }
  }
  window.scrollBy(0, -covered - 8);
}

/** One pass: load the open view, switch to All, scroll it to the end, then open the long-timeline incident. */
export async function measureConsole(browser: Browser, target: ConsoleTarget): Promise<ConsoleRun> {
  const served = await serveConsole(target.dataDir, target.env);
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await page.goto(served.url);
    // From the navigation's start (page time 0) to the open incidents on screen.
    const openFirstScreenMs = await waitInPage(page, 'open', { expected: target.openCount });

    const allFirstScreenMs = await clickThenWait(page, () => page.getByRole('button', { name: 'All', exact: true }).click(), 'all');
    const allHeap = await heap(cdp);
    if (target.screensDir) await screenshots(page, target.screensDir, 'scale-all-view', () => page.evaluate(() => window.scrollTo(0, 0)));

    const scrollStart = await page.evaluate(() => performance.now());
    const scrollToEndMs = (await waitInPage(page, 'end', { id: target.lastIncidentId })) - scrollStart;
    const frames = await page.evaluate(async () => {
      window.scrollTo(0, 0);
      const gaps: number[] = [];
      let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      for (let i = 0; i < 120; i += 1) {
        window.scrollBy(0, window.innerHeight);
        const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        gaps.push(now - last);
        last = now;
      }
      gaps.sort((a, b) => a - b);
      return { longest: gaps[gaps.length - 1]!, median: gaps[Math.floor(gaps.length / 2)]! };
    });

    await page.evaluate(() => window.scrollTo(0, 0));
    // The reference: the same click back to the 20 open incidents, in the same page.
    const openAgainMs = await clickThenWait(page, () => page.getByRole('button', { name: 'Open', exact: true }).click(), 'open', { expected: target.openCount });
    const bigRow = page.locator('.incident-row', { hasText: target.bigIncidentId });
    await bigRow.waitFor({ timeout: 60_000 });
    const openBigIncidentMs = await clickThenWait(page, () => bigRow.click(), 'timeline');
    const bigHeap = await heap(cdp);
    const timelineEntriesInPage = await page.locator('.timeline-entry').count();
    if (target.screensDir) await screenshots(page, target.screensDir, 'scale-timeline', () => page.evaluate(timelineInView));
    if (pageErrors.length) throw new Error(`the console threw: ${pageErrors.join('; ')}`);

    return {
      openFirstScreenMs: Math.round(openFirstScreenMs),
      allFirstScreenMs: Math.round(allFirstScreenMs),
      openAgainMs: Math.round(openAgainMs),
      allHeapMb: allHeap.used,
      allHeapRetainedMb: allHeap.retained,
      scrollToEndMs: Math.round(scrollToEndMs),
      scrollLongestFrameMs: Math.round(frames.longest),
      scrollMedianFrameMs: Math.round(frames.median),
      openBigIncidentMs: Math.round(openBigIncidentMs),
      bigIncidentHeapMb: bigHeap.used,
      bigIncidentHeapRetainedMb: bigHeap.retained,
      timelineEntriesInPage,
    };
  } finally {
    await context.close();
    await served.stop();
  }
}
