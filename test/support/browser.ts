import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './chromium';
import { repoRoot, serveConsole, type ServedConsole } from './consoleServer';

export { launchChromium } from './chromium';

export interface ConsolePage {
  served: ServedConsole;
  page: Page;
  /** Uncaught errors in the page; a test ends by expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** `firebreak serve` on `dataDir` with one page of Chromium on it, as the e2e tests use. */
export async function openConsolePage(dataDir: string, viewport = { width: 1400, height: 1000 }): Promise<ConsolePage> {
  const browser = await launchChromium();
  const served = await serveConsole(dataDir);
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    served,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await served.stop();
    },
  };
}

/** The window sizes every screen is checked at: a laptop, and the smallest the console supports. */
export const screenSizes = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
export const screensDir = path.join(repoRoot, 'test-results', 'screens');

/**
 * A screenshot at each size (`<name>-<w>x<h>.png` in test-results/screens), and no sideways
 * scrolling at either: a responder never hunts for a cut-off button. `fullPage` shoots the whole
 * page; otherwise what the window shows (bars that stick to its bottom stay where they are).
 */
export async function screenshotSizes(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  fs.mkdirSync(screensDir, { recursive: true });
  for (const size of screenSizes) {
    await page.setViewportSize(size);
    // From the top: a full-page shot of a scrolled page paints the sticky top bar mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${name} scrolls sideways at ${size.width} px` }).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(screensDir, `${name}-${size.width}x${size.height}.png`), fullPage });
  }
  await page.setViewportSize(screenSizes[0]);
}

/**
 * What the window shows, at each size and in the dark and the light theme
 * (`<dir>/<name>-<theme>-<w>x<h>.png`), with no sideways scrolling. `inView` brings the part
 * worth seeing back into view after each resize.
 */
export async function screenshotThemes(page: Page, dir: string, name: string, inView?: () => Promise<unknown>): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of screenSizes) {
      await page.setViewportSize(size);
      await inView?.();
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${name} scrolls sideways at ${size.width} px (${colorScheme})` }).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(dir, `${name}-${colorScheme}-${size.width}x${size.height}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(screenSizes[0]);
}
