import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SecretFinding, SecretScanProgress, SecretScanStats } from '../../contract';
import { AppError } from '../../contract/envelope';
import type { SecretRules } from '../../domain/scans/secretRules';
import { readWithoutBlocking } from '../fileHash';
import { ChunkedTextScanner, prepareRules } from './secretTextScanner';

export interface TreeScanInput {
  root: string;
  rules: SecretRules;
  honourGitignore: boolean;
  maxFileBytes: number;
  /** This lane's number: lane 0 also counts what the walk skipped. */
  lane: number;
  /**
   * The index (in walk order) of the next file no lane has taken, shared by every lane of a scan
   * (fileClaims): each walks the tree and takes the next file when it is free, so a lane held up by
   * a large file leaves the rest to the others.
   */
  claims: Int32Array;
  /**
   * The folder's files as already walked, in walk order, with what the walk skipped (treeLanes.ts
   * sizes a folder that way before a scan of one lane): scanned as listed instead of walking again.
   */
  listing?: TreeListing;
}

/** A file the walk keeps: its path, and the path its findings name (from the scanned folder, with `/`). */
export interface WalkedFile {
  absolute: string;
  relative: string;
}

export interface TreeListing {
  files: WalkedFile[];
  ignored: number;
  unreadable: number;
}

/**
 * The shared counters of a scan's lanes (over shared memory, so workers see the same values): the
 * next file no lane has taken, then one flag per lane, raised before the lane's first claim.
 */
export const fileClaims = (lanes: number): Int32Array => new Int32Array(new SharedArrayBuffer(4 * (1 + lanes)));

// A claim at or past this was made once every file was taken: it is no file's index.
const claimsClosed = 1 << 30;

/**
 * Once one lane has walked to the end, every file is taken. Voids any later claim and returns the
 * lanes that never claimed a file (a worker still starting): they will scan nothing, and the scan
 * need not wait for them. A lane raises its flag before it claims, so a lane not named here either
 * holds a file or will claim only void ones. Call it once per scan.
 */
export function closeClaims(claims: Int32Array): number[] {
  Atomics.add(claims, 0, claimsClosed);
  const idle: number[] = [];
  for (let lane = 0; lane < claims.length - 1; lane += 1) if (Atomics.load(claims, 1 + lane) === 0) idle.push(lane);
  return idle;
}

export interface TreeScanResult {
  findings: SecretFinding[];
  stats: Omit<SecretScanStats, 'baselined' | 'durationMs' | 'commits'>;
}

const chunkBytes = 1024 * 1024;
const binarySniffBytes = 8 * 1024;
const hasByteOrderMark = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

// Ignore files are a few kilobytes of patterns; the tree being scanned may be hostile.
const maxIgnoreBytes = 1024 * 1024;

/**
 * An ignore file's rules, or null when there is none. One that is not a regular file (a FIFO would
 * block the scan for ever), is larger than maxIgnoreBytes or cannot be read is skipped, and
 * `onSkipped` hears of it: the scan then looks at more files, never fewer.
 */
export function readIgnoreFile(file: string, onSkipped: () => void = () => {}): Ignore | null {
  let fd: number;
  try {
    fd = fs.openSync(file, readWithoutBlocking);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onSkipped();
    return null;
  }
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > maxIgnoreBytes) {
      onSkipped();
      return null;
    }
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = fs.readSync(fd, bytes, filled, bytes.length - filled, null);
      // Shorter than fstat said: it shrank meanwhile.
      if (read === 0) break;
      filled += read;
    }
    return ignore().add(bytes.subarray(0, filled).toString('utf8'));
  } catch {
    onSkipped();
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function ignoredBy(scopes: readonly IgnoreScope[], absolute: string, isDirectory: boolean): boolean {
  return scopes.some((scope) => {
    const relative = path.relative(scope.dir, absolute).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && scope.rules.ignores(isDirectory ? `${relative}/` : relative);
  });
}

/** A path under the (resolved) root, from it, with `/` between names: what path.relative gives for these, without its work per file. */
function relativeTo(root: string, absolute: string): string {
  const relative = absolute.slice(root.endsWith(path.sep) ? root.length : root.length + 1);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/** Files under root in a stable order (sorted names), skipping .git, ignored paths and symlinks. */
export function* walkFiles(folder: string, honourGitignore: boolean, counts: { ignored: number; unreadable: number }): Generator<WalkedFile> {
  const root = path.resolve(folder);
  if (fs.statSync(root).isFile()) {
    yield { absolute: root, relative: path.basename(root) };
    return;
  }
  const skipIgnoreFile = () => (counts.unreadable += 1);
  const firebreakIgnore = readIgnoreFile(path.join(root, '.firebreakignore'), skipIgnoreFile);
  const stack: { dir: string; scopes: IgnoreScope[] }[] = [{ dir: root, scopes: firebreakIgnore ? [{ dir: root, rules: firebreakIgnore }] : [] }];
  while (stack.length > 0) {
    const { dir, scopes: inherited } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      counts.unreadable += 1;
      continue;
    }
    const local = honourGitignore && entries.some((entry) => entry.name === '.gitignore') ? readIgnoreFile(path.join(dir, '.gitignore'), skipIgnoreFile) : null;
    const scopes = local ? [...inherited, { dir, rules: local }] : inherited;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      // Joined by hand: the folder is already normal and a name holds no separator (path.join normalises each time).
      const absolute = dir.endsWith(path.sep) ? dir + entry.name : dir + path.sep + entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git') continue;
        if (ignoredBy(scopes, absolute, true)) counts.ignored += 1;
        else subdirs.push(absolute);
      } else if (entry.isFile()) {
        if (ignoredBy(scopes, absolute, false)) counts.ignored += 1;
        else yield { absolute, relative: relativeTo(root, absolute) };
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i -= 1) stack.push({ dir: subdirs[i]!, scopes });
  }
}

