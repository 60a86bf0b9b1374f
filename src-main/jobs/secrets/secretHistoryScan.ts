import { spawn } from 'node:child_process';
import path from 'node:path';
import type { SecretFinding, SecretScanProgress } from '../../contract';
import { AppError } from '../../contract/envelope';
import type { SecretRules } from '../../domain/scans/secretRules';
import { findSecrets, withPositions } from '../../domain/scans/secretMatch';
import { ChunkedTextScanner, prepareRules, secretFinding } from './secretTextScanner';
import { readIgnoreFile } from './secretTreeScan';

export interface HistoryScanInput {
  root: string;
  rules: SecretRules;
  allBranches: boolean;
  since: string | null;
}

export interface HistoryScanResult {
  findings: SecretFinding[];
  commits: number;
  /** Bytes of git's output read. */
  bytes: number;
}

// A huge added file is scanned in pieces of about this size, so memory stays flat.
const flushBytes = 1024 * 1024;
const commitMarker = '\u0000commit ';
const newline = 10;
const plus = 0x2b;
const prefixes = { commit: Buffer.from(commitMarker), diff: Buffer.from('diff --git '), target: Buffer.from('+++ '), hunk: Buffer.from('@@ ') };
const startsWith = (line: Buffer, prefix: Buffer) => line.length >= prefix.length && line.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

/**
 * Git's output cut at line breaks, as bytes (only the few header lines become strings). A line
 * longer than `maxBytes` is handed on in pieces: a commit that adds a file of one 50 MB line never
 * becomes one 50 MB buffer here. `first`: the piece holds the line's start (its `+`, `@@` or
 * `diff` prefix); `last`: its end. A piece is valid only during the call.
 */
class LinePieces {
  private partial = Buffer.allocUnsafe(64 * 1024);
  private held = 0;
  private first = true;

  constructor(
    private readonly maxBytes: number,
    private readonly onPiece: (piece: Buffer, first: boolean, last: boolean) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, start)) {
      if (this.held > 0) {
        this.hold(chunk.subarray(start, at));
        this.emit(this.partial.subarray(0, this.held), true);
        this.held = 0;
      } else {
        this.emit(chunk.subarray(start, at), true);
      }
      start = at + 1;
    }
    this.hold(chunk.subarray(start));
    if (this.held > this.maxBytes) {
      this.onPiece(this.partial.subarray(0, this.held), this.first, false);
      this.held = 0;
      this.first = false;
    }
  }

  end(): void {
    if (this.held > 0 || !this.first) this.emit(this.partial.subarray(0, this.held), true);
    this.held = 0;
  }

  private emit(line: Buffer, last: boolean): void {
    this.onPiece(line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line, this.first, last);
    this.first = true;
  }

  private hold(bytes: Buffer): void {
    if (this.held + bytes.length > this.partial.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.partial.length * 2, this.held + bytes.length));
      this.partial.copy(larger, 0, 0, this.held);
      this.partial = larger;
    }
    bytes.copy(this.partial, this.held);
    this.held += bytes.length;
  }
}

/** The added lines of one file in one commit, joined by line breaks, with each one's number in the file. */
interface Block {
  commit: string;
  author: string;
  date: string;
  file: string;
}

/**
 * Scans the lines every commit added, from `git log -p` streamed line by line: history of any
 * length is never held in memory, only the added lines of one file of one commit at a time.
 */
