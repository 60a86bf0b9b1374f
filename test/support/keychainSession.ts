import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Why a real Secret Service cannot be started here, or null when it can (dbus-run-session and gnome-keyring-daemon exist). */
export function keychainUnavailableReason(): string | null {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((program) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0);
  return missing.length ? `${missing.join(' and ')} not installed (Debian packages dbus and gnome-keyring; .ci/run installs them)` : null;
}

export interface KeychainSession {
  /** DBUS_SESSION_BUS_ADDRESS and the keyring's control socket: what a process needs to reach this Secret Service. */
  env: Record<string, string>;
  /** Stops the keyring daemon only (the bus stays): the keychain "disappears". */
  killKeyring(): void;
  /** Starts the daemon again on the same bus and keyring files, unlocked. */
  restartKeyring(): void;
  stop(): void;
}

/**
 * A private D-Bus session with GNOME Keyring's Secret Service, its login keyring unlocked, in a
 * temporary home: tests never touch the machine's own keyring.
 */
export async function startKeychainSession(): Promise<KeychainSession> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-keyring-'));
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runtime-'));
  fs.chmodSync(runtime, 0o700);
  const script = `
    eval "$(printf 'keyring-test-password' | gnome-keyring-daemon --unlock --components=secrets)"
    echo "BUS=$DBUS_SESSION_BUS_ADDRESS"
    echo "CONTROL=$GNOME_KEYRING_CONTROL"
    echo "PID=$GNOME_KEYRING_PID"
    echo READY
    exec sleep 86400`;
  const child: ChildProcess = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: path.join(home, '.local', 'share') },
    stdio: ['ignore', 'pipe', 'pipe'],
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
    killKeyring: () => {
      if (values.PID) spawnSync('kill', ['-KILL', values.PID]);
      else spawnSync('pkill', ['-KILL', '-f', `gnome-keyring-daemon`]);
    },
    restartKeyring: () => {
      const restarted = spawnSync('sh', ['-c', `printf 'keyring-test-password' | gnome-keyring-daemon --unlock --replace --components=secrets`], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: path.join(home, '.local', 'share'), DBUS_SESSION_BUS_ADDRESS: values.BUS! },
        encoding: 'utf8',
        timeout: 15_000,
      });
      const control = /GNOME_KEYRING_CONTROL=([^\n]+)/.exec(restarted.stdout)?.[1];
      if (control) values.CONTROL = control;
    },
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      spawnSync('pkill', ['-KILL', '-f', `dbus-daemon.*${path.basename(runtime)}`]);
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
}
