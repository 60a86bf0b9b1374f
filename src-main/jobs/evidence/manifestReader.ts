import { createHash, type Hash } from 'node:crypto';
import type { EvidenceEntry } from '../../contract';
import { canonicalJson } from '../../domain/incidents/eventChain';
import type { ManifestHead } from './manifestWriter';

export interface ReadManifest {
  /** Every field but the entries. */
  head: ManifestHead;
  entries: number;
  /** SHA-256 of the canonical manifest without `signature` and `archiveSha256`: what the signature covers. */
  signedDigest: string;
  /** SHA-256 of the canonical manifest without `archiveSha256` and `archiveSignature` (only the copy beside the archive has them). */
  bodyDigest: string;
}

const quote = 0x22;
const backslash = 0x5c;
const entriesKey = 'entries';
// The fields around the entries, and each entry, are a few hundred bytes: a manifest with a
// megabyte in one of them is not one, and is not held in memory to find out.
const maxPartBytes = 1024 * 1024;

/** Canonical JSON of a head, cut where the entries go: what comes before them, and after. */
function around(head: object): [string, string] {
  return canonicalJson({ ...head, entries: [] }).split('"entries":[]') as [string, string];
}
const withoutSignature = ({ signature: _signature, ...head }: Partial<ManifestHead>) => head;
const withoutArchiveHash = ({ archiveSha256: _hash, archiveSignature: _signature, ...head }: Partial<ManifestHead>) => head;

/**
 * Reads a manifest as it streams by (from the file beside the archive, or out of the archive): each
 * entry is parsed alone, handed to `onEntry` and hashed in canonical form on the way, so a manifest
 * of 200,000 entries costs no more memory than one of ten. Any JSON layout is read; only the bytes
 * outside the `entries` array are kept.
 */
export class ManifestReader {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Bytes of the string being read at depth 1 (a key of the manifest), and the last key read. */
  private stringBytes: number[] | null = null;
  private lastString = '';
  private key = '';
  /** Where we are: outside the entries array, inside it between entries, or inside one entry. */
  private place: 'head' | 'between' | 'entry' = 'head';
  private headParts: Buffer[] = [];
  private headBytes = 0;
  private entryBytes = 0;
  private entryParts: Buffer[] = [];
  private count = 0;
  private hashes: { signed: Hash; body: Hash; before: [string, string] } | null = null;

  /** The fields read before the first entry (Firebreak writes them all first), handed on with each entry. */
  private headBefore: Partial<ManifestHead> = {};

  constructor(private readonly onEntry: (entry: EvidenceEntry, head: Partial<ManifestHead>) => void = () => {}) {}

