import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError, vaultKinds, type VaultKind } from '../../contract';
import { canonicalJson } from '../../domain/incidents/eventChain';

/**
 * The encrypted vault file, used when no OS keychain answers.
 *
 * - Key: scrypt(passphrase, 16-byte random salt) with N = 2^17, r = 8, p = 1 (128 MiB, about half a
 *   second here): the cost of each passphrase guess. The parameters are stored in the file.
 * - Each secret: AES-256-GCM with its own random 96-bit nonce; its name, kind and change time are the
 *   additional authenticated data, so a value cannot be moved to another name unnoticed.
 * - The index (every entry's name, kind, time and nonce) is sealed the same way, bound to the header:
 *   an entry removed, added, swapped for an older copy or a changed KDF parameter is detected.
 * - A key check (HMAC of a fixed label) tells a wrong passphrase from a damaged file.
 */
export const defaultKdf = { name: 'scrypt', logN: 17, r: 8, p: 1 } as const;
const maxLogN = 20;
// scrypt takes 128·N·r bytes and time in N·r·p: a forged file must not make an unlock take gigabytes or minutes.
const maxKdfBytes = 2 ** 30;
const maxKdfWork = 2 ** 24; // 16 times the default's N·r·p
const formatName = 'firebreak-vault';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealed = z.strictObject({ nonce: base64, data: base64 });
const entrySchema = z.strictObject({ kind: z.enum(vaultKinds), changedAt: z.string().max(40), nonce: base64, data: base64 });
const fileSchema = z.strictObject({
  format: z.literal(formatName),
  version: z.literal(1),
  kdf: z
    .strictObject({ name: z.literal('scrypt'), logN: z.int().min(10).max(maxLogN), r: z.int().min(1).max(32), p: z.int().min(1).max(16), salt: base64 })
    .refine((kdf) => 128 * 2 ** kdf.logN * kdf.r <= maxKdfBytes && 2 ** kdf.logN * kdf.r * kdf.p <= maxKdfWork, {
      message: 'asks for more than 1 GiB of memory or 16 times the usual work per passphrase guess',
    }),
  cipher: z.literal('aes-256-gcm'),
  keyCheck: base64,
  index: sealed,
  entries: z.record(z.string().max(128), entrySchema),
});
export type VaultFileData = z.output<typeof fileSchema>;
type Kdf = VaultFileData['kdf'];

export interface PlainEntry {
  name: string;
  kind: VaultKind;
  changedAt: string;
  value: string;
}

interface IndexRow {
  name: string;
  kind: VaultKind;
  changedAt: string;
  nonce: string;
}

/** Half a second of scrypt off the main thread: the console keeps answering while a passphrase is checked. */
export function deriveKey(passphrase: string, kdf: Kdf): Promise<Buffer> {
  const N = 2 ** kdf.logN;
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N, r: kdf.r, p: kdf.p, maxmem: 128 * N * kdf.r + 16 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('firebreak vault key check v1').digest();
const headerAad = (data: Pick<VaultFileData, 'format' | 'version' | 'kdf' | 'cipher' | 'keyCheck'>) =>
  Buffer.from(`${formatName} header\n${canonicalJson({ format: data.format, version: data.version, kdf: data.kdf, cipher: data.cipher, keyCheck: data.keyCheck })}`);
const entryAad = (name: string, kind: string, changedAt: string) => Buffer.from(`${formatName} entry\n${canonicalJson({ name, kind, changedAt })}`);

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): { nonce: string; data: string } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), data: data.toString('base64') };
}

function open(key: Buffer, box: { nonce: string; data: string }, aad: Buffer): Buffer | null {
  const nonce = Buffer.from(box.nonce, 'base64');
  const data = Buffer.from(box.data, 'base64');
  if (nonce.length !== 12 || data.length < 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Parses the file's bytes; a damaged file is named as such, never mistaken for a wrong passphrase. */
export function parseVaultFile(bytes: Buffer, file: string): VaultFileData {
  const damaged = (why: string) =>
    new AppError('io-error', `the vault file ${file} is damaged (${why}). Nothing was changed. Restore it from a backup; the secrets in it cannot be read without one.`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw damaged(bytes.length === 0 ? '0 bytes' : `${bytes.length} bytes that are not complete JSON: cut short or overwritten`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw damaged(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}

export function newKdf(logN: number = defaultKdf.logN): Kdf {
  return { name: 'scrypt', logN, r: defaultKdf.r, p: defaultKdf.p, salt: randomBytes(16).toString('base64') };
}

/** Whether a key already derived still opens this file (another process may have made a new one). */
export function keyOpens(data: VaultFileData, key: Buffer): boolean {
  const check = Buffer.from(data.keyCheck, 'base64');
  const expected = keyCheckOf(key);
  return check.length === expected.length && timingSafeEqual(check, expected);
}

/** The key for this file, or a clear refusal of a wrong passphrase. */
export async function unlockKey(data: VaultFileData, passphrase: string): Promise<Buffer> {
  const key = await deriveKey(passphrase, data.kdf);
  if (!keyOpens(data, key)) throw new AppError('unauthorized', 'wrong vault passphrase: nothing was read or changed');
  return key;
}

/** Every entry, decrypted and checked against the sealed index. */
export function readEntries(data: VaultFileData, key: Buffer, file: string): PlainEntry[] {
  const altered = (why: string) =>
    new AppError('io-error', `the vault file ${file} was altered or damaged (${why}). Nothing was changed. Restore it from a backup.`);
  const indexBytes = open(key, data.index, headerAad(data));
  if (!indexBytes) throw altered('its index does not match its header');
  let index: IndexRow[];
  try {
    index = JSON.parse(indexBytes.toString('utf8')) as IndexRow[];
  } catch {
    throw altered('its index is not readable');
  }
  const names = Object.keys(data.entries);
  if (names.length !== index.length || index.some((row) => !Object.hasOwn(data.entries, row.name)))
    throw altered('its entries are not the ones its index lists: one was added, removed or renamed');
  return index.map((row) => {
    const entry = data.entries[row.name]!;
    if (entry.kind !== row.kind || entry.changedAt !== row.changedAt || entry.nonce !== row.nonce) throw altered(`entry ${row.name} is not the one the index lists`);
    const value = open(key, entry, entryAad(row.name, entry.kind, entry.changedAt));
    if (!value) throw altered(`entry ${row.name} does not decrypt`);
    return { name: row.name, kind: entry.kind, changedAt: entry.changedAt, value: value.toString('utf8') };
  });
}

/** A whole new file: every entry sealed again with a fresh nonce, the index sealed last. */
export function buildVaultFile(kdf: Kdf, key: Buffer, entries: readonly PlainEntry[]): VaultFileData {
  const head = { format: formatName, version: 1, kdf, cipher: 'aes-256-gcm', keyCheck: keyCheckOf(key).toString('base64') } as const;
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sealedEntries: VaultFileData['entries'] = {};
  const index: IndexRow[] = [];
  for (const entry of sorted) {
    const box = seal(key, Buffer.from(entry.value, 'utf8'), entryAad(entry.name, entry.kind, entry.changedAt));
    sealedEntries[entry.name] = { kind: entry.kind, changedAt: entry.changedAt, ...box };
    index.push({ name: entry.name, kind: entry.kind, changedAt: entry.changedAt, nonce: box.nonce });
  }
  return { ...head, index: seal(key, Buffer.from(JSON.stringify(index)), headerAad(head)), entries: sealedEntries };
}
