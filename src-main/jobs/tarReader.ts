import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { blockSize, parsePax, parseUstar } from '../domain/tarFormat';

export interface ReadEntry {
  path: Buffer;
  type: 'file' | 'directory' | 'other';
  size: number;
  sha256: string;
  /** The entry's bytes, kept only for small entries a caller asks for (the manifest). */
  content: Buffer | null;
}

/**
 * Walks a tar stream entry by entry, hashing each file's bytes as they pass: memory stays flat
 * whatever the archive size. `keep` names entries whose content is wanted whole.
 */
export async function readTarEntries(stream: Readable, keep: (path: Buffer) => boolean): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  let pending = Buffer.alloc(0);
  let state: { kind: 'header' } | { kind: 'data'; remaining: number; pad: number; entry: ReadEntry | null; hash: ReturnType<typeof createHash> | null; pax: Buffer[] | null; parts: Buffer[] | null } = { kind: 'header' };
  let pax: Map<string, Buffer> | null = null;
  let ended = false;

  const takeData = (chunk: Buffer) => {
    if (state.kind !== 'data') return chunk;
    const take = Math.min(chunk.length, state.remaining);
    const data = chunk.subarray(0, take);
    state.hash?.update(data);
    state.pax?.push(Buffer.from(data));
    state.parts?.push(Buffer.from(data));
    state.remaining -= take;
    return chunk.subarray(take);
  };

  for await (const raw of stream) {
    // After the end-of-archive blocks, keep draining: stopping early would abort the gunzip stream.
    if (ended) continue;
    let chunk: Buffer = raw as Buffer;
    while (chunk.length > 0 && !ended) {
      if (state.kind === 'data') {
        chunk = takeData(chunk);
        if (state.remaining > 0) break;
        if (state.pad > 0) {
          const skip = Math.min(state.pad, chunk.length);
          state.pad -= skip;
          chunk = chunk.subarray(skip);
          if (state.pad > 0) break;
        }
        if (state.pax) pax = parsePax(Buffer.concat(state.pax));
        if (state.entry) {
          state.entry.sha256 = state.hash!.digest('hex');
          if (state.parts) state.entry.content = Buffer.concat(state.parts);
          entries.push(state.entry);
        }
        state = { kind: 'header' };
        continue;
      }
      pending = Buffer.concat([pending, chunk]);
      // Not a whole header yet: wait for the next chunk.
      if (pending.length < blockSize) break;
      const block = pending.subarray(0, blockSize);
      chunk = pending.subarray(blockSize);
      pending = Buffer.alloc(0);
      const header = parseUstar(block);
      if (!header) {
        ended = true;
        break;
      }
      const size = pax?.has('size') ? Number(pax.get('size')!.toString('ascii')) : header.size;
      const pad = (blockSize - (size % blockSize)) % blockSize;
      if (header.typeflag === 'x' || header.typeflag === 'g') {
        state = { kind: 'data', remaining: size, pad, entry: null, hash: null, pax: header.typeflag === 'x' ? [] : null, parts: null };
      } else {
        const entryPath = pax?.get('path') ?? header.name;
        const type = header.typeflag === '0' || header.typeflag === '\0' ? 'file' : header.typeflag === '5' ? 'directory' : 'other';
        const entry: ReadEntry = { path: entryPath, type, size, sha256: '', content: null };
        state = { kind: 'data', remaining: size, pad, entry, hash: createHash('sha256'), pax: null, parts: keep(entryPath) ? [] : null };
        pax = null;
      }
      if (state.kind === 'data' && state.remaining === 0 && state.pad === 0) {
        if (state.entry) {
          state.entry.sha256 = state.hash!.digest('hex');
          if (state.parts) state.entry.content = Buffer.alloc(0);
          entries.push(state.entry);
        }
        state = { kind: 'header' };
      }
    }
  }
  if (!ended && (state.kind === 'data' || pending.length > 0)) throw new Error('the archive ends in the middle of an entry (truncated)');
  return entries;
}
