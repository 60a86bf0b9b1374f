import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';
import type { PushedEvent, SeverityScheme } from '../contract';
import fs from 'node:fs';
import path from 'node:path';
import { escalationMatrixFromValue, parseEscalationMatrix, type EscalationMatrix } from '../domain/escalations/escalation';
import { logJobFailuresTo, runSmallJobsInline } from '../jobs/runInWorker';
import { openDatabase } from '../store/database';
import { readSetting, writeSetting } from '../store/settingsRepo';
import { writeTransaction } from '../store/transaction';
import { appVersion } from './appVersion';
import { logError } from './log';
import { findResourcesDir, loadSeveritySchemes, loadUserSchemes } from './resources';
import { shippedYamlValue } from './shippedYaml';

export type Clock = () => Date;

/** Everything a service needs; built once per process (CLI run, server, Electron main). */
export interface ServiceContext {
  db: Database;
  dataDir: string;
  version: string;
  transport: 'electron' | 'http' | 'cli';
  clock: Clock;
  deviceId: string;
  schemes: SeverityScheme[];
  defaultSchemeId: string;
  escalation: EscalationMatrix;
  resourcesDir: string;
  emit(event: PushedEvent): void;
  /** The desktop app's clipboard (the main process copies vault values); absent in browser mode and the CLI. */
  clipboard?: Clipboard;
}

export interface Clipboard {
  write(text: string): void;
  read(): string | Promise<string>;
}

export interface ContextOptions {
  dataDir: string;
  transport: ServiceContext['transport'];
  clock?: Clock;
  resourcesDir?: string;
  emit?: (event: PushedEvent) => void;
  clipboard?: Clipboard;
}

export { appVersion };

export function createServiceContext(options: ContextOptions): ServiceContext {
  const resourcesDir = options.resourcesDir ?? findResourcesDir();
  // Parsed on first use (YAML: a fifth of a short CLI run): collecting or verifying evidence never needs it.
  let escalation: EscalationMatrix | undefined;
  const escalationFile = path.join(resourcesDir, 'escalation.yaml');
  // A CLI run opens the database, reads the severity schemes and the device id only if its operation
  // uses them: a scan without an incident stores nothing, and opening costs it a tenth of its start.
  let db: Database | undefined;
  let deviceId: string | undefined;
  let severity: { schemes: SeverityScheme[]; defaultSchemeId: string } | undefined;
  const openDb = () => {
    db ??= openDatabase(options.dataDir);
    opened.add(ctx);
    return db;
  };
  const readSchemes = () => {
    if (severity) return severity;
    const shipped = loadSeveritySchemes(resourcesDir);
    // Read once per process: a scheme another process saves later counts here at the next start.
    const user = loadUserSchemes(options.dataDir, shipped.schemes);
    for (const problem of user.problems) logError(`Severity scheme skipped: ${problem}`);
    return (severity = { schemes: [...shipped.schemes, ...user.schemes], defaultSchemeId: shipped.defaultSchemeId });
  };
  // A CLI run serves one command and has no window or requests to keep responsive.
  if (options.transport === 'cli') runSmallJobsInline(true);
  // A job's internal failure, written in full through the log that redacts.
  logJobFailuresTo(logError);
  const ctx: ServiceContext = {
    get db() {
      return openDb();
    },
    dataDir: options.dataDir,
    version: appVersion,
    transport: options.transport,
    clock: options.clock ?? (() => new Date()),
    get deviceId() {
      return (deviceId ??= ensureDeviceId(openDb()));
    },
    get schemes() {
      return readSchemes().schemes;
    },
    get defaultSchemeId() {
      return readSchemes().defaultSchemeId;
    },
    set defaultSchemeId(value) {
      readSchemes().defaultSchemeId = value;
    },
    get escalation() {
      return (escalation ??= readEscalationMatrix(escalationFile));
    },
    set escalation(value) {
      escalation = value;
    },
    resourcesDir,
    emit: options.emit ?? (() => {}),
    clipboard: options.clipboard,
  };
  // The console and the server report a broken database or scheme file when they start, not at their first request.
  if (options.transport !== 'cli') {
    void ctx.deviceId;
    void ctx.schemes;
  }
  return ctx;
}

const opened = new WeakSet<ServiceContext>();

/** Closes the context's database if it was opened (a CLI command that never used it has none to close). */
export function closeServiceContext(ctx: ServiceContext): void {
  if (opened.has(ctx)) ctx.db.close();
}

const reloadFailures = new WeakSet<ServiceContext>();

/**
 * Reads this process's escalation matrix and severity schemes (shipped and saved) from disk again,
 * into `ctx`: another process may have built shared state from a file edited since this one started.
 * The schemes array is replaced in place, as a saved scheme is added to it. False, keeping what it
 * held and logging once, when they cannot be read (a file half-edited, say).
 */
export function reloadConfiguration(ctx: ServiceContext): boolean {
  try {
    const severity = loadSeveritySchemes(ctx.resourcesDir);
    const user = loadUserSchemes(ctx.dataDir, severity.schemes);
    const escalation = readEscalationMatrix(path.join(ctx.resourcesDir, 'escalation.yaml'));
    ctx.schemes.splice(0, ctx.schemes.length, ...severity.schemes, ...user.schemes);
    ctx.defaultSchemeId = severity.defaultSchemeId;
    ctx.escalation = escalation;
    return true;
  } catch (error) {
    if (!reloadFailures.has(ctx)) logError(`Escalation matrix or severity schemes not read again, the ones read before are kept: ${(error as Error).message}`);
    reloadFailures.add(ctx);
    return false;
  }
}

/** The shipped matrix comes already read from the bundle (its YAML parse is a tenth of a second); an edited one is parsed. */
function readEscalationMatrix(file: string): EscalationMatrix {
  const source = fs.readFileSync(file, 'utf8');
  const shipped = shippedYamlValue(source);
  return shipped ? escalationMatrixFromValue(shipped.value, file) : parseEscalationMatrix(source, file);
}

/** A stable id for this laptop's database, so merged records still say where each came from. */
function ensureDeviceId(db: Database): string {
  const existing = readSetting(db, 'deviceId');
  if (existing) return existing;
  // Read again under the write lock: two first runs at once must agree on one id.
  return writeTransaction(db, () => {
    const written = readSetting(db, 'deviceId');
    if (written) return written;
    const created = randomUUID();
    writeSetting(db, 'deviceId', created);
    return created;
  });
}

/** The configured responder name, else the OS user. */
/** The actor on events the console raises itself (escalations, SLA breaches), not a responder. */
export const consoleActor = 'firebreak';

export function currentActor(ctx: ServiceContext): string {
  const configured = readSetting(ctx.db, 'responderName');
  if (configured) return configured;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function nowIso(ctx: ServiceContext): string {
  return ctx.clock().toISOString();
}
