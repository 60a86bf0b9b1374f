import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { EvidenceEntry, EvidenceManifest } from '../../contract';
import { canonicalJson } from '../../domain/incidents/eventChain';

export type ManifestHead = Omit<EvidenceManifest, 'entries'>;

/**
 * Keeps manifest entries on disk, one canonical JSON line each, so collecting a million files
 * costs no more memory than collecting ten. The manifest is then rendered from the file, twice
 * (into the archive, and beside it), and its canonical form is hashed in a streaming pass.
 */
export class ManifestWriter {
  private readonly fd: number;
  private lines = 0;
  private lineBytes = 0;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
  }

  add(entry: EvidenceEntry): void {
    const line = Buffer.from(`${canonicalJson(entry)}\n`);
    fs.writeSync(this.fd, line);
    this.lines += 1;
    this.lineBytes += line.length;
  }

  private closed = false;

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /** Also after a failed write (a full disk): the descriptor is closed before the file goes. */
  remove(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }

  private *entryLines(): Generator<Buffer> {
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.allocUnsafe(256 * 1024);
      let rest = Buffer.alloc(0);
      for (;;) {
        const read = fs.readSync(fd, buffer, 0, buffer.length, null);
        if (read === 0) break;
        let data = Buffer.concat([rest, buffer.subarray(0, read)]);
        let newline: number;
        while ((newline = data.indexOf(0x0a)) >= 0) {
          yield data.subarray(0, newline);
          data = data.subarray(newline + 1);
        }
        rest = Buffer.from(data);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /** SHA-256 of the RFC 8785 canonical JSON of the whole manifest body (head + entries). */
  canonicalDigest(head: ManifestHead): string {
    const [before, after] = canonicalJson({ ...head, entries: [] }).split('"entries":[]') as [string, string];
    const hash = createHash('sha256').update(`${before}"entries":[`);
    let first = true;
    for (const line of this.entryLines()) {
      if (!first) hash.update(',');
      hash.update(line);
      first = false;
    }
    return hash.update(`]${after}`).digest('hex');
  }

  /** The readable manifest: head fields indented, then one entry per line. */
  render(head: ManifestHead): { size: number; chunks: () => Generator<Buffer> } {
    const opening = Buffer.from(JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "entries": [\n'));
    const closing = Buffer.from(`${this.lines ? '\n' : ''}  ]\n}\n`);
    const separators = Math.max(0, this.lines - 1) * 2 + this.lines * 4; // ",\n" between lines, 4-space indent each
    const size = opening.length + (this.lineBytes - this.lines) + separators + closing.length;
    const entryLines = () => this.entryLines();
    return {
      size,
      chunks: function* () {
        yield opening;
        let first = true;
        for (const line of entryLines()) {
          yield Buffer.from(first ? '    ' : ',\n    ');
          yield line;
          first = false;
        }
        yield closing;
      },
    };
  }
}
