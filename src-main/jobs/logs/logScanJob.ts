import type { LogFormat } from '../../contract';
import { AppError } from '../../contract/envelope';
import { excerptAround, redactLogExcerpt } from '../../domain/logs/logExcerpt';
import { detectFormat, parseLine } from '../../domain/logs/logFormats';
import { hitPosition, matchRecord } from '../../domain/logs/logMatch';
import { statusHolds } from '../../domain/logs/logRuleSet';
import { compileLogRules, type LogRules } from '../../domain/logs/logRules';
import { addToTally, createTally, type LogTally } from '../../domain/logs/logTally';
import { redactSecrets } from '../../domain/redaction/redaction';
import type { SecretRules } from '../../domain/scans/secretRules';
import { compileRules } from '../../domain/scans/secretRuleSet';
import { builtKeywordTables } from '../secrets/keywordTablesFile';
import { AccessCounts, type FastPathCounts } from './accessCounts';
import { AccessFastPath, type AccessLineReader } from './accessFastPath';
import { AccessKernel } from './accessKernel';
import { splitBlock, withoutCarriageReturn } from './blockLines';
import { FindingColumnsBuilder, type LogFindingColumns } from './logFindingColumns';
import { readLogLineBlocks } from './logLines';

export interface LogScanJobInput {
  file: string;
  /** Byte range of the file (a plain file cut for several workers); a .gz is always read whole. */
  start: number;
  end: number | null;
  /** The file's format when the caller detected it (a file cut in ranges), else detected here. */
  format: LogFormat | null;
  /** The year RFC 3164 syslog lines lack: the file's modification year. */
  year: number;
  rules: LogRules;
  secretRules: SecretRules;
  sinceMs: number | null;
  untilMs: number | null;
  findingCap: number;
}

export interface LogScanJobProgress {
  bytes: number;
  lines: number;
  findings: number;
}

export interface LogScanJobResult {
  /** Line numbers count from the range's first line (1): the caller adds the lines of the ranges before. */
  findings: LogFindingColumns;
  lines: number;
  malformed: number;
  outOfRange: number;
  formats: Partial<Record<LogFormat, number>>;
  findingsOmitted: number;
  /** Lines cut for their length (matched on their head and tail only). */
  longLinesCut: number;
  tally: LogTally;
  format: LogFormat;
  /** Why the range could not be read to its end (a damaged .gz); the lines before were scanned. */
  problem: string | null;
}

export const maxExcerptChars = 300;
const progressEveryBytes = 64 * 1024;
// As many lines as detectFormat looks at.
const detectionLines = 50;
// A range of blank lines is not held whole while waiting for lines to detect from.
const maxPendingLines = 10_000;

/** Small files read whole, one after another by one worker: a worker's start and its rules' compilation shared by all of them. */
export interface LogScanBatchInput extends Omit<LogScanJobInput, 'file' | 'start' | 'end' | 'format' | 'year'> {
  files: { file: string; format: LogFormat | null; year: number }[];
}

interface CompiledRules {
  rules: ReturnType<typeof compileLogRules>;
  secrets: ReturnType<typeof compileRules>;
}

/** The secret rules that redact excerpts, with the keyword tables the build made for the shipped ones (45 ms a worker spared). */
function compileSecretRules(rules: SecretRules): ReturnType<typeof compileRules> {
  return compileRules(rules, (entries) => builtKeywordTables(entries));
}

/** Reads one file range, parses, matches and counts every line; keeps only redacted excerpts of flagged lines. */
export function scanLogRange(input: LogScanJobInput, signal: AbortSignal, onProgress: (progress: LogScanJobProgress) => void): Promise<LogScanJobResult> {
  return scanCompiled(input, { rules: compileLogRules(input.rules), secrets: compileSecretRules(input.secretRules) }, signal, onProgress);
}

/** Each file of the batch as scanLogRange reads a whole file, in order; progress is the batch's running total. */
export async function scanLogFiles(input: LogScanBatchInput, signal: AbortSignal, onProgress: (progress: LogScanJobProgress) => void): Promise<LogScanJobResult[]> {
  const compiled = { rules: compileLogRules(input.rules), secrets: compileSecretRules(input.secretRules) };
  const done = { bytes: 0, lines: 0, findings: 0 };
  const results: LogScanJobResult[] = [];
  for (const { file, format, year } of input.files) {
    let last = { bytes: 0, lines: 0, findings: 0 };
    const result = await scanCompiled({ ...input, file, format, year, start: 0, end: null }, compiled, signal, (progress) => {
      last = progress;
      onProgress({ bytes: done.bytes + progress.bytes, lines: done.lines + progress.lines, findings: done.findings + progress.findings });
    });
    done.bytes += last.bytes;
    done.lines += result.lines;
    done.findings += result.findings.count + result.findingsOmitted;
    results.push(result);
  }
  return results;
}

