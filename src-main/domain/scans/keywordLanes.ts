/**
 * The keyword automaton's walk. One walk is a chain of dependent loads (this row, then the next),
 * so it waits on every load in turn. Four walks over four quarters of the text, run side by side,
 * overlap their waits: in WebAssembly (no bounds check per load) that measured three to four times
 * the speed of one walk in JavaScript on real source (test/bench/keywordPass.bench.ts), with exactly
 * the same hits: each walk but the first starts (longest keyword - 1) bytes early, unrecorded.
 */
import type { KeywordHits } from './keywordAutomaton';

export interface LaneTables {
  /** The transition table's size in 4-byte words. */
  tableWords: number;
  /** Writes the table: at a state's row plus a class's offset (both in bytes, from 0), the next state's row. */
  fillTable(table: Int32Array): void;
  /** Each byte's class as a byte offset within a row. */
  classOffsets: Uint16Array;
  startRow: number;
  /** Rows from this one on are states where some keyword ends, and none before: a power of two. */
  threshold: number;
  /** Bytes a walk reads before its state is the state of a walk begun at the start (longest keyword - 1). */
  warmUp: number;
  webAssembly: boolean;
}

// The text goes to WebAssembly memory in blocks of this size, and their hits need 8 bytes a byte at
// most: a few megabytes of address space per automaton, whatever the length of a text.
const blockBytes = 256 * 1024;
// Below this quarter length the four walks' warm-ups and set-up cost more than they win.
const minimumQuarter = 64;
// Memory layout: class offsets at 0, the transition table at 256 (a load's constant offset).
const tableAt = 256;

export function scanInLanes(tables: LaneTables): (bytes: Uint8Array) => KeywordHits {
  const { startRow, threshold, warmUp } = tables;
  const tableBytes = tables.tableWords * 4;
  // Where walk4 leaves the end of each lane's hits, then the block, then each lane's hits.
  const laneEndsAt = tableAt + tableBytes;
  const inputAt = laneEndsAt + 16;
  const outputAt = inputAt + blockBytes;
  // A lane's hits: a quarter of a block, at most one hit a byte, 8 bytes a hit.
  const laneBytes = 2 * blockBytes;
  // WebAssembly reads a class offset as one byte: up to 64 classes (the shipped rules have 60).
  const narrow = tables.classOffsets.every((offset) => offset < 256);
  const instance = tables.webAssembly && narrow ? lanesInstance(outputAt + 4 * laneBytes) : null;
  const buffer = instance ? instance.memory.buffer : new ArrayBuffer(inputAt);
  const walk4 = instance ? instance.walk4 : null;
  const bytesView = new Uint8Array(buffer);
  const { classOffsets } = tables;
  const table = new Int32Array(buffer, tableAt, tables.tableWords);
  const words = new Int32Array(buffer);
  if (instance) bytesView.set(classOffsets);
  tables.fillTable(table);

  const hits: KeywordHits = { length: 0, ends: new Int32Array(1024), codes: new Int32Array(1024) };

  /** One walk over [from, to) from `row`, adding its hits when `record`; returns the row it ends in. */
  function walk(bytes: Uint8Array, from: number, to: number, row: number, record: boolean): number {
    let { ends, codes, length: count } = hits;
    for (let i = from; i < to; i += 1) {
      row = table[(row + classOffsets[bytes[i]!]!) >> 2]!;
      if (row >= threshold && record) {
        if (count === ends.length) {
          ends = grow(ends, count + 1);
          codes = grow(codes, count + 1);
        }
        ends[count] = i;
        codes[count] = row;
        count += 1;
      }
    }
    hits.ends = ends;
    hits.codes = codes;
    hits.length = count;
    return row;
  }

  /** Four walks over the block's quarters; the last runs on to the block's end. Returns its row. */
  function block(walk4: Walk4, bytes: Uint8Array, start: number, end: number, row: number): number {
    const quarter = (end - start) >> 2;
    if (quarter < minimumQuarter || quarter < warmUp) return walk(bytes, start, end, row, true);
    bytesView.set(bytes.subarray(start, end), inputAt);
    const warmed = (lane: number) => walk(bytes, start + lane * quarter - warmUp, start + lane * quarter, startRow, false);
    const q = quarter;
    const row3 = walk4(inputAt, inputAt + q, q, 2 * q, 3 * q, row, warmed(1), warmed(2), warmed(3), outputAt, laneBytes, threshold, laneEndsAt);
    // Each walk wrote its hits, in order, as (address of the byte, row) pairs in its own region:
    // lane after lane, they are in text order.
    for (let lane = 0; lane < 4; lane += 1) {
      const from = (outputAt + lane * laneBytes) >> 2;
      const to = words[(laneEndsAt >> 2) + lane]! >> 2;
      let count = hits.length;
      if (hits.ends.length < count + (to - from) / 2) {
        hits.ends = grow(hits.ends, count + (to - from) / 2);
        hits.codes = grow(hits.codes, count + (to - from) / 2);
      }
      const { ends, codes } = hits;
      for (let word = from; word < to; word += 2) {
        ends[count] = words[word]! - inputAt + start;
        codes[count] = words[word + 1]!;
        count += 1;
      }
      hits.length = count;
    }
    // Past four quarters: the one to three bytes the division left.
    return walk(bytes, start + 4 * quarter, end, row3, true);
  }

  return (bytes) => {
    hits.length = 0;
    if (!walk4) {
      walk(bytes, 0, bytes.length, startRow, true);
      return hits;
    }
    let row = startRow;
    for (let start = 0; start < bytes.length; start += blockBytes) row = block(walk4, bytes, start, Math.min(bytes.length, start + blockBytes), row);
    return hits;
  };
}