/** Scans this lane's share of a folder: streamed in chunks, binary and oversized files skipped and counted. */
export async function scanTree(input: TreeScanInput, signal: AbortSignal, onProgress: (progress: SecretScanProgress) => void): Promise<TreeScanResult> {
  const root = path.resolve(input.root);
  const { ruleSet, describe } = prepareRules(input.rules);
  const findings: SecretFinding[] = [];
  const counts = { ignored: 0, unreadable: 0 };
  const stats = { files: 0, bytes: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } };
  const buffer = Buffer.allocUnsafe(chunkBytes);
  const scanner = new ChunkedTextScanner(ruleSet, describe, (finding) => findings.push(finding));
  let index = -1;
  Atomics.store(input.claims, 1 + input.lane, 1);
  let claimed = Atomics.add(input.claims, 0, 1);
  let lastReport = 0;
  const report = () => onProgress({ files: stats.files, bytes: stats.bytes, commits: 0, findings: findings.length });

  /**
   * Reports progress and lets a cancel in (a worker's message, the CLI's Ctrl-C on the thread that
   * scans) every 200 ms: between files, and between the chunks of a large one.
   */
  const pause = async () => {
    const now = Date.now();
    if (now - lastReport <= 200) return;
    lastReport = now;
    report();
    await new Promise((resolve) => setImmediate(resolve));
    if (signal.aborted) throw new AppError('cancelled', 'scan cancelled');
  };

  const files = input.listing?.files ?? walkFiles(root, input.honourGitignore, counts);
  if (input.listing) {
    counts.ignored = input.listing.ignored;
    counts.unreadable = input.listing.unreadable;
  }
  for (const file of files) {
    index += 1;
    if (index !== claimed) continue;
    if (signal.aborted) throw new AppError('cancelled', 'scan cancelled');
    await scanFile(file);
    claimed = Atomics.add(input.claims, 0, 1);
    await pause();
  }
  // Every lane walks the whole tree; only the first counts what the walk skipped.
  if (input.lane === 0) {
    stats.skipped.ignored = counts.ignored;
    stats.skipped.unreadable += counts.unreadable;
  }
  report();
  return { findings, stats };

  /** Scans one file, streamed in chunks; a binary, oversized or unreadable one is counted. */
  async function scanFile(file: WalkedFile): Promise<void> {
    let fd: number;
    try {
      fd = fs.openSync(file.absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      stats.skipped.unreadable += 1;
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size > input.maxFileBytes) {
        stats.skipped.tooLarge += 1;
        return;
      }
      let read = fs.readSync(fd, buffer, 0, chunkBytes, null);
      if (buffer.subarray(0, Math.min(read, binarySniffBytes)).includes(0)) {
        stats.skipped.binary += 1;
        return;
      }
      scanner.begin(file.relative);
      // As a UTF-8 decoder does: a byte order mark is no character of the text.
      const first = buffer.subarray(0, read);
      scanner.push(hasByteOrderMark(first) ? first.subarray(3) : first, read < chunkBytes);
      stats.bytes += read;
      if (read === chunkBytes) {
        while ((read = fs.readSync(fd, buffer, 0, chunkBytes, null)) > 0) {
          stats.bytes += read;
          scanner.push(buffer.subarray(0, read));
          await pause();
        }
        scanner.push(buffer.subarray(0, 0), true);
      }
      stats.files += 1;
    } catch (error) {
      if (error instanceof AppError) throw error;
      stats.skipped.unreadable += 1;
    } finally {
      fs.closeSync(fd);
    }
  }
}
