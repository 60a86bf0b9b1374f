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

/** Empty lines enough to count from the bytes: shorter runs cost less split with the rest. */
const newlineRun = Buffer.alloc(32, 10);

/**
 * A block's lines as text, in order, without the `\r` of a `\r\n`; each run of empty lines to
 * `blanks` as a count. A long run of newlines (a log padded with them, a copytruncate hole) is
 * measured on the bytes: split as text it was a string per line, six times the time per byte of an
 * access log.
 */
export function splitBlock(block: Buffer, line: (text: string) => void, blanks: (count: number) => void): void {
  let empty = 0;
  let start = 0;
  for (;;) {
    const run = block.indexOf(newlineRun, start);
    // The text before the run, to the line the run's first newline ends (empty when the run starts the block).
    for (const text of block.toString('latin1', start, run < 0 ? block.length : run).split('\n')) {
      const kept = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (kept === '') {
        empty += 1;
        continue;
      }
      if (empty > 0) blanks(empty);
      empty = 0;
      line(kept);
    }
    if (run < 0) break;
    let length = newlineRun.length;
    while (block[run + length] === 10) length += 1;
    // n newlines between two lines hold n - 1 empty lines; at the block's end (no newline after its last line), n.
    if (run + length === block.length) {
      empty += length;
      break;
    }
    empty += length - 1;
    start = run + length;
  }
  if (empty > 0) blanks(empty);
}
