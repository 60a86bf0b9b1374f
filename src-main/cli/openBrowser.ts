import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | undefined {
  return chromiumCandidates.find((candidate) => fs.existsSync(candidate));
}

/**
 * Opens the console in a Chromium app window (no tabs, no address bar) with a profile of its own in
 * the data dir. Returns what happened so the caller can say it; never throws.
 */
export function openConsoleWindow(url: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display: open the URL above in a browser';
  const chromium = process.platform === 'linux' ? findChromium() : undefined;
  const chromiumArgs = [`--app=${url}`, `--user-data-dir=${path.join(dataDir, 'browser-profile')}`, '--no-first-run', '--disable-background-networking'];
  // Chromium cannot sandbox itself under root and refuses to start without this flag there.
  if (process.getuid?.() === 0) chromiumArgs.push('--no-sandbox');
  const [command, args] = chromium
    ? [chromium, chromiumArgs]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    const earlyExit = setTimeout(() => child.removeAllListeners('exit'), 5_000);
    earlyExit.unref();
    child.once('exit', (code) => {
      clearTimeout(earlyExit);
      if (code) process.stderr.write(`${path.basename(command)} exited with code ${code}: open the URL above yourself\n`);
    });
    child.unref();
    return `opened in ${path.basename(command)}`;
  } catch {
    return 'could not open a browser: open the URL above yourself';
  }
}
