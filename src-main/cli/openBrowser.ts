import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | undefined {
  return chromiumCandidates.find((candidate) => fs.existsSync(candidate));
}

/**
 * Chromium's arguments for an app window (no tabs, no address bar) with a profile of its own in the
 * data dir. `link` is a one-time `/open?code=…` link: any local user can read a command line with
 * `ps`, so it must never carry the session token, only a code that is useless once the window used it.
 */
export function chromiumArguments(link: string, dataDir: string, root = process.getuid?.() === 0): string[] {
  const args = [`--app=${link}`, `--user-data-dir=${path.join(dataDir, 'browser-profile')}`, '--no-first-run', '--disable-background-networking'];
  // Chromium cannot sandbox itself under root and refuses to start without this flag there.
  if (root) args.push('--no-sandbox');
  return args;
}

/** Opens the console in a browser window; returns what happened so the caller can say it; never throws. */
export function openConsoleWindow(link: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display: open the URL above in a browser';
  const chromium = process.platform === 'linux' ? findChromium() : undefined;
  const [command, args] = chromium
    ? [chromium, chromiumArguments(link, dataDir)]
    : process.platform === 'darwin'
      ? ['open', [link]]
      : ['xdg-open', [link]];
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
