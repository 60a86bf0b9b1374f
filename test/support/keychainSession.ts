import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './consoleServer';

/**
 * Why the vault cannot be tested on a real Secret Service here, or null when it can: dbus-run-session
 * and gnome-keyring-daemon exist, and keytar loads (npm skips the optional binding when it cannot
 * build it, as on a machine that had no libsecret-1-dev when npm install ran; the vault then uses its
 * encrypted file, as it says).
 */
export function keychainUnavailableReason(): string | null {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((program) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0);
  if (missing.length) return `${missing.join(' and ')} not installed (Debian packages dbus and gnome-keyring; .ci/run installs them)`;
  const binding = spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: repoRoot, encoding: 'utf8' });
  if (binding.status !== 0) return `keytar does not load (${binding.stderr.split('\n').find((line) => /Error/.test(line))?.trim() ?? 'not installed'}): npm install builds it where libsecret-1-dev is installed (.ci/run installs it)`;
  return null;
}

/** Kills this session's processes (those running with its HOME) whose command name `which` accepts. */
function killProcesses(home: string, which: (comm: string) => boolean): void {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const ours = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HOME=${home}`);
      if (ours && which(fs.readFileSync(`/proc/${pid}/comm`, 'utf8'))) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}

export interface KeychainSession {
  /** DBUS_SESSION_BUS_ADDRESS and the keyring's control socket: what a process needs to reach this Secret Service. */
  env: Record<string, string>;
  /** Stops the keyring daemon only (the bus stays): the keychain "disappears". */
  killKeyring(): void;
  /** The folder holding the keyring's files: a later session started on it sees the same entries. */
  home: string;
  /** Ends the session; with `keepKeyring`, its files stay for the next session (the next login). */
  stop(options?: { keepKeyring?: boolean }): void;
}

/**
 * A private D-Bus session with GNOME Keyring's Secret Service, its login keyring unlocked, in a
 * temporary home: tests never touch the machine's own keyring.
 */
export async function startKeychainSession(existingHome?: string): Promise<KeychainSession> {
  const home = existingHome ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-keyring-'));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runtime-'));
  fs.chmodSync(runtime, 0o700);
  const script = `
    eval "$(printf 'keyring-test-password' | gnome-keyring-daemon --unlock --components=secrets)"
    echo "BUS=$DBUS_SESSION_BUS_ADDRESS"
    echo "CONTROL=$GNOME_KEYRING_CONTROL"
    echo "PID=$GNOME_KEYRING_PID"
    echo READY
    exec cat >/dev/null`; // the session lasts until the test closes this stdin (or dies)
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: path.join(home, '.local', 'share') },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const values = await new Promise<Record<string, string>>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the keyring session did not start within 15 s: ${err}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('READY')) return;
      clearTimeout(timer);
      resolve(Object.fromEntries(out.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])));
    });
    child.on('exit', (code) => reject(new Error(`the keyring session ended (${code}): ${err}`)));
  });
  if (!values.BUS) throw new Error('the keyring session gave no D-Bus address');
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: values.BUS, GNOME_KEYRING_CONTROL: values.CONTROL ?? '', HOME: home, XDG_RUNTIME_DIR: runtime },
    killKeyring: () => killProcesses(home, (comm) => comm.startsWith('gnome-keyring')),
    home,
    stop: (options = {}) => {
      child.stdin!.end();
      child.stdout!.destroy();
      child.stderr!.destroy();
      // The bus's own processes, and any keyring daemon it started again on demand, all run with this session's HOME.
      killProcesses(home, () => true);
      if (!options.keepKeyring) fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
}
