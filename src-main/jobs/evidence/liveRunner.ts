import { isUtf8 } from 'node:buffer';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LiveCollectorRun, LiveProblem } from '../../contract';
import { sha256FileSync } from '../fileHash';
import { killPipeHolders, outputsOf, signalGroup } from './liveProcesses';

/** One run of one collector, placeholders expanded: what will be spawned, and where its output goes. */
export interface PlannedRun {
  id: string;
  argv: string[];
  timeoutMs: number;
  volatile: boolean;
  /** File name in the spool folder (and the archive's live folder). */
  output: string;
  redact: boolean;
  /** Decided before anything runs (a missing program, root needed): recorded, never spawned. */
  skip?: { problem: LiveProblem; text: string };
}

export interface RunnerOptions {
  /** The spool folder: each output is written here in full before it goes into the archive (a tar entry needs its size first). */
  dir: string;
  /** Collectors running at once. */
  parallel?: number;
  /** Each output is cut here (and the collector stopped): a runaway command must not fill the disk. */
  capBytes?: number;
  /** A redacted output is read whole to redact it: a lower cap. */
  redactedCapBytes?: number;
  /** After SIGTERM (timeout, cancel), SIGKILL to the whole process group after this long. */
  killGraceMs?: number;
  signal?: AbortSignal;
  clock?: () => Date;
  /** Takes the secrets out of a redacted collector's output (and of any problem text), counting them. */
  redact: (text: string) => { text: string; count: number };
  onStep?: (finished: number, total: number, running: readonly string[]) => void;
}

export const defaultCapBytes = 256 * 1024 * 1024;
const defaultRedactedCapBytes = 32 * 1024 * 1024;
const stderrCapBytes = 1024 * 1024;

/** Volatile collectors first (their state changes soonest), each group in the profile's order. */
export function orderOfVolatility(plans: readonly PlannedRun[]): PlannedRun[] {
  return [...plans.filter((plan) => plan.volatile), ...plans.filter((plan) => !plan.volatile)];
}

/**
 * Runs the collectors, `parallel` at a time in order of volatility (a later one starts only when
 * every earlier one has), and returns what each did, in start order. Never throws for a collector's
 * failure: a missing program, a timeout or a non-zero exit is recorded on its run. On cancel the
 * running ones are stopped and the rest recorded as cancelled.
 */
export async function runCollectors(plans: readonly PlannedRun[], options: RunnerOptions): Promise<LiveCollectorRun[]> {
  const ordered = orderOfVolatility(plans);
  const results: LiveCollectorRun[] = new Array(ordered.length);
  const running = new Set<string>();
  let next = 0;
  let finished = 0;
  const step = () => options.onStep?.(finished, ordered.length, [...running]);
  async function lane(): Promise<void> {
    while (next < ordered.length) {
      const index = next++;
      const plan = ordered[index]!;
      running.add(plan.id);
      step();
      results[index] = options.signal?.aborted ? notRun(plan, index + 1, options, { problem: 'cancelled', text: 'cancelled before it started' }) : await runOne(plan, index + 1, options);
      running.delete(plan.id);
      finished += 1;
      step();
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, ordered.length) }, lane));
  return results;
}

function notRun(plan: PlannedRun, order: number, options: RunnerOptions, skip: NonNullable<PlannedRun['skip']>): LiveCollectorRun {
  const at = (options.clock ?? (() => new Date()))().toISOString();
  return { id: plan.id, order, argv: recordedArgv(plan, options), exitCode: null, startedAt: at, endedAt: at, bytes: 0, sha256: null, archivePath: null, problem: skip.problem, problemText: skip.text };
}

/** The argv as recorded (result, signed manifest): a secret written into a collector's arguments (`--token=…`) is redacted there too. */
function recordedArgv(plan: PlannedRun, options: RunnerOptions): string[] {
  return plan.argv.map((item) => options.redact(item).text);
}

