import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../contract';

/**
 * The only file that touches keytar. Its repository is archived: another keychain binding can
 * replace it here alone, behind the same four calls.
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

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
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

function withTimeout<T>(what: string, promise: Promise<T>, description: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('io-error', `${description} did not answer within ${keychainTimeoutMs / 1000} s (${what}): is it locked, or has it stopped? Nothing was changed.`)), keychainTimeoutMs);
    timer.unref();
  });
  return Promise.race([promise, timeout])
    .catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      throw new AppError('io-error', `${description} refused ${what}: ${(error as Error).message}`);
    })
    .finally(() => clearTimeout(timer));
}

/** keytar when it is installed and built; otherwise why not, in words a responder can act on. */
export function loadKeychain(): KeychainBinding | { unavailable: string } {
  let keytar: Keytar;
  try {
    keytar = createRequire(__filename)('keytar') as Keytar;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      unavailable:
        code === 'MODULE_NOT_FOUND'
          ? 'keytar (the keychain binding, an optional dependency) is not installed: its build failed or was skipped'
          : `keytar could not be loaded: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const description = platformKeychain();
  return {
    description,
    get: (service, account) => withTimeout('a read', keytar.getPassword(service, account), description),
    set: (service, account, value) => withTimeout('a write', keytar.setPassword(service, account, value), description),
    delete: (service, account) => withTimeout('a deletion', keytar.deletePassword(service, account), description),
    accounts: async (service) => (await withTimeout('a listing', keytar.findCredentials(service), description)).map((entry) => entry.account),
  };
}
