import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { blockSize, parsePax, parseUstar, printable } from '../../domain/evidence/tarFormat';

export interface ReadEntry {
  path: Buffer;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  sha256: string;
  /** Permission bits (mode & 07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Milliseconds: the pax record's exact time when there is one, else ustar's whole seconds. */
  mtimeMs: number;
  /** A link's target as raw bytes; empty for other entries. */
  linkTarget: Buffer;
  /** `uname:gname` when the header names an owner (tar applies names before ids); empty when it does not. */
  ownerNames: string;
}

/** The entry types Firebreak writes; tar gives others (GNU long names 'L'/'K', sparse 'S', Solaris 'X'…) meanings this reader does not. */
const knownTypes = new Set(['0', '5', '2', 'x']);
/** The pax keywords Firebreak writes; others (GNU.sparse.*, atime…) change what tar extracts. */
const knownPaxKeys = new Set(['path', 'size', 'mtime', 'uid', 'gid', 'linkpath', 'hdrcharset', 'uname', 'gname']);

/** Types whose entries carry no data: tar reads the next header right after them, whatever their size says. */
const withoutData: Record<string, string> = { '1': 'a hard link', '2': 'a symlink', '3': 'a device', '4': 'a device', '5': 'a folder', '6': 'a fifo' };

const entryTypes: Record<string, ReadEntry['type']> = { '0': 'file', '\0': 'file', '5': 'directory', '2': 'symlink' };

export interface TarVisitor {
  /** Called once per entry, after its bytes have passed (and been hashed). */
  entry(entry: ReadEntry): void;
  /** For an entry whose bytes the caller wants to see as they pass (the manifest), a sink for them. */
  contentOf?(path: Buffer): ((chunk: Buffer) => void) | null;
}

/**
 * A pax record holds a path and a few numbers; the console buffers it whole, so a forged one of
 * gigabytes (a few kilobytes compressed) must be refused, not read into memory. The manifest's
 * parts are bounded at 1 MB for the same reason.
 */
export const maxPaxBytes = 1024 * 1024;

/** A pax `size` is a decimal count of bytes; anything else would frame the rest of the archive wrongly. */
function paxSize(value: Buffer, entryPath: Buffer): number {
  return paxWhole(value, entryPath, 'size', 'a whole number of bytes');
}

function paxWhole(value: Buffer, entryPath: Buffer, key: string, meaning: string): number {
  const text = value.toString('latin1');
  const number = /^[0-9]{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number)) throw new Error(`the pax ${key} of ${printable(entryPath)} is "${printable(value)}", not ${meaning}`);
  return number;
}

/** A pax `mtime` is decimal seconds, with a fraction; in milliseconds. */
function paxMtime(value: Buffer, entryPath: Buffer): number {
  const text = value.toString('latin1');
  if (!/^-?[0-9]{1,16}(\.[0-9]{1,9})?$/.test(text)) throw new Error(`the pax mtime of ${printable(entryPath)} is "${printable(value)}", not a time in seconds`);
  // Read as digits, not as a float: 1700000000.123 s must come out as exactly ...123 ms.
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const ms = Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  return text.startsWith('-') ? -ms : ms;
}

type State =
  | { kind: 'header' }
  | { kind: 'data'; remaining: number; pad: number; entry: ReadEntry | null; hash: ReturnType<typeof createHash> | null; pax: Buffer[] | null; sink: ((chunk: Buffer) => void) | null };

/**
 * Walks a tar stream entry by entry, hashing each file's bytes as they pass and handing each entry
 * on as soon as it ends: memory stays flat whatever the archive's size or number of entries.
 * Returns the number of entries.
 */
