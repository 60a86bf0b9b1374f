import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import type { ScanOutcome } from '../contract';
import { fail, ok, type AppError, type Envelope } from '../contract/envelope';
import { controlCharsSingleLine, isCleanUnicode } from '../contract/textRules';
import { writeFileAtomic } from '../jobs/atomicFile';
import { logJobFailuresTo, runSmallJobsInline } from '../jobs/runInWorker';
import { prestartWorkers, stopIdleWorkers } from '../jobs/workerStart';
import { shippedRulesFor } from '../services/redaction/shippedRules';
import { findResourcesDir } from '../services/resourcesDir';
import { describeScanProgress, readBaseline, scanSecrets, secretScanStartMessage, type SecretScanRequest } from '../services/scans/secretScan';
import { wholeCli } from './bundleLoader';
import { clearProgress, endProgress, progressLine } from './progress';
import { secretScanBaseline, secretScanSarif, secretScanText } from './secretScanText';
import { exitCodes, guardStdout, stdoutFailed } from './stdoutGuard';
import { visibleText } from './visibleText';

/**
 * A plain `firebreak scan secrets PATH` from a bundle of its own (bin/firebreak.js picks it): no
 * contract schemas, no YAML parser, no database driver, so the scan starts a few hundred
 * milliseconds sooner, most of what a scan of a project's sources takes. It does what the whole CLI
 * does for the same command, to the byte. Everything else goes to the whole CLI, which then runs the
 * command as if it had started it: an option this path does not take (`--incident`, `--since`,
 * `--help`), a value the contract would trim or refuse, rules edited in the resources folder, and any
 * failure but a cancel (its messages may quote what the responder typed, and only the services
 * redact with the vault's values too).
 */

interface PlainScan {
  request: Omit<SecretScanRequest, 'signal' | 'onProgress'>;
  json: boolean;
  sarif: boolean;
  writeBaseline?: string;
}

// What the contract's `text({ min: 1, max: 4096 })` takes unchanged: trimmed, clean, on one line.
const plainText = (value: string) => value.length >= 1 && value.length <= 4_096 && value === value.trim() && isCleanUnicode(value) && !controlCharsSingleLine.test(value);