async function scanCompiled(input: LogScanJobInput, { rules, secrets }: CompiledRules, signal: AbortSignal, onProgress: (progress: LogScanJobProgress) => void): Promise<LogScanJobResult> {
  const context = { year: input.year };
  const tally = createTally();
  const findings = new FindingColumnsBuilder();
  // A hit names its rule by id; findings keep the rule's index in the input.
  const ruleIndex = new Map(input.rules.specs.map((spec, index) => [spec.id, index]));
  const formats: Partial<Record<LogFormat, number>> = {};
  // Shared with the access-log fast path, which counts the ordinary lines it reads itself.
  const counts: FastPathCounts = { lines: 0, outOfRange: 0, formats };
  let malformed = 0;
  let findingsOmitted = 0;
  let longLinesCut = 0;
  let bytes = 0;
  let reportedAt = 0;
  const report = () => onProgress({ bytes, lines: counts.lines, findings: findings.count + findingsOmitted });
  // A running total of the bytes read from disk (compressed bytes for a .gz).
  const onBytes = (read: number) => {
    bytes = read;
    if (bytes - reportedAt >= progressEveryBytes) {
      reportedAt = bytes;
      report();
    }
  };
  const limited = input.sinceMs !== null || input.untilMs !== null;
  const counter = new AccessCounts(tally, counts, { sinceMs: input.sinceMs, untilMs: input.untilMs });
  let fastPath: AccessLineReader | null = null;

  let format = input.format;
  let problem: string | null = null;
  const pending: string[] = [];
  let nonEmpty = 0;
  const handle = (line: string, activeFormat: LogFormat) => {
    counts.lines += 1;
    const record = parseLine(line, activeFormat, context);
    if (record.malformed) malformed += 1;
    formats[record.format] = (formats[record.format] ?? 0) + 1;
    if (limited && (record.time === null || (input.sinceMs !== null && record.time < input.sinceMs) || (input.untilMs !== null && record.time > input.untilMs))) {
      counts.outOfRange += 1;
      return;
    }
    const hits = matchRecord(record, rules);
    addToTally(tally, record, hits);
    let excerpted = false;
    for (const hit of hits) {
      if (findings.count >= input.findingCap) {
        findingsOmitted += 1;
        continue;
      }
      const index = ruleIndex.get(hit.rule)!;
      if (!excerpted) {
        // Redacted whole, then cut: a secret across the cut must not leave its first half behind.
        const redacted = redactLogExcerpt(redactSecrets(line, secrets).text);
        findings.addExcerpt(excerptAround(redacted, redacted.length > maxExcerptChars ? hitPosition(redacted, record, index, rules) : 0, maxExcerptChars));
        excerpted = true;
      }
      findings.add(index, counts.lines, record.time, record.ip);
    }
  };

  // An empty line reads as an empty text record in every format (malformed but in a text file), which
  // no rule flags unless a status rule holds without a status: runs of them are counted at once.
  const blanksAreQuiet = !rules.statusOnly.some((index) => statusHolds(rules.rules[index]!, null));
  const blank = (count: number, activeFormat: LogFormat) => {
    if (!blanksAreQuiet) {
      for (let i = 0; i < count; i += 1) handle('', activeFormat);
      return;
    }
    counts.lines += count;
    formats.text = (formats.text ?? 0) + count;
    if (activeFormat !== 'text') malformed += count;
    if (limited) counts.outOfRange += count;
  };

  /** Holds a line until the range's first non-empty lines decide its format, then reads them all as it. */
  const detectOn = (line: string) => {
    pending.push(line);
    if (line.trim() !== '') nonEmpty += 1;
    if (nonEmpty < detectionLines && pending.length < maxPendingLines) return;
    format = detectFormat(pending.filter((held) => held.trim() !== ''));
    for (const held of pending.splice(0)) handle(held, format);
  };

  try {
    // A batch per read: a promise per line would cost as much as parsing it.
    for await (const batch of readLogLineBlocks(input.file, { start: input.start, end: input.end }, { signal, onBytes, onLongLine: () => (longLinesCut += 1) })) {
      if (signal.aborted) throw new AppError('cancelled', 'log scan cancelled');
      for (const part of batch) {
        if (typeof part === 'string') {
          if (format !== null) handle(part, format);
          else detectOn(part);
          continue;
        }
        let start = 0;
        // The format is decided on the range's first lines; the rest of their block is read as bytes.
        while (format === null && start <= part.length) {
          let end = part.indexOf(10, start);
          if (end < 0) end = part.length;
          detectOn(part.toString('latin1', start, withoutCarriageReturn(part, start, end)));
          start = end + 1;
        }
        if (format === null || start > part.length) continue;
        const known: LogFormat = format;
        const block = start === 0 ? part : part.subarray(start);
        // Access logs are where the volume is: their ordinary lines are counted from the bytes.
        // JSON, syslog and text lines are each read in full.
        if (known === 'combined' || known === 'common') {
          fastPath ??= AccessKernel.create(rules, counter) ?? new AccessFastPath(rules, counter);
          fastPath.scanBlock(block, (line) => handle(line, known), (count) => blank(count, known));
        } else {
          splitBlock(block, (line) => handle(line, known), (count) => blank(count, known));
        }
      }
    }
  } catch (error) {
    if (signal.aborted) throw new AppError('cancelled', 'log scan cancelled');
    // A file that breaks off (damaged gzip, a read error) still gives what was read before.
    if (!(error instanceof AppError) || error.code === 'internal') throw error;
    problem = error.message;
  }
  counter.flush();
  if (format === null) {
    format = detectFormat(pending.filter((held) => held.trim() !== ''));
    for (const held of pending.splice(0)) handle(held, format);
  }
  report();
  return { findings: findings.done(), lines: counts.lines, malformed, outOfRange: counts.outOfRange, formats, findingsOmitted, longLinesCut, tally, format, problem };
}
