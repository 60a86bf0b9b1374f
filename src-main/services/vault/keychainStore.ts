import type { Database } from 'better-sqlite3';
import { writeTransaction } from '../../store/transaction';
import type { KeychainBinding } from './keytarBinding';
import type { SecretStore } from './secretStore';
import type { PlainEntry } from './vaultFile';

// One keychain item per entry: service "Firebreak", account "<device id>/<name>", so two data dirs never share entries.
const service = 'Firebreak';

export class KeychainStore implements SecretStore {
  readonly backend = 'keytar' as const;
  readonly description: string;

  constructor(
    private readonly binding: KeychainBinding,
    private readonly db: Database,
    private readonly deviceId: string,
  ) {
    this.description = binding.description;
  }

  private account(name: string): string {
    return `${this.deviceId}/${name}`;
  }

  exists(): boolean {
    return true;
  }

  locked(): boolean {
    return false;
  }

  get(name: string): Promise<string | null> {
    return this.binding.get(service, this.account(name));
  }

  async put(entry: PlainEntry, alongside: () => void): Promise<void> {
    await this.binding.set(service, this.account(entry.name), entry.value);
    writeTransaction(this.db, alongside);
  }

  async remove(name: string, alongside: () => void): Promise<boolean> {
    const removed = await this.binding.delete(service, this.account(name));
    writeTransaction(this.db, alongside);
    return removed;
  }

  /** A read of an entry that never exists: answers null when the keychain works. */
  async probe(): Promise<void> {
    await this.binding.get(service, this.account('.probe'));
  }
}

/** This data dir's vault is in a keychain that does not answer here: every use says so, nothing falls back silently. */
export class UnreachableKeychain implements SecretStore {
  readonly backend = 'keytar' as const;
  constructor(
    readonly description: string,
    private readonly why: () => Error,
  ) {}
  exists(): boolean {
    return true;
  }
  locked(): boolean {
    return true;
  }
  get(): Promise<string | null> {
    return Promise.reject(this.why());
  }
  put(): Promise<void> {
    return Promise.reject(this.why());
  }
  remove(): Promise<boolean> {
    return Promise.reject(this.why());
  }
}
