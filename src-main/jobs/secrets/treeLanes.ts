import fs from 'node:fs';
import { walkFiles, type TreeListing } from './secretTreeScan';

/**
 * A scanning lane costs about a fifth of a second of a core before it scans at full speed: its
 * thread's start, then the compiling of the scan's code and of the rules' expressions, which on a
 * machine with few cores also takes the time the first lane's compiler would have had. A lane pays
 * for itself only with about this much to read. Measured on two cores on copies of the benchmark's
 * real source (test/bench/secretsReal.bench.ts): 52 MB in 0.57 s with one lane against 0.67 s with
 * two, 105 MB in 0.81 s against 0.84 s, 157 MB in 1.03 s against 0.98 s.
 */
export const bytesPerLane = 128 * 1024 * 1024;

// Past this many files a folder counts as large without sizing the rest: sizing comes before the
// first byte is scanned, and costs a stat a file (about 13 µs here: sampling fewer misjudges a
// folder whose bytes are in a few large files, as real source often is).
const maxFilesSized = 5_000;

const defaultLimits = { perLane: bytesPerLane, maxFiles: maxFilesSized };

export interface TreeSize {
  lanes: number;
  /** The walk, when it went to the end (a folder worth fewer lanes than cores). */
  listing: TreeListing | null;
}

/**
 * How many lanes a scan of this folder is worth on this many cores: one, and one more for each
 * `perLane` bytes of the files it will read (those the walk keeps, up to `maxFileBytes` each). The
 * walk stops as soon as the answer is every core.
 */
export function sizeTree(root: string, honourGitignore: boolean, maxFileBytes: number, cores: number, limits: Partial<typeof defaultLimits> = {}): TreeSize {
  // One core: one lane whatever the size, walked as it is scanned.
  if (cores <= 1) return { lanes: 1, listing: null };
  const { perLane, maxFiles } = { ...defaultLimits, ...limits };
  const enough = (cores - 1) * perLane;
  const counts = { ignored: 0, unreadable: 0 };
  const files = [];
  let bytes = 0;
  for (const file of walkFiles(root, honourGitignore, counts)) {
    if (files.length === maxFiles) return { lanes: cores, listing: null };
    files.push(file);
    try {
      const { size } = fs.statSync(file.absolute);
      if (size <= maxFileBytes) bytes += size;
    } catch {
      // Gone or unreadable: the scan counts it, and it has nothing to read.
    }
    if (bytes >= enough) return { lanes: cores, listing: null };
  }
  return { lanes: Math.min(cores, 1 + Math.floor(bytes / perLane)), listing: { files, ...counts } };
}