export async function scanHistory(input: HistoryScanInput, signal: AbortSignal, onProgress: (progress: SecretScanProgress) => void): Promise<HistoryScanResult> {
  const root = path.resolve(input.root);
  const { ruleSet, describe } = prepareRules(input.rules);
  const firebreakIgnore = readIgnoreFile(path.join(root, '.firebreakignore'));
  const args = ['-c', 'core.quotePath=false', '-C', root, 'log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', `--format=${commitMarker.replace('\u0000', '%x00')}%H%x00%an <%ae>%x00%aI`];
  if (input.allBranches) args.push('--all');
  if (input.since) args.push(`--since=${input.since}`);
  const git = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  git.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
  const exited = new Promise<number>((resolve, reject) => {
    git.once('error', (error) => reject(new AppError('io-error', `cannot run git: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
    git.once('close', (code) => resolve(code ?? 1));
  });
  const abort = () => git.kill('SIGTERM');
  signal.addEventListener('abort', abort, { once: true });

  const findings: SecretFinding[] = [];
  let commits = 0;
  let bytes = 0;
  let lastReport = 0;
  let commit = { hash: '', author: '', date: '' };
  let block: Block | null = null;
  // The block's added lines, joined by line breaks, in a buffer kept from block to block.
  let added = Buffer.allocUnsafe(64 * 1024);
  let addedLength = 0;
  let lineNumbers: number[] = [];
  let nextLine = 0;
  // Between `diff --git` and the first `@@`, lines are headers: an added line may itself start with "++ ".
  let inHeader = false;

  const flush = () => {
    if (!block || lineNumbers.length === 0) return;
    const lineBytes = added.subarray(0, addedLength);
    const matches = findSecrets(lineBytes, ruleSet);
    // Line n of the joined added lines is the n-th added line: its number in the file is recorded.
    const text = matches.length ? added.toString('latin1', 0, addedLength) : '';
    for (const { match, line, column } of withPositions(text, matches, 1, 1, lineBytes)) {
      findings.push(secretFinding(match, describe(match.ruleId), { file: block.file, line: lineNumbers[line - 1]!, column, commit: block.commit, author: block.author, date: block.date }));
    }
    addedLength = 0;
    lineNumbers = [];
  };
  const addLine = (content: Buffer) => {
    const needed = addedLength + content.length + 1;
    if (needed > added.length) {
      const larger = Buffer.allocUnsafe(Math.max(added.length * 2, needed));
      added.copy(larger, 0, 0, addedLength);
      added = larger;
    }
    if (lineNumbers.length > 0) added[addedLength++] = newline;
    addedLength += content.copy(added, addedLength);
    lineNumbers.push(nextLine);
  };

  // The rest of a line too long to take whole: an added line is streamed through a chunked
  // scanner (its own line number, columns counted across pieces); any other is skipped.
  let longLine: ChunkedTextScanner | 'skip' | null = null;
  const startLongLine = (into: Block, lineNumber: number): ChunkedTextScanner =>
    new ChunkedTextScanner(ruleSet, describe, (finding) => findings.push({ ...finding, line: lineNumber, commit: into.commit, author: into.author, date: into.date })).begin(into.file);

  const onPiece = (line: Buffer, first: boolean, last: boolean) => {
    bytes += line.length + (last ? 1 : 0);
    if (!first) {
      if (longLine !== 'skip') longLine?.push(line, last);
      if (last) longLine = null;
      return;
    }
    if (!last && block && !inHeader && line[0] === plus) {
      flush();
      longLine = startLongLine(block, nextLine);
      longLine.push(line.subarray(1));
      nextLine += 1;
      return;
    }
    if (!last) longLine = 'skip';
    if (block && !inHeader && line[0] === plus) {
      addLine(line.subarray(1));
      nextLine += 1;
      if (addedLength > flushBytes) flush();
    } else if (startsWith(line, prefixes.commit)) {
      flush();
      block = null;
      const [hash = '', author = '', date = ''] = line.toString('utf8', prefixes.commit.length).split('\u0000');
      commit = { hash, author, date };
      commits += 1;
      const now = Date.now();
      if (now - lastReport > 200) {
        lastReport = now;
        onProgress({ files: 0, bytes, commits, findings: findings.length });
      }
    } else if (startsWith(line, prefixes.diff)) {
      flush();
      block = null;
      inHeader = true;
    } else if (inHeader && startsWith(line, prefixes.target)) {
      const target = line.toString('utf8', prefixes.target.length);
      const file = target.startsWith('b/') ? target.slice(2) : null;
      block = file && !firebreakIgnore?.ignores(file) ? { commit: commit.hash, author: commit.author, date: commit.date, file } : null;
    } else if (startsWith(line, prefixes.hunk)) {
      inHeader = false;
      nextLine = Number(/\+(\d+)/.exec(line.toString('latin1'))?.[1] ?? 0);
    }
  };

  const lines = new LinePieces(flushBytes, onPiece);
  for await (const chunk of git.stdout as AsyncIterable<Buffer>) lines.push(chunk);
  lines.end();
  flush();
  const code = await exited;
  signal.removeEventListener('abort', abort);
  if (signal.aborted) throw new AppError('cancelled', 'scan cancelled');
  if (code !== 0) {
    if (/not a git repository/i.test(stderr)) throw new AppError('invalid-input', `${root} is not a git repository: scan it without --history`);
    if (/does not have any commits/i.test(stderr)) return { findings, commits: 0, bytes };
    throw new AppError('io-error', `git log failed (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`);
  }
  onProgress({ files: 0, bytes, commits, findings: findings.length });
  return { findings, commits, bytes };
}
