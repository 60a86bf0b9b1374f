import type { VerifyMismatch } from '../../contract';

/** How many entry mismatches a verification lists; the rest are counted. */
export const listedMismatches = 100;

/** What a responder must read first: who signed and whether this is the archive collected, then the entries. */
const priority: Record<VerifyMismatch['kind'], number> = {
  'untrusted-signer': 0,
  'registered-record': 1,
  signature: 2,
  'archive-hash': 3,
  unreadable: 4,
  'manifest-differs': 5,
  'entry-hash': 6,
  'entry-metadata': 7,
  'entry-missing': 8,
  'entry-unexpected': 9,
};
const aboutAnEntry = (kind: VerifyMismatch['kind']) => kind.startsWith('entry-');

/**
 * The mismatches of one verification: every one counted, the first `listedMismatches` about entries
 * listed, so a tampered archive of 200,000 entries gives a report a responder can read (and send
 * over IPC). Those about the archive as a whole (a handful at most) are always listed, first.
 */
export class MismatchList {
  private readonly entries: VerifyMismatch[] = [];
  private readonly archive: VerifyMismatch[] = [];
  count = 0;
  private readonly kinds = new Set<VerifyMismatch['kind']>();

  add(kind: VerifyMismatch['kind'], message: string, entry: string | null = null, expected: string | null = null, actual: string | null = null): void {
    this.count += 1;
    this.kinds.add(kind);
    const mismatch = { kind, entry, expected, actual, message };
    if (!aboutAnEntry(kind)) this.archive.push(mismatch);
    else if (this.entries.length < listedMismatches) this.entries.push(mismatch);
  }

  /** The listed mismatches, most telling first (a stable sort: entries stay in archive order). */
  get listed(): VerifyMismatch[] {
    return [...this.archive, ...this.entries].sort((a, b) => priority[a.kind] - priority[b.kind]);
  }

  has(kind: VerifyMismatch['kind']): boolean {
    return this.kinds.has(kind);
  }
}

/** What verify compares of one entry, as the manifest records it or the tar headers carry it. */
export interface EntryFacts {
  type: string;
  /** Files only. */
  sha256: string | null;
  mode: number | null;
  uid: number | null;
  gid: number | null;
  mtimeMs: number | null;
  /** Files only. */
  size: number | null;
  /** Symlinks only. */
  linkTarget: string | null;
  /** `uname:gname` when the tar header names an owner (tar applies names before ids); the manifest records none. */
  ownerNames: string | null;
}

const hexOf = (latin1: string) => Buffer.from(latin1, 'latin1').toString('hex');
/** Entry paths are raw bytes; a Latin-1 string holds them one byte a character, exactly. */
const nameOf = (key: string) => Buffer.from(key, 'latin1').toString('utf8');
const separator = '\u0000';

/**
 * One entry's facts in one short string (the digest as 32 raw bytes, then the rest): the side read
 * first keeps 200,000 of these, not 200,000 objects.
 */
function pack(facts: EntryFacts): string {
  // The digest is raw bytes (any of them, the separator too): it goes first at its fixed length.
  const digest = facts.sha256 ? Buffer.from(facts.sha256, 'hex').toString('latin1') : '';
  return `${digest.length ? 'd' : '-'}${digest}${[facts.type, facts.mode ?? '', facts.uid ?? '', facts.gid ?? '', facts.mtimeMs ?? '', facts.size ?? '', facts.ownerNames ?? '', facts.linkTarget ?? ''].join(separator)}`;
}

function unpack(packed: string): EntryFacts {
  const digestLength = packed[0] === 'd' ? 32 : 0;
  const digest = packed.slice(1, 1 + digestLength);
  const [type, mode, uid, gid, mtimeMs, size, ownerNames, ...link] = packed.slice(1 + digestLength).split(separator) as string[];
  const number = (text: string | undefined) => (text ? Number(text) : null);
  return { sha256: digest ? hexOf(digest) : null, type: type!, mode: number(mode), uid: number(uid), gid: number(gid), mtimeMs: number(mtimeMs), size: number(size), ownerNames: ownerNames || null, linkTarget: link.join(separator) || null };
}

