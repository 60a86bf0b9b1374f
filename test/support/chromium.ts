import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, else the one inside @sparticuz/chromium, never a downloaded build; background networking off (no network here).
 * Apart from browser.ts because benchmarks run outside vitest, and vitest refuses to be imported there;
 * imported dynamically because benchmarks run as CommonJS, which cannot require a module with a top-level await.
 */
export async function launchChromium(): Promise<Browser> {
  const { findChromium } = await import('../../scripts/chromium.mjs');
  return chromium.launch({
    executablePath: (await findChromium()).path,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}
