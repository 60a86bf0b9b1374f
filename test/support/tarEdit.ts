import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Decompresses an archive, lets `change` edit (or replace) the tar bytes, and writes it back
 * compressed, with its `.sha256` rewritten to match: what a forger with the file would do.
 */
export function rewriteTar(file: string, change: (tar: Buffer) => Buffer | void, level = 6): void {
  const tar = gunzipSync(fs.readFileSync(file));
  const bytes = gzipSync(change(tar) ?? tar, { level });
  fs.rmSync(file);
  fs.writeFileSync(file, bytes);
  fs.rmSync(`${file}.sha256`, { force: true });
  fs.writeFileSync(`${file}.sha256`, `${sha256(bytes)}  ${path.basename(file)}\n`);
}

/** The offset of the ustar header block whose name field is `name`. */
export function headerOf(tar: Buffer, name: string): number {
  for (let offset = 0; offset + 512 <= tar.length; offset += 512) {
    if (tar.subarray(offset, offset + 100).toString('latin1').replace(/\0.*$/s, '') === name) return offset;
  }
  throw new Error(`no header named ${name}`);
}