  push(chunk: Buffer): void {
    let segment = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      if (this.inString) {
        if (this.stringBytes) this.stringBytes.push(byte);
        if (this.escaped) this.escaped = false;
        else if (byte === backslash) this.escaped = true;
        else if (byte === quote) {
          this.inString = false;
          if (this.stringBytes) {
            this.lastString = Buffer.from(this.stringBytes.slice(0, -1)).toString('latin1');
            this.stringBytes = null;
          }
        }
        continue;
      }
      if (this.place === 'between' && this.depth === 2 && !this.betweenEntries(byte)) continue;
      if (byte === quote) {
        this.inString = true;
        if (this.depth === 1 && this.place === 'head') this.stringBytes = [];
      } else if (byte === 0x3a /* : */ && this.depth === 1) {
        this.key = this.topLevelKey(this.lastString);
      } else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
        this.depth += 1;
        if (this.place === 'head' && byte === 0x5b && this.depth === 2 && this.key === entriesKey) {
          // The entries begin: the head read so far is kept, the entries go one by one.
          this.keepHead(chunk.subarray(segment, i + 1));
          this.place = 'between';
          segment = i + 1;
        } else if (this.place === 'between' && this.depth === 3) {
          this.place = 'entry';
          segment = i;
        }
      } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) {
        this.depth -= 1;
        if (this.place === 'entry' && this.depth === 2) {
          this.entryParts.push(chunk.subarray(segment, i + 1));
          this.entry(Buffer.concat(this.entryParts));
          this.entryParts = [];
          this.entryBytes = 0;
          this.place = 'between';
        } else if (this.place === 'between' && this.depth === 1) {
          this.place = 'head';
          segment = i;
        }
      }
    }
    if (this.place === 'head') this.keepHead(chunk.subarray(segment));
    else if (this.place === 'entry') {
      this.entryParts.push(Buffer.from(chunk.subarray(segment)));
      this.entryBytes += chunk.length - segment;
      if (this.entryBytes > maxPartBytes) throw new Error('an entry of the manifest is over 1 MB long');
    }
  }

  /** Inside the list of entries, between two of them: what may come next. */
  private expecting: 'first' | 'comma' | 'entry' = 'first';

  /**
   * Between entries only whitespace and single commas may stand, as in JSON: anything else (a
   * string, a number, text) is something other readers would see as an entry, or refuse. Returns
   * false for a byte that is consumed here (whitespace, a comma).
   */
  private betweenEntries(byte: number): boolean {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) return false;
    if (byte === 0x2c /* , */ && this.expecting === 'comma') {
      this.expecting = 'entry';
      return false;
    }
    if (byte === 0x7b /* { */ && this.expecting !== 'comma') {
      this.expecting = 'comma';
      return true;
    }
    if (byte === 0x5d /* ] */ && this.expecting !== 'entry') return true;
    throw new Error(`the manifest's list of entries holds "${String.fromCharCode(byte)}" between entries, where only entries, commas and spaces may be`);
  }

  private readonly keys = new Set<string>();

  /**
   * A key of the manifest object, as written. JSON.parse (and every other reader) decodes escapes
   * and keeps the last of two equal keys, while this reader recognises `entries` as written: a key
   * written twice, or `entries` spelt with escapes, would let the two see different entries. Refused.
   */
  private topLevelKey(raw: string): string {
    let key: string;
    try {
      key = JSON.parse(`"${Buffer.from(raw, 'latin1').toString('utf8')}"`) as string;
    } catch {
      throw new Error('the manifest has a key that is not a JSON string');
    }
    if (this.keys.has(key)) throw new Error(`the manifest names "${key}" twice: JSON readers would keep only the last`);
    if (key === entriesKey && raw !== entriesKey) throw new Error('the manifest spells "entries" with escapes: rewrite it as Firebreak wrote it to verify it');
    this.keys.add(key);
    return raw;
  }

  private keepHead(part: Buffer): void {
    this.headParts.push(Buffer.from(part));
    this.headBytes += part.length;
    if (this.headBytes > maxPartBytes) throw new Error('the manifest holds more than 1 MB outside its list of entries');
  }

  private entry(bytes: Buffer): void {
    const entry = JSON.parse(bytes.toString('utf8')) as EvidenceEntry;
    if (!this.hashes) {
      // The head read so far holds every field canonical JSON puts before "entries" (the rendered
      // layout writes them all first); end() checks that none came later.
      const head = this.headSoFar();
      this.headBefore = head;
      const signed = around(withoutSignature(withoutArchiveHash(head)))[0];
      const body = around(withoutArchiveHash(head))[0];
      this.hashes = { signed: createHash('sha256').update(`${signed}"entries":[`), body: createHash('sha256').update(`${body}"entries":[`), before: [signed, body] };
    }
    const canonical = `${this.count > 0 ? ',' : ''}${canonicalJson(entry)}`;
    this.hashes.signed.update(canonical);
    this.hashes.body.update(canonical);
    this.count += 1;
    this.onEntry(entry, this.headBefore);
  }

  private headSoFar(): Partial<ManifestHead> {
    // Cut at the entries' opening bracket: close the array and the object to parse what was read.
    const text = Buffer.concat(this.headParts).toString('utf8');
    return JSON.parse(`${text.slice(0, text.lastIndexOf('['))}[]}`) as Partial<ManifestHead>;
  }

  /** The manifest once every byte has passed; throws when it is not a manifest's JSON. */
  end(): ReadManifest {
    if (this.depth !== 0 || this.inString) throw new Error('the manifest ends in the middle (truncated)');
    const parsed = JSON.parse(Buffer.concat(this.headParts).toString('utf8')) as ManifestHead & { entries?: unknown };
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.entries)) throw new Error('the manifest has no list of entries');
    const { entries: _entries, ...head } = parsed;
    const [signedBefore, signedAfter] = around(withoutSignature(withoutArchiveHash(head)));
    const [bodyBefore, bodyAfter] = around(withoutArchiveHash(head));
    if (this.hashes && (this.hashes.before[0] !== signedBefore || this.hashes.before[1] !== bodyBefore)) {
      throw new Error('the manifest names its collector after its entries: rewrite it as Firebreak wrote it to verify it');
    }
    const signed = this.hashes?.signed ?? createHash('sha256').update(`${signedBefore}"entries":[`);
    const body = this.hashes?.body ?? createHash('sha256').update(`${bodyBefore}"entries":[`);
    return { head, entries: this.count, signedDigest: signed.update(`]${signedAfter}`).digest('hex'), bodyDigest: body.update(`]${bodyAfter}`).digest('hex') };
  }
}
