import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { SeverityScheme } from '../contract';
import { userSchemesDir } from '../services/resourcesDir';
import { databaseFileName } from '../store/databaseFile';
import { latestSchemaVersion } from '../store/migrations';
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
 * console would show: no database yet, the responder's own schemes, a schemes file that is not the one
 * built in, or a schema this release did not write all leave the page as built (the console draws it).
 */
export interface EarlyFirstScreen {
  page(indexHtml: string): string | null;
  /** Reads the screen while the browser is still on its way (the driver and the time format load then too). */
  prepare(): void;
}

/** A screen read ahead is used if the page comes within this long; later pages read afresh. */
const preparedForMs = 1_000;

export function earlyFirstScreenPage(dataDir: string, resourcesDir: string): EarlyFirstScreen | undefined {
  const file = path.join(dataDir, databaseFileName);
  const schemes = shippedSchemesIfUnchanged(resourcesDir);
  if (!schemes || !fs.existsSync(file) || hasUserSchemes(dataDir)) return undefined;
  const read = (): FirstScreen | null => {
    let db: BetterSqlite3.Database | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- external native module, loaded only when a screen is read
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      db = new Database(file, { fileMustExist: true, timeout: busyWaitMs });
      if ((db.pragma('user_version', { simple: true }) as number) !== latestSchemaVersion) return null;
      return readFirstScreen(db, schemes, new Date());
    } catch {
      return null; // busy, damaged or unreadable: the console reads it and says what is wrong
    } finally {
      db?.close();
    }
  };
  let prepared: { screen: FirstScreen | null; at: number } | null = null;
  return {
    prepare: () => {
      prepareFirstScreen();
      prepared = { screen: read(), at: Date.now() };
    },
    page: (indexHtml) => {
      const fresh = prepared !== null && Date.now() - prepared.at < preparedForMs;
      const screen = fresh ? prepared!.screen : read();
      prepared = null;
      // The clocks are drawn at this moment: one that ran out since the read shows as overdue.
      return screen && pageWithFirstScreen(indexHtml, screen, new Date());
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
