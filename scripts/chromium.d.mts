/** Which Chromium the end-to-end tests drive, and where it came from. */
export function findChromium(): Promise<{ path: string; source: string }>;
