import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../contract';

/**
 * The keychain, behind four calls. Each runs in `keychainChild.ts`, the one file that calls keytar:
 * keytar's repository is archived, and another binding can replace it there alone.
 */
export interface KeychainBinding {
  /** What answers: "GNOME Keyring via Secret Service", "macOS Keychain", "Windows Credential Manager". */
  description: string;
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, value: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
  /** Accounts only: the values are dropped here, so listing never holds every secret in memory. */
  accounts(service: string): Promise<string[]>;
}

// A keychain that hangs (a locked collection whose prompt cannot show, a daemon stuck) must not hang the console.
export const keychainTimeoutMs = Number(process.env.FIREBREAK_KEYCHAIN_TIMEOUT_MS ?? 10_000);

function platformKeychain(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  // GNOME Keyring leaves its control socket in the session's runtime folder; other Secret Services (KWallet, KeePassXC) do not.
  const runtime = process.env.XDG_RUNTIME_DIR;
  const gnome = process.env.GNOME_KEYRING_CONTROL || (runtime && fs.existsSync(path.join(runtime, 'keyring', 'control')));
  return gnome ? 'GNOME Keyring via Secret Service' : 'the Secret Service (D-Bus)';
}

/** The bundled child next to the bundle that runs; from source (unit tests) the TypeScript entry through tsx. */
function childEntry(): string[] {
  const bundled = path.join(__dirname, '..', 'vault', 'keychainChild.js');
  if (fs.existsSync(bundled)) return [bundled];
  return ['--require', 'tsx/cjs', path.join(__dirname, 'keychainChild.ts')];
}

type Request = { op: 'get' | 'set' | 'delete' | 'accounts'; service: string; account?: string; value?: string };

// After a call that timed out, the next ones fail at once for a while instead of each waiting as long.
const retryAfterTimeoutMs = 30_000;
let timedOutAt = -Infinity;

/** Runs one call in a child process, killed if it has not answered in time. */
function callKeychain<T>(request: Request, what: string, description: string): Promise<T> {
  if (Date.now() - timedOutAt < retryAfterTimeoutMs)
    return Promise.reject(new AppError('io-error', `${description} did not answer a moment ago and is not asked again yet (${what}): is it locked, or has it stopped? Nothing was changed.`));
  return new Promise<T>((resolve, reject) => {
    // In the desktop app the executable is Electron: run it as plain Node.
    const child = spawn(process.execPath, childEntry(), { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => {
      timedOutAt = Date.now();
      child.kill('SIGKILL');
      reject(new AppError('io-error', `${description} did not answer within ${keychainTimeoutMs / 1000} s (${what}): is it locked, or has it stopped? Nothing was changed.`));
    }, keychainTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new AppError('io-error', `${description} could not be asked (${what}): ${error.message}`));
    });
    child.on('close', () => {
      clearTimeout(timer);
      let reply: { ok: boolean; value?: T; message?: string };
      try {
        reply = JSON.parse(out) as typeof reply;
      } catch {
        return reject(new AppError('io-error', `${description} gave no answer (${what}): the keychain helper stopped`));
      }
      if (reply.ok) resolve(reply.value as T);
      else reject(new AppError('io-error', `${description} refused ${what}: ${reply.message ?? 'no reason given'}`));
    });
    child.stdin!.end(JSON.stringify(request));
  });
}

/** keytar when it is installed and built; otherwise why not, in words a responder can act on. */
export function loadKeychain(): KeychainBinding | { unavailable: string } {
  try {
    createRequire(__filename).resolve('keytar');
  } catch {
    return { unavailable: 'keytar (the keychain binding, an optional dependency) is not installed: its build failed or was skipped' };
  }
  const description = platformKeychain();
  return {
    description,
    get: (service, account) => callKeychain<string | null>({ op: 'get', service, account }, 'a read', description),
    set: (service, account, value) => callKeychain<void>({ op: 'set', service, account, value }, 'a write', description),
    delete: (service, account) => callKeychain<boolean>({ op: 'delete', service, account }, 'a deletion', description),
    accounts: (service) => callKeychain<string[]>({ op: 'accounts', service }, 'a listing', description),
  };
}
