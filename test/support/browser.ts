import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/chromium.mjs';
import { serveConsole, type ServedConsole } from './consoleServer';

/** Debian's Chromium, else the one inside @sparticuz/chromium, never a downloaded build; background networking off (no network here). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: (await findChromium()).path,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

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
