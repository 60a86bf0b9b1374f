import { isAscii } from 'node:buffer';

/** Marks a line whose findings are dropped (a test fixture, a documented example). */
export const allowMarker = 'firebreak:allow';

/**
 * A text being scanned: a string, or a file's bytes (UTF-8) read through their Latin-1 rendering, one
 * character per byte. Bytes are rendered only where a rule's regex must run (the lines its keywords
 * wake, a few per cent of a file): making a string of every byte read cost more than scanning them.
 */
export interface Source {
  readonly length: number;
  /** The character (or byte) at an offset. */
  code(at: number): number;
  slice(start: number, end: number): string;
  /** Where the line holding an offset begins, and where it ends (its line break, or the end). */
  lineStart(at: number): number;
  lineEnd(at: number): number;
  /** Whether the text holds this ASCII text anywhere. */
  includes(ascii: string): boolean;
  /** Where the allow marker next occurs, or -1. */
  markerAt(from: number): number;
  /** The UTF-8 bytes when the source is a file's bytes and not all ASCII (spans holding others are decoded). */
  readonly utf8: Buffer | undefined;
}

const markerBytes = Buffer.from(allowMarker);
type Latin1Slicing = Buffer & { latin1Slice(start: number, end: number): string };

// Classes, not closures made per text: the scan's hot loops then call one method they can inline.
class StringSource implements Source {
  readonly length: number;
  readonly utf8 = undefined;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  code(at: number): number {
    return this.text.charCodeAt(at);
  }

  slice(start: number, end: number): string {
    return start === 0 && end === this.length ? this.text : this.text.slice(start, end);
  }

  lineStart(at: number): number {
    return this.text.lastIndexOf('\n', at) + 1;
  }

  lineEnd(at: number): number {
    const newline = this.text.indexOf('\n', at);
    return newline === -1 ? this.length : newline;
  }

  includes(ascii: string): boolean {
    return this.text.includes(ascii);
  }

  markerAt(from: number): number {
    return this.text.indexOf(allowMarker, from);
  }
}

// A span longer than this that lies on a long line (the windows around keywords on it) is cut from
// the line rendered once, not copied again for each rule that reads it; a file-scoped rule's whole
// text is rendered once too. Other spans are rendered as asked: rendering a whole file for one long
// span costs more than the span's regexes.
const longSpanChars = 1024;
const longLineChars = 64 * 1024;

class ByteSource implements Source {
  readonly length: number;
  readonly utf8: Buffer | undefined;
  private whole: string | undefined;
  private readonly longLines: { start: number; text: string }[] = [];

  constructor(private readonly buffer: Buffer) {
    this.length = buffer.length;
    this.utf8 = isAscii(buffer) ? undefined : buffer;
  }

  code(at: number): number {
    return this.buffer[at] ?? Number.NaN;
  }

  slice(start: number, end: number): string {
    const buffer = this.buffer as Latin1Slicing;
    if (end - start <= longSpanChars) return buffer.latin1Slice(start, end);
    if (start === 0 && end === this.length) return (this.whole ??= buffer.latin1Slice(0, this.length));
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const line = this.longLineHolding(start, end);
    return line ? line.text.slice(start - line.start, end - line.start) : buffer.latin1Slice(start, end);
  }

  /** The long line the span lies on, rendered once; null when the span is not on one line of that length. */
  private longLineHolding(start: number, end: number): { start: number; text: string } | null {
    for (const line of this.longLines) if (line.start <= start && end <= line.start + line.text.length) return line;
    // Found natively: a long line is walked once, not byte by byte for each of its windows.
    const lineStart = start === 0 ? 0 : this.buffer.lastIndexOf(10, start - 1) + 1;
    const newline = this.buffer.indexOf(10, start);
    const lineEnd = newline === -1 ? this.length : newline;
    if (end > lineEnd || lineEnd - lineStart <= longLineChars) return null;
    const line = { start: lineStart, text: (this.buffer as Latin1Slicing).latin1Slice(lineStart, lineEnd) };
    this.longLines.push(line);
    return line;
  }

  // Lines are short, and a long one is walked once per line with hits: a plain loop beats a call per line.
  lineStart(at: number): number {
    const { buffer } = this;
    let start = Math.min(at, this.length - 1);
    while (start >= 0 && buffer[start] !== 10) start -= 1;
    return start + 1;
  }

  lineEnd(at: number): number {
    const { buffer, length } = this;
    let end = at;
    while (end < length && buffer[end] !== 10) end += 1;
    return end;
  }

  // ASCII bytes are the same characters in the UTF-8 decoding: no multi-byte sequence holds one.
  includes(ascii: string): boolean {
    return this.buffer.includes(ascii, 0, 'latin1');
  }

  markerAt(from: number): number {
    return this.buffer.indexOf(markerBytes, from);
  }
}

export const stringSource = (text: string): Source => new StringSource(text);
export const byteSource = (bytes: Uint8Array): Source => new ByteSource(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
