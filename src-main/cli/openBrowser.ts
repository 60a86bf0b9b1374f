import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeTtlMs } from '../server/session';

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | undefined {
  return chromiumCandidates.find((candidate) => fs.existsSync(candidate));
}

const launcherPattern = /^open-[0-9a-f]{16}\.html$/;

/**
 * The one-time link reaches the browser through a page only this user can read, which forwards to it.
 * A command line is readable by every local user (`ps`, /proc), and one polling it could redeem the
 * code before the browser does and take the session: so the browser's arguments name a file, never a code.
 * The page goes once the code has expired, and with the process.
 */
export function writeLauncherPage(link: string, dataDir: string): string {
  for (const name of fs.readdirSync(dataDir)) if (launcherPattern.test(name)) fs.rmSync(path.join(dataDir, name), { force: true });
  const file = path.join(dataDir, `open-${randomBytes(8).toString('hex')}.html`);
  const target = link.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  fs.writeFileSync(file, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>Opening Firebreak…</title>\n`, { mode: 0o600, flag: 'wx' });
  const remove = () => fs.rmSync(file, { force: true });
  setTimeout(remove, codeTtlMs).unref();
  process.once('exit', remove);
  return pathToFileURL(file).href;
}

/**
 * Chromium's arguments for an app window (no tabs, no address bar) with a profile of its own in the
 * data dir. `page` is the launcher page's file URL: any local user can read a command line.
 */
export function chromiumArguments(page: string, dataDir: string, root = process.getuid?.() === 0): string[] {
  const args = [`--app=${page}`, `--user-data-dir=${path.join(dataDir, 'browser-profile')}`, '--no-first-run', '--disable-background-networking'];
  // Chromium cannot sandbox itself under root and refuses to start without this flag there.
  if (root) args.push('--no-sandbox');
  return args;
}

/** Opens the console in a browser window; returns what happened so the caller can say it; never throws. */
export function openConsoleWindow(link: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display: open the URL above in a browser';
  const chromium = process.platform === 'linux' ? findChromium() : undefined;
  try {
    const page = writeLauncherPage(link, dataDir);
    const [command, args] = chromium ? [chromium, chromiumArguments(page, dataDir)] : process.platform === 'darwin' ? ['open', [page]] : ['xdg-open', [page]];
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
