import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.FIREBREAK_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, never a downloaded browser build; background networking off (no network here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}
