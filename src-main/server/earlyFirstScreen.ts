import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { SeverityScheme } from '../contract';
import { userSchemesDir } from '../services/resourcesDir';
import { databaseFileName } from '../store/databaseFile';
import { latestSchemaVersion } from '../store/migrations';
import type { FirstScreenPage } from './earlyServer';
import { readFirstScreen, type FirstScreen } from './firstScreen/firstScreenData';
import { pageWithFirstScreen, prepareFirstScreen } from './firstScreen/firstScreenHtml';

/** The shipped severity schemes as validated by the build, with the SHA-256 of their file (scripts/build.mjs). */
declare const __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__: { sha256: string; schemes: SeverityScheme[] } | null | undefined;
const builtSchemes = typeof __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__ === 'undefined' ? null : __FIREBREAK_SHIPPED_SEVERITY_SCHEMES__;

/** Only a short wait: a write in progress elsewhere means the console draws the screen itself. */
const busyWaitMs = 200;

/**
 * The dashboard's first screen before the services have loaded (`firebreak serve`'s start), read
 * straight from the database with the shipped severity schemes. Only where that gives exactly what the
 * console would show: the responder's own schemes, a schemes file that is not the one built in, or a
 * schema this release did not write all leave the page as built (the console draws it).
 */
export interface EarlyFirstScreen {
  /**
   * False when the database cannot be used at all (not a database, unreadable, written by a newer
   * release): the whole CLI then starts the console and reports why it cannot, as it always did.
   */
  usable: boolean;
  /** Absent where the screen cannot be drawn exactly as the console would (the page goes as built). */
  page?: FirstScreenPage;
  /** Makes the time format while the browser is still on its way. */
  warm(): void;
}

/** The screen read at start is used if the page comes within this long; later pages read afresh. */
const readAheadForMs = 1_000;

type Read = { screen: FirstScreen | null; usable: boolean };

/**
 * Reads the first screen at once (before the link is printed: it also tells whether the database can
 * be opened at all). Undefined where there is no database yet or the screen cannot be drawn exactly.
 */
export function earlyFirstScreen(dataDir: string, resourcesDir: string): EarlyFirstScreen | undefined {
  const file = path.join(dataDir, databaseFileName);
  if (!fs.existsSync(file)) return undefined;
  const schemes = shippedSchemesIfUnchanged(resourcesDir);
  const drawable = schemes !== null && !hasUserSchemes(dataDir);
  const read = (): Read => {
    let db: BetterSqlite3.Database | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- external native module, loaded only when there is a database
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      db = new Database(file, { fileMustExist: true, timeout: busyWaitMs });
      const version = db.pragma('user_version', { simple: true }) as number;
      // An older schema is brought up to date by the console; a newer one it refuses, and says so.
      if (version !== latestSchemaVersion || !drawable) return { screen: null, usable: version <= latestSchemaVersion };
      return { screen: readFirstScreen(db, schemes, new Date()), usable: true };
    } catch (error) {
      // Busy: another process is writing, the console waits its turn. Anything else: the console says what is wrong.
      return { screen: null, usable: (error as { code?: string }).code === 'SQLITE_BUSY' };
    } finally {
      db?.close();
    }
  };
  const first = read();
  let ahead: { screen: FirstScreen | null; at: number } | null = { screen: first.screen, at: Date.now() };
  const page: FirstScreenPage = (indexHtml, acceptLanguage) => {
    const screen = ahead !== null && Date.now() - ahead.at < readAheadForMs ? ahead.screen : read().screen;
    ahead = null;
    // The clocks are drawn at this moment: one that ran out since the read shows as overdue.
    return screen && pageWithFirstScreen(indexHtml, screen, new Date(), acceptLanguage);
  };
  return {
    usable: first.usable,
    page: drawable ? page : undefined,
    warm: () => {
      if (drawable) prepareFirstScreen();
    },
  };
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
