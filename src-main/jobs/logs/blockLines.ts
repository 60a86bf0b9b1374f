// A block is a run of whole ASCII lines joined by `\n`, none at its end (LineSplitter.pushBlocks):
// read here line by line, with the line ends a line read as text has.

/** Where the line [start, end) ends without the `\r` of a `\r\n` (Windows) ending, as a line read as text drops it. */
export function withoutCarriageReturn(block: Buffer, start: number, end: number): number {
  return end > start && block[end - 1] === 13 ? end - 1 : end;
}

/** The empty lines starting at `start` (where a `\n` is), passed on as one count; returns how many. */
export function blankRun(block: Buffer, start: number, blanks: (count: number) => void): number {
  let run = 1;
  while (block[start + run] === 10) run += 1;
  blanks(run);
  return run;
}

/**
 * A block's lines as text, in order, without the `\r` of a `\r\n`; each run of empty lines to
 * `blanks` as a count (a log padded with newlines, a copytruncate hole, costs a count, not a call
 * per line).
 */
export function splitBlock(block: Buffer, line: (text: string) => void, blanks: (count: number) => void): void {
  let empty = 0;
  for (const text of block.toString('latin1').split('\n')) {
    const kept = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (kept === '') {
      empty += 1;
      continue;
    }
    if (empty > 0) blanks(empty);
    empty = 0;
    line(kept);
  }
  if (empty > 0) blanks(empty);
}