async function runOne(plan: PlannedRun, order: number, options: RunnerOptions): Promise<LiveCollectorRun> {
  if (plan.skip) return notRun(plan, order, options, plan.skip);
  const clock = options.clock ?? (() => new Date());
  const cap = plan.redact ? (options.redactedCapBytes ?? defaultRedactedCapBytes) : (options.capBytes ?? defaultCapBytes);
  const grace = options.killGraceMs ?? 2_000;
  const outFile = path.join(options.dir, plan.output);
  const errFile = `${outFile}.stderr`;
  const startedAt = clock().toISOString();
  let out: number;
  try {
    out = fs.openSync(outFile, 'wx', 0o600);
  } catch (error) {
    return notRun(plan, order, options, { problem: 'failed', text: `not run: its output file could not be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
  }
  let written = 0;
  let truncated = false;
  const stderr: Buffer[] = [];
  let stderrBytes = 0;
  let timedOut = false;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;

  // No shell: argv[0] is looked up on PATH and every argument reaches the program as one item.
  // Its own process group (detached), so a timeout or cancel stops whatever it started too.
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(plan.argv[0]!, plan.argv.slice(1), { shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (error) {
    fs.closeSync(out);
    fs.rmSync(outFile, { force: true });
    return notRun(plan, order, options, { problem: 'failed', text: `cannot be started (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
  }
  const pipes = outputsOf(child.pid);
  let escaped = 0;
  let closeTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    signalGroup(child.pid, 'SIGTERM');
    killTimer ??= setTimeout(() => {
      signalGroup(child.pid, 'SIGKILL');
      // Still open a moment after the group kill: something outside the group (setsid) holds the
      // output. Killed, and the pipes closed, so a timeout or cancel is never waited out.
      closeTimer = setTimeout(() => {
        escaped = killPipeHolders(pipes);
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, Math.min(grace, 1_000));
    }, grace);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, plan.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let writeError: NodeJS.ErrnoException | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (truncated || writeError) return;
    const room = cap - written;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    try {
      fs.writeSync(out, part);
    } catch (error) {
      // A full disk: this command stops and says so; the others and the archive decide for themselves.
      writeError = error as NodeJS.ErrnoException;
      stop();
      return;
    }
    written += part.length;
    if (chunk.length > room) {
      truncated = true;
      stop();
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderrBytes >= stderrCapBytes) return;
    stderr.push(chunk.subarray(0, stderrCapBytes - stderrBytes));
    stderrBytes += Math.min(chunk.length, stderrCapBytes - stderrBytes);
  });

  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  clearTimeout(killTimer);
  clearTimeout(closeTimer);
  options.signal?.removeEventListener('abort', onAbort);
  fs.closeSync(out);
  const endedAt = clock().toISOString();

  if (ended.error && child.pid === undefined) {
    // It never started: no output to keep.
    fs.rmSync(outFile, { force: true });
    const missing = ended.error.code === 'ENOENT';
    return {
      ...notRun(plan, order, options, { problem: missing ? 'missing-program' : 'failed', text: missing ? `${plan.argv[0]} is not on this machine's PATH` : `cannot be started (${ended.error.code ?? ended.error.message})` }),
      startedAt,
      endedAt,
    };
  }

  let redactions = 0;
  let errBytes: Buffer = Buffer.concat(stderr);
  let errText = errBytes.toString('utf8');
  if (plan.redact) {
    const redacted = redactBytes(fs.readFileSync(outFile), options.redact);
    redactions = redacted.count;
    if (redacted.count) fs.writeFileSync(outFile, redacted.bytes);
    const redactedErr = redactBytes(errBytes, options.redact);
    redactions += redactedErr.count;
    errBytes = redactedErr.bytes;
    errText = errBytes.toString('utf8');
  }
  let archivedErr = false;
  if (stderrBytes > 0) {
    try {
      // `wx`: never over another file in the spool (another collector's output).
      fs.writeFileSync(errFile, errBytes, { mode: 0o600, flag: 'wx' });
      archivedErr = true;
    } catch {
      // Its first line is in the problem text already.
    }
  }

  const problem = writeError
    ? { problem: 'failed' as const, problemText: `its output could not be written (${writeError.code ?? writeError.message}): ${written} bytes kept` }
    : describeProblem(plan, { ...ended, timedOut, cancelled, errText, written, truncated }, options.redact);
  if (problem && escaped) problem.problemText += `; ${escaped} process${escaped === 1 ? '' : 'es'} it started had left its process group and ${escaped === 1 ? 'was' : 'were'} killed`;
  const bytes = fs.statSync(outFile).size;
  return {
    id: plan.id,
    order,
    argv: recordedArgv(plan, options),
    exitCode: ended.code,
    signal: ended.signal,
    startedAt,
    endedAt,
    bytes,
    sha256: sha256FileSync(outFile),
    archivePath: plan.output,
    ...(archivedErr ? { stderrPath: `${plan.output}.stderr` } : {}),
    ...(truncated ? { truncated } : {}),
    ...(plan.redact ? { redactions } : {}),
    ...(problem ?? (truncated ? { problemText: `output cut at ${cap} bytes` } : {})),
  };
}

/**
 * Redacts an output as bytes: only the secrets change. Text that is not UTF-8 (binary, Latin-1) is
 * read one character per byte and written back byte for byte, so the bytes around a secret are
 * kept as the program wrote them (decoding it as UTF-8 would turn each invalid byte into U+FFFD).
 */
function redactBytes(bytes: Buffer, redact: RunnerOptions['redact']): { bytes: Buffer; count: number } {
  if (isUtf8(bytes)) {
    const redacted = redact(bytes.toString('utf8'));
    return { bytes: redacted.count ? Buffer.from(redacted.text, 'utf8') : bytes, count: redacted.count };
  }
  const redacted = redact(bytes.toString('latin1'));
  if (!redacted.count) return { bytes, count: 0 };
  // The original characters are all below 256 (one byte each); the redaction marks are written as UTF-8.
  const parts: Buffer[] = [];
  let from = 0;
  const text = redacted.text;
  for (let at = 0; at <= text.length; at += 1) {
    if (at < text.length && text.charCodeAt(at) < 256) continue;
    parts.push(Buffer.from(text.slice(from, at), 'latin1'));
    if (at < text.length) {
      const end = text.codePointAt(at)! > 0xffff ? at + 2 : at + 1;
      parts.push(Buffer.from(text.slice(at, end), 'utf8'));
      at = end - 1;
      from = end;
    }
  }
  return { bytes: Buffer.concat(parts), count: redacted.count };
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
  timedOut: boolean;
  cancelled: boolean;
  errText: string;
  written: number;
  truncated: boolean;
}

function describeProblem(plan: PlannedRun, outcome: Outcome, redact: RunnerOptions['redact']): { problem: LiveProblem; problemText: string } | null {
  if (outcome.cancelled) return { problem: 'cancelled', problemText: `stopped by cancel (${outcome.written} bytes kept)` };
  if (outcome.timedOut) return { problem: 'timed-out', problemText: `cut at its timeout of ${plan.timeoutMs} ms (${outcome.written} bytes kept)` };
  if (outcome.error) return { problem: 'failed', problemText: `failed: ${outcome.error.code ?? outcome.error.message}` };
  // Stopped by us at the cap: what was kept is good; `truncated` says it is not all.
  if (outcome.code === 0 || outcome.truncated) return null;
  // The first line of what it said on stderr tells most ("no crontab for root", "connection refused").
  const said = outcome.errText.split('\n').find((line) => line.trim())?.trim().slice(0, 300);
  const how = outcome.code === null ? `ended by ${outcome.signal ?? 'a signal'}` : `exited with code ${outcome.code}`;
  return { problem: 'failed', problemText: redact(said ? `${how}: ${said}` : how).text };
}
