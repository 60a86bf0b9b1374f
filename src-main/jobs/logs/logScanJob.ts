import type { LogFinding, LogFormat } from '../../contract';
import { AppError } from '../../contract/envelope';
import { redactLogExcerpt } from '../../domain/logs/logExcerpt';
import { detectFormat, parseLine } from '../../domain/logs/logFormats';
import { matchRecord } from '../../domain/logs/logMatch';
import { compileLogRules, type LogRules } from '../../domain/logs/logRules';
import { addToTally, createTally, type LogTally } from '../../domain/logs/logTally';
import { redactSecrets } from '../../domain/redaction/redaction';
import type { SecretRules } from '../../domain/scans/secretRules';
import { compileRules } from '../../domain/scans/secretRuleSet';
import { readLogLineBatches } from './logLines';

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
  findings: LogFinding[];
  lines: number;
  malformed: number;
  outOfRange: number;
  formats: Partial<Record<LogFormat, number>>;
  findingsOmitted: number;
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

/** Reads one file range, parses, matches and counts every line; keeps only redacted excerpts of flagged lines. */
export async function scanLogRange(input: LogScanJobInput, signal: AbortSignal, onProgress: (progress: LogScanJobProgress) => void): Promise<LogScanJobResult> {
  const rules = compileLogRules(input.rules);
  const secrets = compileRules(input.secretRules);
  const context = { year: input.year };
  const tally = createTally();
  const findings: LogFinding[] = [];
  const formats: Partial<Record<LogFormat, number>> = {};
  let lines = 0;
  let malformed = 0;
  let outOfRange = 0;
  let findingsOmitted = 0;
  let bytes = 0;
  let reportedAt = 0;
  const report = () => onProgress({ bytes, lines, findings: findings.length + findingsOmitted });
  // A running total of the bytes read from disk (compressed bytes for a .gz).
  const onBytes = (read: number) => {
    bytes = read;
    if (bytes - reportedAt >= progressEveryBytes) {
      reportedAt = bytes;
      report();
    }
  };
  const limited = input.sinceMs !== null || input.untilMs !== null;

  let format = input.format;
  let problem: string | null = null;
  const pending: string[] = [];
  let nonEmpty = 0;
  const handle = (line: string, activeFormat: LogFormat) => {
    lines += 1;
    const record = parseLine(line, activeFormat, context);
    if (record.malformed) malformed += 1;
    formats[record.format] = (formats[record.format] ?? 0) + 1;
    if (limited && (record.time === null || (input.sinceMs !== null && record.time < input.sinceMs) || (input.untilMs !== null && record.time > input.untilMs))) {
      outOfRange += 1;
      return;
    }
    const hits = matchRecord(record, rules);
    addToTally(tally, record, hits);
    let excerpt: string | undefined;
    for (const hit of hits) {
      if (findings.length >= input.findingCap) {
        findingsOmitted += 1;
        continue;
      }
      // Redacted whole, then cut: a secret across the cut must not leave its first half behind.
      excerpt ??= redactLogExcerpt(redactSecrets(line, secrets).text).slice(0, maxExcerptChars);
      findings.push({ rule: hit.rule, category: hit.category, severity: hit.severity, description: hit.description, file: input.file, line: lines, time: record.time === null ? null : new Date(record.time).toISOString(), ip: record.ip, excerpt });
    }
  };

  try {
    // A batch per read: a promise per line would cost as much as parsing it.
    for await (const batch of readLogLineBatches(input.file, { start: input.start, end: input.end }, { signal, onBytes })) {
      if (signal.aborted) throw new AppError('cancelled', 'log scan cancelled');
      for (const line of batch) {
        if (format === null) {
          // The format is decided on the range's first non-empty lines, then they are read as it.
          pending.push(line);
          if (line.trim() !== '') nonEmpty += 1;
          if (nonEmpty < detectionLines && pending.length < maxPendingLines) continue;
          format = detectFormat(pending.filter((held) => held.trim() !== ''));
          for (const held of pending.splice(0)) handle(held, format);
          continue;
        }
        handle(line, format);
      }
    }
  } catch (error) {
    if (signal.aborted) throw new AppError('cancelled', 'log scan cancelled');
    // A file that breaks off (damaged gzip, a read error) still gives what was read before.
    if (!(error instanceof AppError) || error.code === 'internal') throw error;
    problem = error.message;
  }
  if (format === null) {
    format = detectFormat(pending.filter((held) => held.trim() !== ''));
    for (const held of pending.splice(0)) handle(held, format);
  }
  report();
  return { findings, lines, malformed, outOfRange, formats, findingsOmitted, tally, format, problem };
}
