import fs from 'node:fs';
import path from 'node:path';
import { megabytes } from '../domain/units';

/** Why a user file could not be used: `unreadable` (nothing to read) or `invalid` (read, but not acceptable text). */
export interface UserFileProblem {
  kind: 'unreadable' | 'invalid';
  file: string;
  line: number | null;
  message: string;
}

export type UserFileRead = { ok: true; text: string; stats: fs.Stats } | { ok: false; problem: UserFileProblem };

const reasons: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'is a symbolic link loop',
  ENAMETOOLONG: 'has a name too long to open',
  EISDIR: 'is a folder, not a file',
  EIO: 'cannot be read from the disk (I/O error)',
};

export function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${reasons[code] ?? 'cannot be read'} (${code})` : `cannot be read: ${(error as Error).message}`;
}

function fileKind(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads a file the responder (or anyone who can write to the data dir) controls: refuses before
 * reading anything that is not a regular file or is larger than `maxBytes`, reads at most that
 * much even if the file grows meanwhile, and accepts only UTF-8 text without NUL bytes. Never throws.
 */
export function readUserFile(file: string, maxBytes: number): UserFileRead {
  const unreadable = (message: string): UserFileRead => ({ ok: false, problem: { kind: 'unreadable', file, line: null, message } });
  const invalid = (message: string, line: number | null = null): UserFileRead => ({ ok: false, problem: { kind: 'invalid', file, line, message } });
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe planted under a .yaml name must not hang the console.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return unreadable(unreadableReason(error));
  }
  let bytes: Buffer;
  let stats: fs.Stats;
  try {
    stats = fs.fstatSync(fd);
    if (!stats.isFile()) return unreadable(`is ${fileKind(stats)}, not a file`);
    if (stats.size > maxBytes) return invalid(`is ${megabytes(stats.size)}, larger than the ${megabytes(maxBytes)} limit: refused without reading it`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) return invalid(`grew past the ${megabytes(maxBytes)} limit while being read: refused`);
    bytes = buffer.subarray(0, length);
  } catch (error) {
    return unreadable(unreadableReason(error));
  } finally {
    fs.closeSync(fd);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid('is not valid UTF-8 text (binary data?)', lineOfFirst(bytes.toString('utf8'), '\uFFFD'));
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return invalid('holds a NUL byte: binary data, not a text file', lineOfFirst(text, '\0'));
  return { ok: true, text, stats };
}

function lineOfFirst(text: string, needle: string): number | null {
  const at = text.indexOf(needle);
  if (at < 0) return null;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * A folder of the responder's YAML files (playbooks, templates, collectors): its .yaml files, at most
 * `max` by name, so a flooded folder cannot slow every read. A missing folder holds none and is no
 * problem; an unreadable or flooded one is, said in words (`folder` and `things` name them).
 */
export function yamlFilesIn(dir: string, max: number, folder: string, things: string): { files: string[]; problem: string | null } {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], problem: null };
    return { files: [], problem: `the ${folder} folder ${unreadableReason(error)}: none of its ${things} were loaded` };
  }
  const problem = names.length > max ? `holds ${names.length} .yaml files: only the first ${max} by name were read` : null;
  return { files: names.slice(0, max).map((name) => path.join(dir, name)), problem };
}
