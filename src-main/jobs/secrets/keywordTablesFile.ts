import fs from 'node:fs';
import path from 'node:path';
import type { AutomatonTables, KeywordEntry } from '../../domain/scans/keywordAutomaton';
import { keywordEntriesKey, tablesFromBytes } from '../../domain/scans/keywordTables';

/** Where the build writes the shipped rules' keyword tables: dist/main/jobs, beside every bundle's folder. */
export const keywordTablesFile = (bundleDir = __dirname) => path.join(bundleDir, '..', 'jobs', 'secret-keywords.bin');

/** The build's tables when they were made for these very entries; null otherwise (edited rules, or run from source). */
export function builtKeywordTables(entries: readonly KeywordEntry[], file = keywordTablesFile()): AutomatonTables | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  return tablesFromBytes(bytes, keywordEntriesKey(entries));
}
