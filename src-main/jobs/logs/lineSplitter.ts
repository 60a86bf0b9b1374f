import { isAscii } from 'node:buffer';

/** Lines longer than this are cut here; of the rest only the last `tailLineBytes` are kept. */
export const maxLineBytes = 64 * 1024;
/**
 * The end of a cut line kept after its head (joined by ` … `): a request padded to push its attack
 * past the cut still has it matched, in bounded memory. Only the middle of such a line is unread.
 */
export const tailLineBytes = 16 * 1024;
export const cutLineJoin = ' … ';

/** A line as text, or a Buffer of whole ASCII lines joined by `\n`, a line's `\r` before it not part of the line (see LineSplitter.pushBlocks). */
export type LinePart = string | Buffer;

/**
 * Cuts a byte stream into lines for the byte range [start, end): a line belongs to the range
 * its first byte is in, so ranges that meet share no line and lose none. A range after the
 * first skips the line it begins inside; any range reads past `end` to finish its last line.
 * Lines end at `\n` (a `\r` before it is dropped); each is decoded on its own, so a cut
 * inside a multi-byte character never splits it.
 */
export class LineSplitter {
  /** A line starting at or after `end` was reached: nothing more belongs to this range. */
  done = false;
  private skippingFirst: boolean;
  private readonly discardBefore: number;
  private parts: Buffer[] = [];
  private kept = 0;
  private cut = false;
  /** The latest bytes past the head of a cut line: at most about twice tailLineBytes. */
  private tail: Buffer[] = [];
  private tailKept = 0;
  /** Bytes of the current line seen (kept or not): a final line without a newline is one when above 0. */
  private open = 0;
  private lineStart: number;

  constructor(
    start: number,
    private readonly end: number | null,
    private readonly onLongLine?: () => void,
  ) {
    this.skippingFirst = start > 0;
    this.discardBefore = Math.max(start - 1, 0);
    this.lineStart = start;
  }

  /** The lines completed by `chunk`, whose first byte is at `position` in the stream. */
  push(chunk: Buffer, position: number): string[] {
    return this.split(chunk, position, false) as string[];
  }

  /**
   * As push, but a run of whole ASCII lines comes as one Buffer (the lines joined by `\n`, none at
   * its end; the reader drops a `\r` before a `\n`, as push does) that is a view of `chunk`: valid
   * until the reader's next read. A reader of bytes spares a string per line.
   */
  pushBlocks(chunk: Buffer, position: number): LinePart[] {
    return this.split(chunk, position, true);
  }

