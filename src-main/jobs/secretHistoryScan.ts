import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { SecretFinding, SecretScanProgress } from '../contract';
import { AppError } from '../contract/envelope';
import type { SecretRules } from '../domain/scans/secretRules';
import { findSecrets, withPositions } from '../domain/scans/secretMatch';
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
  bytes: number;
}

// A huge added file is scanned in pieces of about this size, so memory stays flat.
const flushChars = 1024 * 1024;
const commitMarker = '\u0000commit ';

/** A piece of one line of git's output: a line longer than `flushChars` arrives in several. */
interface LinePiece {
  text: string;
  /** The piece holds the line's start (and so its `+`, `@@` or `diff` prefix). */
  first: boolean;
  /** The piece holds the line's end. */
  last: boolean;
}

/**
 * Git's output cut at line breaks, with any line longer than `maxChars` handed on in pieces: a
 * commit that adds a file of one 50 MB line never becomes one 50 MB string here.
 */
async function* linePieces(stream: Readable, maxChars: number): AsyncGenerator<LinePiece> {
  let partial = '';
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      const line = partial + chunk.slice(start, newline);
      yield { text: line.endsWith('\r') ? line.slice(0, -1) : line, first, last: true };
      partial = '';
      first = true;
      start = newline + 1;
    }
    partial += chunk.slice(start);
    if (partial.length > maxChars) {
      yield { text: partial, first, last: false };
      partial = '';
      first = false;
    }
  }
  if (partial || !first) yield { text: partial, first, last: true };
}

interface Block {
  commit: string;
  author: string;
  date: string;
  file: string;
  lines: string[];
  lineNumbers: number[];
  chars: number;
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
  let nextLine = 0;
  // Between `diff --git` and the first `@@`, lines are headers: an added line may itself start with "++ ".
  let inHeader = false;

  const flush = () => {
    if (!block || block.lines.length === 0) return;
    const text = block.lines.join('\n');
    // Line n of the joined added lines is the n-th added line: its number in the file is recorded.
    for (const { match, line, column } of withPositions(text, findSecrets(text, ruleSet))) {
      findings.push(secretFinding(match, describe(match.ruleId), { file: block.file, line: block.lineNumbers[line - 1]!, column, commit: block.commit, author: block.author, date: block.date }));
    }
    block.lines = [];
    block.lineNumbers = [];
    block.chars = 0;
  };

  // The rest of a line too long to take whole: an added line is streamed through a chunked
  // scanner (its own line number, columns counted across pieces); any other is skipped.
  let longLine: ChunkedTextScanner | 'skip' | null = null;
  const startLongLine = (added: Block, lineNumber: number): ChunkedTextScanner =>
    new ChunkedTextScanner(ruleSet, describe, (finding) => findings.push({ ...finding, line: lineNumber, commit: added.commit, author: added.author, date: added.date })).begin(added.file);

  for await (const { text: line, first, last } of linePieces(git.stdout.setEncoding('utf8'), flushChars)) {
    bytes += line.length + (last ? 1 : 0);
    if (!first) {
      if (longLine !== 'skip') longLine?.push(Buffer.from(line), last);
      if (last) longLine = null;
      continue;
    }
    if (!last && block && !inHeader && line.startsWith('+')) {
      flush();
      longLine = startLongLine(block, nextLine);
      longLine.push(Buffer.from(line.slice(1)));
      nextLine += 1;
      continue;
    }
    if (!last) longLine = 'skip';
    if (line.startsWith(commitMarker)) {
      flush();
      block = null;
      const [hash = '', author = '', date = ''] = line.slice(commitMarker.length).split('\u0000');
      commit = { hash, author, date };
      commits += 1;
      const now = Date.now();
      if (now - lastReport > 200) {
        lastReport = now;
        onProgress({ files: 0, bytes, commits, findings: findings.length });
      }
    } else if (line.startsWith('diff --git ')) {
      flush();
      block = null;
      inHeader = true;
    } else if (inHeader && line.startsWith('+++ ')) {
      const target = line.slice(4);
      const file = target.startsWith('b/') ? target.slice(2) : null;
      block = file && !firebreakIgnore?.ignores(file) ? { commit: commit.hash, author: commit.author, date: commit.date, file, lines: [], lineNumbers: [], chars: 0 } : null;
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      nextLine = Number(/\+(\d+)/.exec(line)?.[1] ?? 0);
    } else if (block && !inHeader && line.startsWith('+')) {
      block.lines.push(line.slice(1));
      block.lineNumbers.push(nextLine);
      block.chars += line.length;
      nextLine += 1;
      if (block.chars > flushChars) flush();
    }
  }
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
