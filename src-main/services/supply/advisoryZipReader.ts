import fs from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const windowBytes = 1024 * 1024;
const windowsKept = 3;

/**
 * Reads a zip through a few 1 MiB windows of the file: yauzl's own reader does one asynchronous
 * read per header (two or three per entry), which made a 50,000-entry all.zip take most of a
 * minute. Windows keep memory bounded (the zip is never read whole) while headers and small
 * entries, which sit next to each other, come from memory. The central directory (at the end) and
 * the entries (from the start) each keep a window of their own.
 */
export class WindowedZipReader extends yauzl.RandomAccessReader {
  private readonly windows: { start: number; bytes: Buffer }[] = [];

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  private slice(start: number, end: number): Buffer {
    for (const window of this.windows) {
      if (start >= window.start && end <= window.start + window.bytes.length) return window.bytes.subarray(start - window.start, end - window.start);
    }
    if (end - start > windowBytes) return this.readRange(start, end);
    const bytes = this.readRange(start, Math.min(this.size, start + windowBytes));
    this.windows.unshift({ start, bytes });
    if (this.windows.length > windowsKept) this.windows.pop();
    return bytes.subarray(0, end - start);
  }

  private readRange(start: number, end: number): Buffer {
    const buffer = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < buffer.length) {
      const read = fs.readSync(this.fd, buffer, done, buffer.length - done, start + done);
      if (read === 0) throw new Error(`unexpected end of file at byte ${start + done}`);
      done += read;
    }
    return buffer;
  }

  /**
   * An entry's stored bytes (compressed as they are), read straight from its local header without
   * a stream per entry: the caller inflates them with a cap. yauzl has checked the central directory.
   */
  entryBytes(entry: yauzl.Entry): Buffer {
    const offset = entry.relativeOffsetOfLocalHeader;
    const header = this.slice(offset, offset + 30);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new Error('its local header is missing or damaged');
    const start = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const end = start + entry.compressedSize;
    if (end > this.size) throw new Error('its data runs past the end of the zip');
    return this.slice(start, end);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    try {
      this.slice(position, position + length).copy(buffer, offset);
      setImmediate(callback, null);
    } catch (error) {
      setImmediate(callback, error as Error);
    }
  }

  override _readStreamForRange(start: number, end: number): Readable {
    let position = start;
    const stream: Readable = new Readable({
      read: () => {
        try {
          if (position >= end) {
            stream.push(null);
            return;
          }
          const next = Math.min(end, position + 256 * 1024);
          // A copy: the window it comes from is reused once it falls out of the few kept.
          stream.push(Buffer.from(this.slice(position, next)));
          position = next;
        } catch (error) {
          stream.destroy(error as Error);
        }
      },
    });
    return stream;
  }

  override close(callback: (error: Error | null) => void): void {
    fs.close(this.fd, callback);
  }
}
