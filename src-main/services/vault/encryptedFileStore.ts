import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../contract';
import { writeError, writeFileAtomic } from '../../jobs/atomicFile';
import { writeTransaction } from '../../store/transaction';
import type { SecretStore } from './secretStore';
import { buildVaultFile, defaultKdf, deriveKey, keyOpens, newKdf, parseVaultFile, readEntries, unlockKey, type PlainEntry, type VaultFileData } from './vaultFile';

const maxVaultFileBytes = 64 * 1024 * 1024;

/** The scrypt cost of a new vault: 2^17 by default; FIREBREAK_VAULT_KDF_LOG_N (14–20) lets tests make cheaper ones. */
function kdfLogN(): number {
  const asked = Number(process.env.FIREBREAK_VAULT_KDF_LOG_N ?? defaultKdf.logN);
  return Number.isInteger(asked) && asked >= 14 && asked <= 20 ? asked : defaultKdf.logN;
}

export function vaultFilePath(dataDir: string): string {
  return path.join(dataDir, 'vault', 'vault.fbv');
}

/** The fallback vault: one file, every write a whole new file (temporary, synced, renamed) under the database's write lock. */
export class EncryptedFileStore implements SecretStore {
  readonly backend = 'encrypted-file' as const;
  readonly file: string;
  private key: Buffer | null = null;
  // FIREBREAK_VAULT_PASSPHRASE: tried on first use, and makes the file on the first write if there is none.
  private givenPassphrase: string | null = null;

  constructor(
    private readonly db: Database,
    dataDir: string,
  ) {
    this.file = vaultFilePath(dataDir);
  }

  get description(): string {
    const kdf = this.exists() ? this.readFile()?.kdf : undefined;
    return `encrypted file ${this.file} (scrypt N=2^${kdf?.logN ?? kdfLogN()}, AES-256-GCM)`;
  }

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  locked(): boolean {
    return this.key === null && this.givenPassphrase === null;
  }

  usePassphrase(passphrase: string): void {
    this.givenPassphrase = passphrase;
  }

  /** Opens the file with the passphrase (checking every entry), or creates it when asked and none exists. */
  async unlock(passphrase: string, create: boolean): Promise<void> {
    const existing = this.readFile();
    if (!existing && !create) throw new AppError('not-found', `there is no vault file yet (${this.file}): create one with a passphrase`);
    if (existing && create) throw new AppError('conflict', `a vault file already exists (${this.file}): unlock it with its passphrase instead`);
    if (existing) {
      const key = await unlockKey(existing, passphrase);
      readEntries(existing, key, this.file);
      this.key = key;
      return;
    }
    const kdf = newKdf(kdfLogN());
    const key = await deriveKey(passphrase, kdf);
    // Made under the write lock: two consoles creating at once end with one vault, the other told so.
    writeTransaction(this.db, () => {
      if (this.readFile()) throw new AppError('conflict', `a vault file was just made by another Firebreak process (${this.file}): unlock it with its passphrase`);
      this.write(buildVaultFile(kdf, key, []));
    });
    this.key = key;
  }

  private opening: Promise<void> | null = null;

  private async openWithGivenPassphrase(passphrase: string): Promise<void> {
    // This data dir's vault file gone while the index still lists entries was lost or moved: an empty
    // new one in its place would hide that. (A keychain's data dir may start a separate file.)
    if (!this.exists() && this.db.prepare("SELECT 1 FROM settings WHERE key = 'vault.backend' AND value = 'encrypted-file'").get() && this.db.prepare('SELECT 1 FROM vault_entries LIMIT 1').get())
      throw new AppError('not-found', `the vault file ${this.file} is gone, though this data dir's index lists entries in it. Nothing was changed. Restore it from a backup, or create a new vault on the Vault screen to start over.`);
    try {
      try {
        await this.unlock(passphrase, !this.exists());
      } catch (error) {
        // Another process made the file meanwhile, with the same passphrase from the environment: open theirs.
        if (error instanceof AppError && error.code === 'conflict') await this.unlock(passphrase, false);
        else throw error;
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') throw new AppError('unauthorized', 'wrong vault passphrase in FIREBREAK_VAULT_PASSPHRASE: nothing was read or changed');
      throw error;
    }
  }

  lock(): void {
    this.key?.fill(0);
    this.key = null;
    this.givenPassphrase = null;
  }

  private async requireKey(): Promise<Buffer> {
    if (!this.key && this.givenPassphrase !== null) {
      // One opening at a time: two requests at start-up must not both try to create the file.
      this.opening ??= this.openWithGivenPassphrase(this.givenPassphrase).finally(() => (this.opening = null));
      await this.opening;
    }
    if (!this.key) throw new AppError('unauthorized', 'the vault is locked: unlock it on the Vault screen, or give FIREBREAK_VAULT_PASSPHRASE to the command line');
    return this.key;
  }

  private readFile(): VaultFileData | null {
    let bytes: Buffer;
    try {
      const stat = fs.statSync(this.file);
      if (!stat.isFile()) throw new AppError('io-error', `the vault file ${this.file} is not a file`);
      if (stat.size > maxVaultFileBytes) throw new AppError('io-error', `the vault file ${this.file} is ${stat.size} bytes: far more than a vault holds; it is not one`);
      bytes = fs.readFileSync(this.file);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new AppError('io-error', `cannot read the vault file ${this.file} (${code ?? (error as Error).message}): check its owner and permissions`);
    }
    return parseVaultFile(bytes, this.file);
  }

  /** The entries, checked; the key must still open the file (another process may have made a new one). */
  private entries(key: Buffer): { data: VaultFileData; entries: PlainEntry[] } {
    const data = this.readFile();
    if (!data) throw new AppError('not-found', `the vault file ${this.file} is gone: restore it from a backup, or lock and create a new vault`);
    if (!keyOpens(data, key)) throw new AppError('unauthorized', `the vault file ${this.file} was replaced since it was unlocked: unlock it again`);
    return { data, entries: readEntries(data, key, this.file) };
  }

  private write(data: VaultFileData): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileAtomic(this.file, JSON.stringify(data), { mode: 0o600 });
    } catch (error) {
      throw writeError(error, this.file, 'the vault', 'the vault is as it was before');
    }
  }

  /** Names, kinds and times as the file has them (to bring the database's index in line after an unlock). */
  async listed(): Promise<PlainEntry[]> {
    return this.entries(await this.requireKey()).entries;
  }

  async get(name: string): Promise<string | null> {
    return this.entries(await this.requireKey()).entries.find((entry) => entry.name === name)?.value ?? null;
  }

  async put(entry: PlainEntry, alongside: () => void): Promise<void> {
    await this.change((entries) => [...entries.filter((existing) => existing.name !== entry.name), entry], alongside);
  }

  async remove(name: string, alongside: () => void): Promise<boolean> {
    const { before, after } = await this.change((entries) => entries.filter((existing) => existing.name !== name), alongside);
    return after < before;
  }

  private async change(edit: (entries: PlainEntry[]) => PlainEntry[], alongside: () => void): Promise<{ before: number; after: number }> {
    const key = await this.requireKey();
    return writeTransaction(this.db, () => {
      const { data, entries } = this.entries(key);
      const edited = edit(entries);
      // The index rows first: if the file cannot be written, the transaction rolls them back.
      alongside();
      this.write(buildVaultFile(data.kdf, key, edited));
      return { before: entries.length, after: edited.length };
    });
  }
}