function grow(array: Int32Array, atLeast: number): Int32Array {
  let length = array.length * 2;
  while (length < atLeast) length *= 2;
  const larger = new Int32Array(length);
  larger.set(array);
  return larger;
}

/**
 * walk4(at, end, q1, q2, q3, row0, row1, row2, row3, out, laneBytes, threshold, laneEnds) -> row3.
 * Walks bytes [at, end) and, side by side, [at + q1, end + q1), [at + q2, …), [at + q3, …); lane k
 * writes each hit as (address of the byte, row) from out + k × laneBytes on, and where its hits stop
 * at laneEnds + 4k. Returns the fourth walk's last row.
 */
type Walk4 = (at: number, end: number, q1: number, q2: number, q3: number, row0: number, row1: number, row2: number, row3: number, out: number, laneBytes: number, threshold: number, laneEnds: number) => number;

let compiledModule: WebAssembly.Module | undefined;

/**
 * The module (compiled once per thread) instantiated with a memory of `bytes`; null where the
 * runtime has no WebAssembly or no memory to give it (then JavaScript walks, finding the same hits).
 */
function lanesInstance(bytes: number): { memory: WebAssembly.Memory; walk4: Walk4 } | null {
  try {
    compiledModule ??= new WebAssembly.Module(lanesBinary());
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    return { memory, walk4: new WebAssembly.Instance(compiledModule, { m: { memory } }).exports.walk4 as Walk4 };
  } catch {
    return null;
  }
}

type Code = number | Code[];

/**
 * The module's binary, written out by hand: no toolchain to build or download. Nested arrays,
 * flattened once: spreading small arrays costs milliseconds in a thread's first, cold run. In text
 * form, the loop is, for each lane k (offset 0, q1, q2, q3):
 *   row_k = i32.load offset=256 (row_k + i32.load8_u (i32.load8_u (at + offset_k)))
 * then, when any row_k >= threshold, (at + offset_k, row_k) is stored at `out` for each such lane.
 */
function lanesBinary(): Uint8Array<ArrayBuffer> {
  const flat = (code: Code[]) => code.flat(Infinity as 1) as number[];
  const uleb = (value: number): number[] => (value < 0x80 ? [value] : [(value & 0x7f) | 0x80, ...uleb(value >>> 7)]);
  const vector = (items: Code[]) => [uleb(items.length), items];
  const name = (text: string) => vector(Array.from(Buffer.from(text, 'latin1')));
  // A section's or function's contents, preceded by their length in bytes.
  const sized = (code: Code[]) => {
    const bytes = flat(code);
    return [uleb(bytes.length), bytes];
  };
  const section = (id: number, contents: Code[]) => [id, sized(contents)];
  const i32 = 0x7f;
  // Instructions (constants below 64 only: one byte of signed LEB128).
  const get = (local: number) => [0x20, local];
  const set = (local: number) => [0x21, local];
  const constant = (value: number) => [0x41, value];
  const load = (offset: number) => [0x28, 2, uleb(offset)];
  const loadByte = [0x2d, 0, 0];
  const store = (offset: number) => [0x36, 2, offset];
  const [add, atLeast, or, end] = [0x6a, 0x4f, 0x72, 0x0b];
  const [at, stop, q1, q2, q3, row0, row1, row2, row3, out0, laneBytes, threshold, laneEnds, out1, out2, out3] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const parameters = 13;
  const rows = [row0, row1, row2, row3];
  const outs = [out0, out1, out2, out3];
  const offsets = [null, q1, q2, q3];
  const address = (lane: number) => [get(at), offsets[lane] === null ? [] : [get(offsets[lane]!), add]];
  const step = (lane: number) => [get(rows[lane]!), address(lane), loadByte, loadByte, add, load(tableAt), set(rows[lane]!)];
  const record = (lane: number) => [
    get(rows[lane]!), get(threshold), atLeast, 0x04, 0x40, // if
    get(outs[lane]!), address(lane), store(0),
    get(outs[lane]!), get(rows[lane]!), store(4),
    get(outs[lane]!), constant(8), add, set(outs[lane]!),
    end,
  ];
  const body = [
    vector([[3, i32]]), // out1, out2, out3
    [1, 2, 3].map((lane) => [get(outs[lane - 1]!), get(laneBytes), add, set(outs[lane]!)]),
    0x02, 0x40, 0x03, 0x40, // block, loop
    get(at), get(stop), atLeast, 0x0d, 1, // leave at the end
    step(0), step(1), step(2), step(3),
    // One test and branch per byte position for the four walks (hits are rare): the threshold is
    // a power of two, so some row is at or past it when their OR is.
    get(row0), get(row1), or, get(row2), or, get(row3), or, get(threshold), atLeast,
    0x04, 0x40, record(0), record(1), record(2), record(3), end,
    get(at), constant(1), add, set(at),
    0x0c, 0, end, end, // next byte; loop end, block end
    [0, 1, 2, 3].map((lane) => [get(laneEnds), get(outs[lane]!), store(4 * lane)]),
    get(row3),
    end,
  ];
  return new Uint8Array(flat([
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, vector([[0x60, vector(Array.from({ length: parameters }, () => i32)), vector([i32])]])),
    section(2, vector([[name('m'), name('memory'), 0x02, 0x00, 0x01]])),
    section(3, vector([0])),
    section(7, vector([[name('walk4'), 0x00, 0]])),
    section(10, vector([sized(body)])),
  ]));
}
