import type { VerifyMismatch } from '../contract';

/** How many mismatches a verification lists; the rest are counted. */
export const listedMismatches = 100;

/**
 * The mismatches of one verification: every one counted, the first `listedMismatches` listed, so a
 * tampered archive of 200,000 entries gives a report a responder can read (and send over IPC).
 */
export class MismatchList {
  readonly listed: VerifyMismatch[] = [];
  count = 0;
  private readonly kinds = new Set<VerifyMismatch['kind']>();

  add(kind: VerifyMismatch['kind'], message: string, entry: string | null = null, expected: string | null = null, actual: string | null = null): void {
    this.count += 1;
    this.kinds.add(kind);
    if (this.listed.length < listedMismatches) this.listed.push({ kind, entry, expected, actual, message });
  }

  has(kind: VerifyMismatch['kind']): boolean {
    return this.kinds.has(kind);
  }
}

const raw = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
const hex = (digest: string) => Buffer.from(digest, 'latin1').toString('hex');
/** Entry paths are raw bytes; a Latin-1 string holds them one byte a character, exactly. */
const nameOf = (key: string) => Buffer.from(key, 'latin1').toString('utf8');

/**
 * Compares the files in an archive with the manifest's entries, in whichever order the two arrive:
 * the side read first is kept as path → 32-byte digest (a short string, not an entry object), the
 * other is checked against it as it streams by.
 */
export class EntryCheck {
  private readonly stored = new Map<string, string>();
  checked = 0;

  constructor(
    private readonly first: 'manifest' | 'archive',
    private readonly mismatches: MismatchList,
  ) {}

  /** A manifest entry that has a hash, keyed by its archive path's bytes. */
  manifestEntry(key: string, sha256: string): void {
    if (this.first === 'manifest') {
      this.stored.set(key, raw(sha256));
      return;
    }
    const actual = this.stored.get(key);
    if (actual === undefined) {
      this.mismatches.add('entry-missing', `${nameOf(key)} is in the manifest but not in the archive`, nameOf(key), sha256, null);
      return;
    }
    this.stored.delete(key);
    this.compare(key, sha256, hex(actual));
  }

  /** A file read from the archive. */
  archiveEntry(key: string, sha256: string): void {
    if (this.first === 'archive') {
      this.stored.set(key, raw(sha256));
      return;
    }
    const expected = this.stored.get(key);
    if (expected === undefined) {
      this.mismatches.add('entry-unexpected', `${nameOf(key)} is in the archive but not in the manifest`, nameOf(key), null, sha256);
      return;
    }
    this.stored.delete(key);
    this.compare(key, hex(expected), sha256);
  }

  private compare(key: string, expected: string, actual: string): void {
    this.checked += 1;
    if (expected !== actual) this.mismatches.add('entry-hash', `${nameOf(key)} changed: its SHA-256 differs from the manifest`, nameOf(key), expected, actual);
  }

  /** What is left once both sides have passed: entries the other side never named. */
  finish(reportMissing: boolean): void {
    for (const [key, digest] of this.stored) {
      if (this.first === 'archive') this.mismatches.add('entry-unexpected', `${nameOf(key)} is in the archive but not in the manifest`, nameOf(key), null, hex(digest));
      else if (reportMissing) this.mismatches.add('entry-missing', `${nameOf(key)} is in the manifest but not in the archive`, nameOf(key), hex(digest), null);
    }
    this.stored.clear();
  }
}