/** `scan secrets` with only the options this path runs exactly as the whole CLI does, or null. */
export function plainScan(args: readonly string[]): PlainScan | null {
  if (args[0] !== 'scan' || args[1] !== 'secrets') return null;
  let parsed;
  try {
    parsed = parseArgs({
      args: args.slice(2),
      options: {
        json: { type: 'boolean' },
        history: { type: 'boolean' },
        'all-branches': { type: 'boolean' },
        'no-gitignore': { type: 'boolean' },
        sarif: { type: 'boolean' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'max-file-size': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch {
    return null;
  }
  const { values, positionals } = parsed;
  const [target] = positionals;
  if (positionals.length !== 1 || target === undefined || target.startsWith('-') || !plainText(target)) return null;
  if (values.baseline !== undefined && (values.baseline.startsWith('-') || !plainText(values.baseline))) return null;
  if (values['write-baseline'] !== undefined && (values['write-baseline'].startsWith('-') || values['write-baseline'] === '')) return null;
  const maxFileSize = values['max-file-size'] ?? '10';
  // As the whole CLI reads it (Number), then as the contract bounds it.
  const maxFileBytes = Math.round(Number(maxFileSize) * 1024 * 1024);
  if (maxFileSize.startsWith('-') || !Number.isInteger(maxFileBytes) || maxFileBytes < 1_024 || maxFileBytes > 1024 ** 3) return null;
  return {
    request: {
      path: target,
      history: values.history === true,
      allBranches: values['all-branches'] === true,
      gitignore: values['no-gitignore'] !== true,
      baseline: values.baseline,
      maxFileBytes,
    },
    json: values.json === true,
    sarif: values.sarif === true,
    writeBaseline: values['write-baseline'],
  };
}

/** The shipped rules, when the resources folder holds exactly the file the build read. */
function shippedRules() {
  try {
    return shippedRulesFor(fs.readFileSync(path.join(findResourcesDir(), 'rules', 'secrets.yaml')));
  } catch {
    return null;
  }
}

// Printed as is: the whole CLI passes it through the redaction too, which would change it only if a
// vault value were a piece of this very sentence.
const cancelledMessage = 'scan cancelled: nothing was recorded';

/** Prints what the whole CLI prints for this outcome; returns the exit code. */
function print(scan: PlainScan, envelope: Envelope<ScanOutcome>): number {
  if (!envelope.ok) {
    if (scan.json) process.stdout.write(`${JSON.stringify(envelope)}\n`);
    else process.stderr.write(`firebreak: ${visibleText(envelope.error.message)}\n`);
    return exitCodes.error;
  }
  const result = envelope.value;
  if (scan.sarif) process.stdout.write(secretScanSarif(result));
  else process.stdout.write(`${scan.json ? JSON.stringify(envelope) : secretScanText(result)}\n`);
  return result.findings.length ? exitCodes.checkFailed : exitCodes.done;
}

/**
 * The baseline's fingerprints (none without `--baseline`), or null when the scan refuses to start (a
 * path that is not there, `--history` on a file, a baseline it cannot read): then the command is
 * handed over before a worker starts or a progress line is drawn.
 */
function readyToScan(request: PlainScan['request']): Set<string> | null {
  try {
    const stats = fs.statSync(path.resolve(request.path));
    if (request.history && !stats.isDirectory()) return null;
    return request.baseline ? readBaseline(request.baseline) : new Set();
  } catch {
    return null;
  }
}

async function run(scan: PlainScan, rules: NonNullable<ReturnType<typeof shippedRules>>, known: Set<string>): Promise<void> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  const progress = (message: string, done: number) => progressLine({ type: 'job.progress', jobId: 'scan', operation: 'scan.secrets', done, total: null, message });
  let envelope: Envelope<ScanOutcome>;
  try {
    progress(secretScanStartMessage, 0);
    const result = await scanSecrets(rules, { ...scan.request, signal: controller.signal, onProgress: (value) => progress(describeScanProgress(value), value.bytes) }, known);
    const outcome: ScanOutcome = { ...result, scanId: null };
    if (scan.writeBaseline) writeFileAtomic(scan.writeBaseline, secretScanBaseline(outcome));
    envelope = ok(outcome);
  } catch (error) {
    process.removeListener('SIGINT', cancel);
    if ((error as AppError).code === 'cancelled' && controller.signal.aborted) envelope = fail('cancelled', cancelledMessage);
    else {
      // The whole CLI runs it again and says what went wrong, as it always has (a failure mid-scan is
      // rare: a worker that died, a baseline that could not be written).
      clearProgress();
      stopIdleWorkers();
      v8.setFlagsFromString('--regexp-tier-up');
      wholeCli();
      return;
    }
  }
  endProgress();
  process.removeListener('SIGINT', cancel);
  // Guarded only now: a command handed to the whole CLI gets its guard alone.
  guardStdout();
  const code = print(scan, envelope);
  process.exitCode = stdoutFailed() ? exitCodes.error : code;
}

const scan = plainScan(process.argv.slice(2));
const known = scan && readyToScan(scan.request);
const rules = known && shippedRules();
if (!scan || !known || !rules) {
  wholeCli();
} else {
  // V8 first runs an expression from bytecode and compiles it to machine code on its second run: for
  // the hundred-odd rules a scan wakes, making the bytecode costs twice the compiling (25 ms of the
  // 52 MB benchmark's 0.58 s). A one-shot scan runs each woken rule thousands of times: straight to
  // machine code. A V8 setting read at each run, set before any other thread starts; put back if the
  // scan is handed to the whole CLI, which never sets it.
  v8.setFlagsFromString('--no-regexp-tier-up');
  // The history's worker boots while the rest loads; tree lanes past the first start only for a
  // folder large enough to be worth them (services/scans/secretScan.ts), once it is sized.
  if (scan.request.history) prestartWorkers(1);
  runSmallJobsInline(true);
  // A job's internal failure is the whole CLI's to log, through its redacting log, when it runs the scan again.
  logJobFailuresTo(null);
  void run(scan, rules, known);
}
