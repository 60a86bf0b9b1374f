import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { SeverityScheme } from '../contract';
import { userSchemesDir } from '../services/resourcesDir';
import { databaseFileName } from '../store/databaseFile';
import { latestSchemaVersion } from '../store/migrations';
import { readFirstScreen } from './firstScreen/firstScreenData';
import { pageWithFirstScreen, prepareFirstScreen } from './firstScreen/firstScreenHtml';
import { markStartup } from './startupTimings';

/** The shipped severity schemes as validated by the build, with the SHA-256 of their file (scripts/build.mjs). */
declare const __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__: { sha256: string; schemes: SeverityScheme[] } | null | undefined;
const builtSchemes = typeof __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__ === 'undefined' ? null : __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__;

/** Only a short wait: a write in progress elsewhere means the console draws the screen itself. */
const busyWaitMs = 200;

/**
 * The dashboard's first screen before the services have loaded (`firebreak serve`'s start), read
 * straight from the database with the shipped severity schemes. Only where that gives exactly what the
 * console would show: no database yet, the responder's own schemes, a schemes file that is not the one
 * built in, or a schema this release did not write all leave the page as built (the console draws it).
 */
export interface EarlyFirstScreen {
  page(indexHtml: string): string | null;
  /** Loads the driver and the time format while the browser is still on its way. */
  prepare(): void;
}

export function earlyFirstScreenPage(dataDir: string, resourcesDir: string): EarlyFirstScreen | undefined {
  const file = path.join(dataDir, databaseFileName);
  const schemes = shippedSchemesIfUnchanged(resourcesDir);
  if (!schemes || !fs.existsSync(file) || hasUserSchemes(dataDir)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- external native module, loaded only when a page is asked for
  const driver = () => require('better-sqlite3') as typeof BetterSqlite3;
  const prepare = () => {
    try {
      driver();
      prepareFirstScreen();
    } catch {
      // The page says what is wrong, or the console does.
    }
  };
  const page = (indexHtml: string) => {
    let db: BetterSqlite3.Database | undefined;
    try {
      const Database = driver();
      markStartup('fsRequired');
      db = new Database(file, { fileMustExist: true, timeout: busyWaitMs });
      markStartup('fsOpened');
      if ((db.pragma('user_version', { simple: true }) as number) !== latestSchemaVersion) return null;
      const now = new Date();
      const screen = readFirstScreen(db, schemes, now);
      markStartup('fsRead');
      return pageWithFirstScreen(indexHtml, screen, now);
    } catch {
      return null; // busy, damaged or unreadable: the console reads it and says what is wrong
    } finally {
      db?.close();
    }
  };
  return { page, prepare };
}

function shippedSchemesIfUnchanged(resourcesDir: string): SeverityScheme[] | null {
  if (!builtSchemes) return null;
  try {
    const bytes = fs.readFileSync(path.join(resourcesDir, 'severity-schemes.json'));
    return createHash('sha256').update(bytes).digest('hex') === builtSchemes.sha256 ? builtSchemes.schemes : null;
  } catch {
    return null;
  }
}

function hasUserSchemes(dataDir: string): boolean {
  try {
    return fs.readdirSync(userSchemesDir(dataDir)).some((name) => name.endsWith('.json'));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