const octalMode = (mode: number | null) => (mode === null ? '-' : `0${mode.toString(8).padStart(3, '0')}`);
const isoTime = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** The differences verify names, one per attribute, manifest value first. */
function differences(expected: EntryFacts, actual: EntryFacts): { kind: VerifyMismatch['kind']; what: string; expected: string; actual: string }[] {
  if (expected.type !== actual.type) return [{ kind: 'entry-metadata', what: 'type', expected: expected.type, actual: actual.type }];
  const found: ReturnType<typeof differences> = [];
  if (expected.type === 'file' && expected.sha256 !== actual.sha256) found.push({ kind: 'entry-hash', what: 'SHA-256', expected: expected.sha256 ?? '-', actual: actual.sha256 ?? '-' });
  if (expected.type === 'file' && expected.size !== actual.size) found.push({ kind: 'entry-metadata', what: 'size', expected: `${expected.size ?? '-'} bytes`, actual: `${actual.size ?? '-'} bytes` });
  if (expected.mode !== actual.mode) found.push({ kind: 'entry-metadata', what: 'mode', expected: octalMode(expected.mode), actual: octalMode(actual.mode) });
  if (expected.ownerNames !== actual.ownerNames) found.push({ kind: 'entry-metadata', what: 'owner name (which tar applies before the ids)', expected: expected.ownerNames ?? '-', actual: actual.ownerNames ?? '-' });
  if (expected.uid !== actual.uid || expected.gid !== actual.gid) found.push({ kind: 'entry-metadata', what: 'owner', expected: `${expected.uid ?? '-'}:${expected.gid ?? '-'}`, actual: `${actual.uid ?? '-'}:${actual.gid ?? '-'}` });
  if (expected.mtimeMs !== actual.mtimeMs) found.push({ kind: 'entry-metadata', what: 'modification time', expected: isoTime(expected.mtimeMs), actual: isoTime(actual.mtimeMs) });
  if (expected.type === 'symlink' && expected.linkTarget !== actual.linkTarget) found.push({ kind: 'entry-metadata', what: 'link target', expected: expected.linkTarget ?? '-', actual: actual.linkTarget ?? '-' });
  return found;
}

/**
 * Compares the entries in an archive with the manifest's, in whichever order the two arrive: the
 * side read first is kept as path → packed facts (a short string, not an entry object), the other is
 * checked against it as it streams by. Each difference is named: the hash, and every header field
 * (type, mode, owner, modification time, size, link target).
 */
export class EntryCheck {
  private readonly stored = new Map<string, string>();
  checked = 0;

  constructor(
    private readonly first: 'manifest' | 'archive',
    private readonly mismatches: MismatchList,
    /** Where the manifest read first comes from, for the messages ("the manifest", "the registered record"). */
    private readonly manifestName = 'the manifest',
  ) {}

  /** A manifest entry that the archive holds, keyed by its archive path's bytes. */
  manifestEntry(key: string, facts: EntryFacts): void {
    this.arrive('manifest', key, facts);
  }

  /** An entry read from the archive. */
  archiveEntry(key: string, facts: EntryFacts): void {
    this.arrive('archive', key, facts);
  }

  /** The side read first is kept; the other is compared with it as it passes (manifest facts first). */
  private arrive(side: 'manifest' | 'archive', key: string, facts: EntryFacts): void {
    if (this.first === side) {
      this.stored.set(key, pack(facts));
      return;
    }
    const kept = this.stored.get(key);
    if (kept === undefined) {
      if (side === 'manifest') this.missing(key, facts.sha256);
      else this.unexpected(key, facts.sha256);
      return;
    }
    this.stored.delete(key);
    if (side === 'manifest') this.compare(key, facts, unpack(kept));
    else this.compare(key, unpack(kept), facts);
  }

  private missing(key: string, sha256: string | null): void {
    this.mismatches.add('entry-missing', `${nameOf(key)} is in ${this.manifestName} but not in the archive`, nameOf(key), sha256, null);
  }

  private unexpected(key: string, sha256: string | null): void {
    this.mismatches.add('entry-unexpected', `${nameOf(key)} is in the archive but not in ${this.manifestName}`, nameOf(key), null, sha256);
  }

  private compare(key: string, expected: EntryFacts, actual: EntryFacts): void {
    // Counted as "files match": folders and links are compared too, but a responder counts files.
    if (expected.type === 'file') this.checked += 1;
    for (const difference of differences(expected, actual)) {
      const message =
        difference.kind === 'entry-hash'
          ? `${nameOf(key)} changed: its SHA-256 differs from ${this.manifestName}`
          : `${nameOf(key)}: its ${difference.what} in the archive (${difference.actual}) differs from ${this.manifestName} (${difference.expected})`;
      this.mismatches.add(difference.kind, message, nameOf(key), difference.expected, difference.actual);
    }
  }

  /** What is left once both sides have passed: entries the other side never named. */
  finish(reportMissing: boolean): void {
    for (const [key, packed] of this.stored) {
      const { sha256 } = unpack(packed);
      if (this.first === 'archive') this.unexpected(key, sha256);
      else if (reportMissing) this.missing(key, sha256);
    }
    this.stored.clear();
  }
}
