import type { CompiledLogRules } from '../../domain/logs/logRuleSet';
import { clfTime } from '../../domain/logs/logTime';
import { hashSeed } from '../../domain/logs/tableHash';
import type { AccessCounts } from './accessCounts';
import { fullStatuses, quietFields, type AccessLineReader } from './accessFastPath';
import { accessKernelWasm } from './accessKernelWasm';
import type { QuietField } from './quietField';

// The access-log fast path read in WebAssembly (accessKernel.wat): the same lines are ordinary, and
// counted the same way, as AccessFastPath finds them. Reading and counting a 256 MB access log took
// 634–678 ms against 977–1,066 ms (no bounds check per byte; line ends and field edges found sixteen
// bytes at a time). The kernel writes a record per line JavaScript must see (one per run of empty
// lines); this reads them in order and counts. Most ordinary lines it counts itself (an IPv4
// address, not a 404, a minute and format met already, no time window): their addresses in a table
// by partition, so that each partition's slice stays in cache while its lines are counted.

// The layout the kernel's text describes.
const fullStatusAt = 0;
const notPlainAt = 1_024;
const classesAt = 1_536;
const walkConfigAt = 2_592;
const watchedAt = 2_624;
const cachesAt = 2_628;
const haveMinuteAt = 2_636;
const minuteIndexAt = 2_640;
const stopAt = 2_644;
const tokensWordAt = 2_648;
// The count kept in the kernel ($counted and $countStaged in its text).
const countFlagsAt = 2_652;
const addressTableWordAt = 2_656;
const seedAt = 2_672;
const minuteCountableAt = 2_676;
const minuteSecondAt = 2_684;
const countedAt = 2_688;
const countedCombinedAt = 2_692;
const countedCommonAt = 2_696;
const minuteCountsWordAt = 2_704;
const stagingWordsAt = 2_712;
/** Minutes a call counts requests of: each new one's first ordinary line is a record, so at most one a record, and the one held. */
const minuteCounts = 4_100;
/** 64 partitions of 2,048 slots of 16 bytes: 2 MB, up to 65,536 addresses (a busy day's log has tens of thousands). */
const addressTableBytes = 64 * 2_048 * 16;
/** Lines whose addresses wait to be counted by partition: 16 bytes each (address, second, hash), and as many again to sort them. */
const stagedLines = 16_384;
/** Seconds from the count's base a table entry holds (an i32, with room for the 59 of a minute). */
const latestSecond = 0x7fffffff - 60;
/** The `&` names' verdicts: 256 slots of 64 bytes. */
const tokenCacheBytes = 256 * 64;
const cacheBytes = 8_192 + 1_024 * 512;
const firstCacheAt = 4_096;
const recordBytes = 32;
/** Records per call of the kernel: 128 KB, read while they are in cache. */
const recordsPerScan = 4_096;
const pageBytes = 65_536;
/**
 * Newlines written after a block: the kernel's 16-byte loads read up to 15 bytes past its end, and
 * a newline there ends the last line's search for its end.
 */
const blockSlack = 16;

type Scan = (at: number, end: number, out: number, outEnd: number) => number;

let compiledKernel: WebAssembly.Module | undefined;

export class AccessKernel implements AccessLineReader {
  private readonly memory: WebAssembly.Memory;
  private readonly scan: Scan;
  private readonly outAt: number;
  private readonly inputAt: number;
  private bytes!: Buffer;
  private words!: Int32Array;
  private view!: DataView;
  /** The minutes' starts (epoch ms) the kernel's records of one call name by index. */
  private readonly minuteStarts: number[] = [];
  private readonly fields: QuietField[];
  private readonly minuteCountsAt: number;
  private readonly countStaged: () => void;
  /** The epoch ms the address table's seconds count from: the first minute's start. */
  private secondsBase = NaN;

  /** A reader with the kernel, or null where the runtime has no WebAssembly or no memory to give it (AccessFastPath then). */
  static create(rules: CompiledLogRules, counter: AccessCounts, seed = hashSeed()): AccessKernel | null {
    try {
      compiledKernel ??= new WebAssembly.Module(Buffer.from(accessKernelWasm, 'base64'));
      return new AccessKernel(compiledKernel, rules, counter, seed);
    } catch {
      return null;
    }
  }

