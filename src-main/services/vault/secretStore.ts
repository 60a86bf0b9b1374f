import type { VaultBackend } from '../../contract';
import type { PlainEntry } from './vaultFile';

/** Where vault values live. Listing and redaction use the database's index; only these calls touch values. */
export interface SecretStore {
  readonly backend: VaultBackend;
  /** "GNOME Keyring via Secret Service", "encrypted file /…/vault.fbv (scrypt N=2^17, AES-256-GCM)". */
  readonly description: string;
  /** Encrypted file: whether it exists yet and whether this process holds its key. A keychain is always both. */
  exists(): boolean;
  locked(): boolean;
  get(name: string): Promise<string | null>;
  /** `alongside` runs in the same database transaction as the file write (or right after the keychain's). */
  put(entry: PlainEntry, alongside: () => void): Promise<void>;
  remove(name: string, alongside: () => void): Promise<boolean>;
}