export async function readTarEntries(stream: Readable, visitor: TarVisitor): Promise<number> {
  let entries = 0;
  // Part of a header that arrived at the end of a chunk; empty most of the time.
  let pending = Buffer.alloc(0);
  let state: State = { kind: 'header' };
  // The pax record of the next entry (its exact path and size), once read.
  const next: { pax: Map<string, Buffer> | null } = { pax: null };
  let ended = false;

  const finish = (data: Extract<State, { kind: 'data' }>) => {
    if (data.pax) {
      next.pax = parsePax(Buffer.concat(data.pax));
      const unknown = [...next.pax.keys()].find((key) => !knownPaxKeys.has(key));
      if (unknown) throw new Error(`a pax header sets "${printable(Buffer.from(unknown))}", which tar acts on and Firebreak never writes: the archive was rebuilt by another tool`);
    }
    if (data.entry) {
      data.entry.sha256 = data.hash!.digest('hex');
      entries += 1;
      visitor.entry(data.entry);
    }
    state = { kind: 'header' };
  };

  for await (const raw of stream) {
    let chunk: Buffer = raw as Buffer;
    // After the end-of-archive blocks only zeros may follow: `tar -i` would extract anything else.
    if (ended) {
      if (chunk.some((byte) => byte !== 0)) throw new Error('data follows the end of the archive: tar -i would extract it as more entries');
      continue;
    }
    while (chunk.length > 0 && !ended) {
      if (state.kind === 'data') {
        const take = Math.min(chunk.length, state.remaining);
        const data = chunk.subarray(0, take);
        state.hash?.update(data);
        state.pax?.push(Buffer.from(data));
        state.sink?.(data);
        state.remaining -= take;
        chunk = chunk.subarray(take);
        if (state.remaining > 0) break;
        if (state.pad > 0) {
          const skip = Math.min(state.pad, chunk.length);
          state.pad -= skip;
          chunk = chunk.subarray(skip);
          if (state.pad > 0) break;
        }
        finish(state);
        continue;
      }
      let block: Buffer;
      if (pending.length > 0 || chunk.length < blockSize) {
        // Copy only a header split between chunks, never the rest of the chunk.
        const need = blockSize - pending.length;
        pending = Buffer.concat([pending, chunk.subarray(0, need)]);
        chunk = chunk.subarray(need);
        if (pending.length < blockSize) break;
        block = pending;
        pending = Buffer.alloc(0);
      } else {
        block = chunk.subarray(0, blockSize);
        chunk = chunk.subarray(blockSize);
      }
      const header = parseUstar(block);
      if (!header) {
        ended = true;
        if (chunk.some((byte) => byte !== 0)) throw new Error('data follows the end of the archive: tar -i would extract it as more entries');
        break;
      }
      const entryPath = next.pax?.get('path') ?? header.name;
      if (header.typeflag === 'g') throw new Error(`the archive has a global pax header (${printable(header.name)}), which sets fields of every entry after it; Firebreak never writes one`);
      if (!knownTypes.has(header.typeflag)) throw new Error(`the archive has an entry of type '${printable(Buffer.from(header.typeflag, 'latin1'))}' (${printable(header.name)}), which tar reads in ways Firebreak never writes: it was rebuilt by another tool`);
      if (header.typeflag === 'x') {
        // An extended header's own size is in its ustar header: the pending record is for the next real entry.
        const pad = (blockSize - (header.size % blockSize)) % blockSize;
        if (header.size > maxPaxBytes) throw new Error(`the pax header ${printable(header.name)} claims ${header.size} bytes, more than the 1 MiB a pax header may hold`);
        state = { kind: 'data', remaining: header.size, pad, entry: null, hash: null, pax: [], sink: null };
      } else {
        const size = next.pax?.has('size') ? paxSize(next.pax.get('size')!, entryPath) : header.size;
        if (size > 0 && withoutData[header.typeflag]) throw new Error(`the header of ${printable(entryPath)}, ${withoutData[header.typeflag]}, claims ${size} bytes of data, which tar would read as further entries`);
        const pad = (blockSize - (size % blockSize)) % blockSize;
        const pax = next.pax;
        const uname = pax?.get('uname')?.toString('utf8') ?? header.uname;
        const gname = pax?.get('gname')?.toString('utf8') ?? header.gname;
        const entry: ReadEntry = {
          path: entryPath,
          type: entryTypes[header.typeflag] ?? 'other',
          size,
          sha256: '',
          mode: header.mode & 0o7777,
          uid: pax?.has('uid') ? paxWhole(pax.get('uid')!, entryPath, 'uid', 'a user id') : header.uid,
          gid: pax?.has('gid') ? paxWhole(pax.get('gid')!, entryPath, 'gid', 'a group id') : header.gid,
          mtimeMs: pax?.has('mtime') ? paxMtime(pax.get('mtime')!, entryPath) : header.mtime * 1000,
          linkTarget: pax?.get('linkpath') ?? header.linkName,
          ownerNames: uname || gname ? `${uname}:${gname}` : '',
        };
        state = { kind: 'data', remaining: size, pad, entry, hash: createHash('sha256'), pax: null, sink: visitor.contentOf?.(entryPath) ?? null };
        next.pax = null;
      }
      if (state.remaining === 0 && state.pad === 0) finish(state);
    }
  }
  if (!ended && ((state as State).kind === 'data' || pending.length > 0)) throw new Error('the archive ends in the middle of an entry (truncated)');
  return entries;
}