  private constructor(
    kernel: WebAssembly.Module,
    rules: CompiledLogRules,
    private readonly counter: AccessCounts,
    seed: number,
  ) {
    const { path, query, referrer, userAgent } = quietFields(rules);
    this.fields = [path, query, referrer, userAgent];
    const walks = [path.walk, query.walk];
    const tokensAt = firstCacheAt + 2 * cacheBytes;
    let tablesAt = tokensAt + tokenCacheBytes;
    const tableAt = walks.map((walk) => {
      const at = tablesAt;
      tablesAt += walk ? walk.table.byteLength : 0;
      return at;
    });
    this.minuteCountsAt = tablesAt;
    const addressTableAt = this.minuteCountsAt + minuteCounts * 4;
    const stagingAt = addressTableAt + addressTableBytes;
    const partitionWordsAt = stagingAt + stagedLines * 32;
    this.outAt = partitionWordsAt + 512;
    this.inputAt = this.outAt + recordsPerScan * recordBytes;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.inputAt + 2 * 1_024 * 1_024) / pageBytes) });
    this.views();

    const bytes = this.bytes;
    bytes.set(fullStatuses(rules), fullStatusAt);
    let watched = 0;
    this.fields.forEach((field, index) => {
      if (field.watched) watched |= 1 << index;
    });
    walks.forEach((walk, index) => {
      if (!walk) return;
      bytes.set(walk.notPlain, notPlainAt + index * 256);
      new Uint16Array(this.memory.buffer, classesAt + index * 512, 256).set(walk.classOffsets);
      new Int32Array(this.memory.buffer, tableAt[index]!, walk.table.length).set(walk.table);
      const config = (walkConfigAt >> 2) + index * 4;
      this.words.set([tableAt[index]!, walk.startRow, walk.threshold, walk.plusIsSpace ? 1 : 0], config);
    });
    this.words[watchedAt >> 2] = watched;
    this.words[tokensWordAt >> 2] = tokensAt;
    for (const [index, at] of [firstCacheAt, firstCacheAt + cacheBytes].entries()) {
      this.words[(cachesAt >> 2) + index] = at;
      this.words.fill(-1, at >> 2, (at >> 2) + 1_024);
    }
    this.words[addressTableWordAt >> 2] = addressTableAt;
    this.words[seedAt >> 2] = seed;
    this.words[minuteCountsWordAt >> 2] = this.minuteCountsAt;
    // Staged lines, room for them, where they are sorted, the partitions' offsets and entries.
    this.words.set([stagingAt, 0, stagedLines, stagingAt + stagedLines * 16, partitionWordsAt, partitionWordsAt + 256], stagingWordsAt >> 2);

    const instance = new WebAssembly.Instance(kernel, {
      k: {
        memory: this.memory,
        minute: (t: number) => this.minute(t),
        address: (address: number, second: number) => counter.countedAddress(address >>> 0, this.secondsBase + second * 1_000),
        askQuiet: (field: number, s: number, e: number, ampersand: number) => {
          const quiet = this.fields[field]!;
          return (ampersand === 1 && quiet.entitiesStay(this.bytes, s, e)) || quiet.remembered(this.bytes, this.view, s, e) ? 1 : 0;
        },
        judge: (field: number, s: number, e: number) => (this.fields[field]!.judge(this.bytes.toString('latin1', s, e)) ? 1 : 0),
        entityFree: (field: number, s: number, e: number) => (this.fields[field]!.entitiesStay(this.bytes, s, e) ? 1 : 0),
      },
    });
    this.scan = instance.exports.scan as Scan;
    this.countStaged = instance.exports.countStaged as () => void;
    // Last: a kernel that failed to start (create() then gives null) must leave no table behind.
    counter.adoptTable(() => {
      this.countStaged();
      // The table is emptied after it is read: its partitions' entry counts go with it.
      this.words.fill(0, (partitionWordsAt + 256) >> 2, (partitionWordsAt + 512) >> 2);
      return { table: new Int32Array(this.memory.buffer, addressTableAt, addressTableBytes / 4), base: this.secondsBase };
    });
  }

  scanBlock(block: Buffer, full: (line: string) => void, blanks: (count: number) => void): void {
    const needed = this.inputAt + block.length + blockSlack;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / pageBytes));
      this.views();
    }
    const { inputAt, outAt, counter } = this;
    this.bytes.set(block, inputAt);
    this.bytes.fill(10, inputAt + block.length, inputAt + block.length + blockSlack);
    const end = inputAt + block.length;
    for (let at = inputAt; at <= end; ) {
      this.keepOnlyTheLastMinute();
      this.words[countFlagsAt >> 2] = counter.windowed ? 0 : 1 | (counter.met('combined') ? 2 : 0) | (counter.met('common') ? 4 : 0);
      const records = this.scan(at, end, outAt, outAt + recordsPerScan * recordBytes);
      const words = this.words;
      const starts = this.minuteStarts;
      for (let r = outAt >> 2, last = r + records * (recordBytes >> 2); r < last; r += recordBytes >> 2) {
        // The lines the kernel counted before this one come first.
        if (words[r]! > 3) counter.countedLines(words[r]! >>> 2);
        const kind = words[r]! & 3;
        if (kind === 0) {
          const flags = words[r + 6]!;
          const v4 = flags & 2_048 ? words[r + 3]! >>> 0 : -1;
          const notFoundPath = (flags & 1_023) === 404 ? words[r + 7]! >>> 0 : -1;
          counter.count(block, words[r + 1]! - inputAt, words[r + 2]! - inputAt, v4, starts[words[r + 5]!]!, words[r + 4]!, (flags & 1_024) !== 0, notFoundPath);
        } else if (kind === 1) {
          full(block.toString('latin1', words[r + 1]! - inputAt, words[r + 2]! - inputAt));
        } else {
          blanks(words[r + 1]!);
        }
      }
      this.takeCounted();
      at = words[stopAt >> 2]!;
    }
  }

  /** What the kernel counted in a call, once its records are read: the lines after the last one, the formats, each minute's requests. */
  private takeCounted(): void {
    const { words, counter } = this;
    counter.countedLines(words[countedAt >> 2]!);
    counter.countedFormats(words[countedCombinedAt >> 2]!, words[countedCommonAt >> 2]!);
    words.fill(0, countedAt >> 2, (countedCommonAt >> 2) + 1);
    const counts = this.minuteCountsAt >> 2;
    this.minuteStarts.forEach((start, index) => {
      if (words[counts + index] === 0) return;
      counter.countedRequests(start, words[counts + index]!);
      words[counts + index] = 0;
    });
  }

  /** The kernel names minutes by index into minuteStarts: between calls, only the one it holds is kept. */
  private keepOnlyTheLastMinute(): void {
    const held = this.words[haveMinuteAt >> 2] === 1 ? this.minuteStarts[this.words[minuteIndexAt >> 2]!]! : null;
    this.minuteStarts.length = 0;
    if (held === null) return;
    this.minuteStarts.push(held);
    this.words[minuteIndexAt >> 2] = 0;
  }

  /**
   * A minute other than the last one the kernel read (a log that alternates between two minutes asks
   * on every line): its start's index, or -1 when the CLF time at `t` does not read.
   */
  private minute(t: number): number {
    const time = clfTime(this.bytes.toString('latin1', t, t + 26), 0);
    if (time === null) return -1;
    const second = (this.bytes[t + 18]! - 48) * 10 + this.bytes[t + 19]! - 48;
    const start = time - second * 1_000;
    // The kernel counts its lines where its seconds from the first minute fit the table's words.
    if (Number.isNaN(this.secondsBase)) this.secondsBase = start;
    const seconds = (start - this.secondsBase) / 1_000;
    const fits = Number.isInteger(seconds) && Math.abs(seconds) <= latestSecond;
    this.words[minuteCountableAt >> 2] = fits ? 1 : 0;
    this.words[minuteSecondAt >> 2] = fits ? seconds : 0;
    return this.minuteStarts.push(start) - 1;
  }

  private views(): void {
    this.bytes = Buffer.from(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
    this.view = new DataView(this.memory.buffer);
  }
}