  private split(chunk: Buffer, position: number, blocks: boolean): LinePart[] {
    const lines: LinePart[] = [];
    if (this.done) return lines;
    let i = position < this.discardBefore ? Math.min(this.discardBefore - position, chunk.length) : 0;
    // A UTF-8 byte order mark (Windows editors and exporters write one) is not part of the first line.
    if (position === 0 && !this.skippingFirst && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    if (this.skippingFirst) {
      const newline = chunk.indexOf(10, i);
      if (newline < 0) return lines;
      this.skippingFirst = false;
      i = newline + 1;
      this.lineStart = position + i;
    }
    // Tried once per chunk, where its first whole line starts (after the end of one carried over).
    let tried = false;
    while (i < chunk.length) {
      if (this.open === 0 && this.end !== null && position + i >= this.end) {
        this.done = true;
        return lines;
      }
      if (this.open === 0 && !tried) {
        tried = true;
        const taken = this.wholeLines(chunk, i, position, lines, blocks);
        if (taken > i) {
          i = taken;
          continue;
        }
      }
      const newline = chunk.indexOf(10, i);
      if (newline < 0) {
        this.keep(chunk, i, chunk.length);
        break;
      }
      if (this.open === 0 && newline - i <= maxLineBytes) {
        // The common case: a whole line inside one chunk, decoded straight from it.
        lines.push(chunk.toString('utf8', i, newline > i && chunk[newline - 1] === 13 ? newline - 1 : newline));
      } else {
        this.keep(chunk, i, newline);
        lines.push(this.takeLine());
      }
      i = newline + 1;
      this.lineStart = position + i;
    }
    if (this.open === 0 && this.end !== null && position + chunk.length >= this.end && this.lineStart >= this.end) this.done = true;
    return lines;
  }

  /**
   * The fast path for what most logs are: the complete lines of the chunk taken in runs, when none
   * is too long and all belong to the range. A run of ASCII lines (bytes are characters) is decoded
   * in one go and split natively, or handed on as bytes; a line with other bytes (a UTF-8 user agent
   * or path) is decoded on its own between runs, so one such line does not cost its neighbours the
   * fast path. Returns where the lines it took end (`from` when it took none).
   */
  private wholeLines(chunk: Buffer, from: number, position: number, lines: LinePart[], blocks: boolean): number {
    const last = chunk.lastIndexOf(10);
    if (last < from || (this.end !== null && position + last >= this.end)) return from;
    let at = from;
    while (at <= last) {
      const wide = firstNonAscii(chunk, at, last);
      const runEnd = wide < 0 ? last : Math.max(at, chunk.lastIndexOf(10, wide) + 1) - 1;
      if (runEnd >= at && !asciiRun(chunk.subarray(at, runEnd), lines, blocks)) break;
      at = runEnd + 1;
      if (wide < 0) break;
      const lineEnd = chunk.indexOf(10, wide);
      // A long line is cut by the line-by-line path.
      if (lineEnd - at > maxLineBytes) break;
      lines.push(chunk.toString('utf8', at, lineEnd > at && chunk[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd));
      at = lineEnd + 1;
    }
    if (at > from) this.lineStart = position + at;
    return at;
  }

  /** The last line when the stream ends without a newline after it. */
  finish(): string[] {
    if (this.done || this.skippingFirst || this.open === 0) return [];
    this.done = true;
    return [this.takeLine()];
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    this.open += to - from;
    const room = maxLineBytes - this.kept;
    if (to - from > room) this.cut = true;
    const take = Math.max(0, Math.min(room, to - from));
    // Copied: the reader reuses its buffer for the next chunk.
    if (take > 0) this.parts.push(Buffer.from(chunk.subarray(from, from + take)));
    this.kept += take;
    if (from + take < to) this.keepTail(chunk.subarray(Math.max(from + take, to - tailLineBytes), to));
  }

  private keepTail(bytes: Buffer): void {
    this.tail.push(Buffer.from(bytes));
    this.tailKept += bytes.length;
    if (this.tailKept > 2 * tailLineBytes) {
      const joined = Buffer.concat(this.tail, this.tailKept);
      this.tail = [joined.subarray(joined.length - tailLineBytes)];
      this.tailKept = tailLineBytes;
    }
  }

  /** The kept end of a cut line, from its first whole character, without a final `\r`. */
  private takeTail(): Buffer {
    let bytes = Buffer.concat(this.tail, this.tailKept);
    if (bytes.length > tailLineBytes) bytes = bytes.subarray(bytes.length - tailLineBytes);
    let start = 0;
    while (start < bytes.length && start < 4 && (bytes[start]! & 0xc0) === 0x80) start++;
    const end = bytes.length > start && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    return bytes.subarray(start, end);
  }

  private takeLine(): string {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.kept);
    if (this.cut) {
      this.onLongLine?.();
      bytes = Buffer.concat([bytes.subarray(0, characterBoundary(bytes)), Buffer.from(cutLineJoin), this.takeTail()]);
    } else if (bytes.length > 0 && bytes[bytes.length - 1] === 13) {
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const line = bytes.toString('utf8');
    this.parts = [];
    this.kept = 0;
    this.cut = false;
    this.tail = [];
    this.tailKept = 0;
    this.open = 0;
    return line;
  }
}

/**
 * Adds a run of ASCII lines joined by `\n` (none at its end) to `lines`: as one Buffer when
 * `blocks`, else as strings without a final `\r`; false (nothing added) when one is longer than
 * maxLineBytes.
 */
function asciiRun(run: Buffer, lines: LinePart[], blocks: boolean): boolean {
  if (hasLongLine(run)) return false;
  if (blocks) {
    lines.push(run);
    return true;
  }
  const split = run.toString('latin1').split('\n');
  for (const line of split) lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  return true;
}

/** Whether a block of lines joined by `\n` holds one longer than maxLineBytes: a newline looked for backwards from each line's furthest allowed end. */
function hasLongLine(block: Buffer): boolean {
  let start = 0;
  while (block.length - start > maxLineBytes) {
    const newline = block.lastIndexOf(10, start + maxLineBytes);
    if (newline < start) return true;
    start = newline + 1;
  }
  return false;
}

/**
 * The first byte of [from, to) above 0x7f, or -1: windows doubling from 256 bytes, each checked
 * natively, then halved down onto the byte, so finding it costs about twice the bytes before it.
 */
function firstNonAscii(chunk: Buffer, from: number, to: number): number {
  let width = 256;
  for (let start = from; start < to; width *= 2) {
    let stop = Math.min(to, start + width);
    if (isAscii(chunk.subarray(start, stop))) {
      start = stop;
      continue;
    }
    while (stop - start > 32) {
      const middle = (start + stop) >>> 1;
      if (isAscii(chunk.subarray(start, middle))) start = middle;
      else stop = middle;
    }
    for (let k = start; k < stop; k += 1) if (chunk[k]! > 0x7f) return k;
  }
  return -1;
}

/** Where a cut line may end without splitting a UTF-8 character (its last complete one). */
function characterBoundary(bytes: Buffer): number {
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
