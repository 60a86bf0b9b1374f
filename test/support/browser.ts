import { chromium, type Browser, type Page } from 'playwright-core';
import { serveConsole, type ServedConsole } from './consoleServer';

export const chromiumPath = process.env.FIREBREAK_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, never a downloaded browser build; background networking off (no network here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
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

/** `firebreak serve` on `dataDir` with one page of Debian's Chromium on it, as the e2e tests use. */
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
