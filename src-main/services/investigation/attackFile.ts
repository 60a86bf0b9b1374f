import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../contract';
import { megabytes } from '../../domain/units';
import { unreadableReason } from '../userFiles';

/** The Enterprise bundle is about 45 MB and grows each release; past this it is not an ATT&CK bundle. */
export const maxBundleBytes = 256 * 1024 * 1024;

export const refuseBundle = (file: string, why: string) => new AppError('invalid-input', `${file}: ${why}. Nothing was imported; the catalogue held is unchanged.`);

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (!length) return at;
    for (let next = 1; next < length; next += 1) if (((bytes[at + next] ?? 0) & 0xc0) !== 0x80) return at;
    if (!isUtf8(bytes.subarray(at, at + length))) return at; // overlong or surrogate forms
    at += length;
  }
  return bytes.length;
}

/** STIX objects nest a few levels deep; JSON.parse takes seconds and much memory on millions of levels. */
export const maxNesting = 64;

/**
 * Byte offset of the bracket that opens level `maxNesting + 1`, or -1. Structural characters are
 * ASCII, and no byte of a multi-byte UTF-8 sequence is, so the bytes are scanned as they are.
 */
function tooDeepAt(bytes: Buffer): number {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at]!;
    if (inString) {
      if (byte === 0x5c) at += 1; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > maxNesting) return at;
    } else if (byte === 0x5d || byte === 0x7d) depth -= 1;
  }
  return -1;
}

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    start = at + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** Where JSON.parse stopped, in words; V8's message quotes the input, which is not repeated here. */
function jsonErrorAt(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  const what = error.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '').slice(0, 80);
  if (position) return `not valid JSON at ${lineAndColumn(text, Number(position[1]))} (${what})`;
  if (/end of JSON input/.test(error.message)) return `not valid JSON: it ends at ${lineAndColumn(text, text.length)} before the JSON is complete`;
  return `not valid JSON (${what})`;
}

/** The file's bytes: a regular file of at most 256 MB, refused before reading anything larger. */
function readBundleBytes(file: string): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: a named pipe planted under a .json name must not hang the import.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'io-error', `${file} ${unreadableReason(error)}`);
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw refuseBundle(file, 'not a regular file');
    if (stats.size > maxBundleBytes) throw refuseBundle(file, `${megabytes(stats.size)}, larger than the ${megabytes(maxBundleBytes)} limit for an ATT&CK bundle`);
    const bytes = Buffer.allocUnsafe(stats.size);
    let length = 0;
    for (let read = -1; read !== 0 && length < bytes.length; length += read) read = fs.readSync(fd, bytes, length, bytes.length - length, null);
    return bytes.subarray(0, length);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('io-error', `${file} ${unreadableReason(error)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file as text; its bytes are garbage once this returns, before the parse needs the memory. */
function readBundleText(file: string): string {
  const bytes = readBundleBytes(file);
  if (!isUtf8(bytes)) throw refuseBundle(file, `not UTF-8 text: an invalid byte at offset ${firstInvalidUtf8(bytes).toLocaleString('en-US')}`);
  const deep = tooDeepAt(bytes);
  if (deep >= 0) throw refuseBundle(file, `nested more than ${maxNesting} levels deep at byte offset ${deep.toLocaleString('en-US')}: not a STIX bundle`);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The parsed JSON of a bundle file: a regular file of at most 256 MB, UTF-8 text, JSON. Each
 * refusal says where (a byte offset, a line and column) so the responder can find the damage.
 */
export function readBundleJson(file: string): unknown {
  const text = readBundleText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof RangeError) throw refuseBundle(file, 'nested too deeply to be a STIX bundle');
    throw refuseBundle(file, jsonErrorAt(text, error as Error));
  }
}
