import { hashSeed, mix } from './tableHash';

/**
 * One source address in one clock minute, as correlation reads it. Times are epoch ms of the first
 * and last line of each kind, so aggregates can say exactly when a pattern started and ended;
 * failures and 429s are also counted per second (in minutes with more than one), so a window slides
 * by the second and a burst across a minute boundary is not cut in two.
 */
export interface IpMinute {
  /** 401/403 and auth-failure hits. */
  failures: number;
  failFirst: number;
  failLast: number;
  /** Null while the minute has at most one (its second is failFirst's): most cells hold one line. */
  failBySecond: Uint32Array | null;
  /** 429s and rate-limit hits. */
  limited: number;
  limitFirst: number;
  limitLast: number;
  /** Null while the minute has at most one, as failBySecond. */
  limitBySecond: Uint32Array | null;
  /** Hashes of the distinct paths answered 404: one as a number, more (at most notFoundCap) as a set, none as an empty set. */
  notFound: number | ReadonlySet<number>;
  notFoundFirst: number;
  notFoundLast: number;
}

/** Failures or 429s: a column each. */
interface KindColumns {
  count: Uint32Array;
  /** Ms into the cell's minute (0–59,999) of its first and last line of the kind. */
  first: Uint16Array;
  last: Uint16Array;
  /** Index in `seconds` of the cell's count per second; -1 while it has at most one line. */
  seconds: Int32Array;
}

/** pageCells cells as columns. */
interface CellPage {
  /** The cell before it of the same address (-1: none). */
  previous: Int32Array;
  address: Int32Array;
  /** Epoch ms / 60,000. */
  minute: Float64Array;
  failed: KindColumns;
  limited: KindColumns;
  /** Distinct paths answered 404, up to notFoundCap. */
  notFoundCount: Uint16Array;
  notFoundFirst: Uint16Array;
  notFoundLast: Uint16Array;
  /** The one path's hash while notFoundCount is 1; from 2, the index of the cell's set in `pathSets`. */
  notFoundPaths: Uint32Array;
}

/**
 * Every (address, minute) cell of a scan, in pages of typed-array columns. A gigabyte of access logs
 * holds a few hundred thousand of them (a minute in which an address had a failure, a 429 or a 404):
 * as an object each, in a Map per address, they were 290 bytes apiece and most of a large scan's
 * memory; here they are about 60, and pages are added, never copied to grow, so a growing table
 * leaves no garbage behind. Plain data, so a worker hands it back by structured clone.
 */
export interface IpMinuteCells {
  size: number;
  pages: CellPage[];
  /** Addresses in the order their first cell came; cells name theirs by index. */
  addresses: string[];
  addressIndex: Map<string, number>;
  /** Per address, its newest cell. */
  newest: number[];
  /** Per-second counts of the cells with more than one failure or 429. */
  seconds: Uint32Array[];
  pathSets: Set<number>[];
  /** Open addressing on (address, minute): cell + 1, 0 free; a power of two, at most half full. */
  slots: Int32Array;
  seed: number;
}

/** More distinct 404 paths than any sensible scanning threshold in one minute; the count is then a floor. */
export const notFoundCap = 512;

const minuteMs = 60_000;

// 4,096 cells a page (200 KB, 50 bytes a cell): a small scan holds one, a gigabyte's a few dozen.
const pageBits = 12;
const pageMask = (1 << pageBits) - 1;

export function createIpMinuteCells(): IpMinuteCells {
  return { size: 0, pages: [], addresses: [], addressIndex: new Map(), newest: [], seconds: [], pathSets: [], slots: new Int32Array(1_024), seed: hashSeed() };
}

function newPage(): CellPage {
  const size = 1 << pageBits;
  const kind = (): KindColumns => ({ count: new Uint32Array(size), first: new Uint16Array(size), last: new Uint16Array(size), seconds: new Int32Array(size) });
  return {
    previous: new Int32Array(size),
    address: new Int32Array(size),
    minute: new Float64Array(size),
    failed: kind(),
    limited: kind(),
    notFoundCount: new Uint16Array(size),
    notFoundFirst: new Uint16Array(size),
    notFoundLast: new Uint16Array(size),
    notFoundPaths: new Uint32Array(size),
  };
}

const pageOf = (cells: IpMinuteCells, cell: number) => cells.pages[cell >>> pageBits]!;

/** The cell's minute (epoch ms / 60,000). */
export function minuteOf(cells: IpMinuteCells, cell: number): number {
  return pageOf(cells, cell).minute[cell & pageMask]!;
}

/** Failures, 429s and distinct 404 paths of some cells together: whether any window of them can reach a threshold. */
export function cellTotals(cells: IpMinuteCells, held: readonly number[]): { failures: number; limited: number; paths: number } {
  const totals = { failures: 0, limited: 0, paths: 0 };
  for (const cell of held) {
    const page = pageOf(cells, cell);
    const at = cell & pageMask;
    totals.failures += page.failed.count[at]!;
    totals.limited += page.limited.count[at]!;
    totals.paths += page.notFoundCount[at]!;
  }
  return totals;
}

/** The second within its minute (0–59) of an epoch-ms time. */
export function secondOf(time: number): number {
  return Math.floor((time - Math.floor(time / minuteMs) * minuteMs) / 1_000);
}

/**
 * A cell's per-second counts: its array, or built from its one line's time (a cell with a single
 * failure or 429 keeps no array); null when it has none.
 */
export function bySeconds(count: number, seconds: Uint32Array | null, first: number): Uint32Array | null {
  if (seconds !== null || count === 0) return seconds;
  const built = new Uint32Array(60);
  built[secondOf(first)] = count;
  return built;
}

/** How many distinct paths a cell saw answered 404. */
export function pathCount(paths: IpMinute['notFound']): number {
  return typeof paths === 'number' ? 1 : paths.size;
}

/** The cell of `ip` in `minute`, made empty when there is none. */
export function cellOf(cells: IpMinuteCells, ip: string, minute: number): number {
  let address = cells.addressIndex.get(ip);
  if (address === undefined) {
    address = cells.addresses.push(ip) - 1;
    cells.addressIndex.set(ip, address);
    cells.newest.push(-1);
  }
  const mask = cells.slots.length - 1;
  for (let slot = slotOf(cells, address, minute) & mask; ; slot = (slot + 1) & mask) {
    const held = cells.slots[slot]! - 1;
    if (held < 0) break;
    const page = pageOf(cells, held);
    if (page.address[held & pageMask] === address && page.minute[held & pageMask] === minute) return held;
  }
  const cell = cells.size;
  if ((cell & pageMask) === 0) cells.pages.push(newPage());
  cells.size += 1;
  const page = pageOf(cells, cell);
  const at = cell & pageMask;
  page.address[at] = address;
  page.minute[at] = minute;
  page.previous[at] = cells.newest[address]!;
  cells.newest[address] = cell;
  page.failed.seconds[at] = -1;
  page.limited.seconds[at] = -1;
  if (cells.size * 2 > cells.slots.length) growSlots(cells);
  else place(cells, cell);
  return cell;
}

/** A failure (401/403, an auth-failure hit) at `time` in the cell. */
export function countFailure(cells: IpMinuteCells, cell: number, time: number): void {
  countKind(cells, pageOf(cells, cell).failed, cell, time);
}

/** A 429 or rate-limit hit at `time` in the cell. */
export function countLimited(cells: IpMinuteCells, cell: number, time: number): void {
  countKind(cells, pageOf(cells, cell).limited, cell, time);
}

function countKind(cells: IpMinuteCells, kind: KindColumns, cell: number, time: number): void {
  const at = cell & pageMask;
  const offset = time - minuteOf(cells, cell) * minuteMs;
  const count = kind.count[at]!;
  if (count === 0) {
    kind.first[at] = offset;
    kind.last[at] = offset;
  } else {
    // The one line's counts, from its offset (read as a time in minute 0: the same second).
    if (count === 1) kind.seconds[at] = cells.seconds.push(bySeconds(1, null, kind.first[at]!)!) - 1;
    if (offset < kind.first[at]!) kind.first[at] = offset;
    if (offset > kind.last[at]!) kind.last[at] = offset;
  }
  kind.count[at] = count + 1;
  if (count > 0) cells.seconds[kind.seconds[at]!]![Math.floor(offset / 1_000)]! += 1;
}

/** A 404 of the path hashed `pathHash` at `time` in the cell. */
export function countNotFound(cells: IpMinuteCells, cell: number, time: number, pathHash: number): void {
  const page = pageOf(cells, cell);
  const at = cell & pageMask;
  const offset = time - page.minute[at]! * minuteMs;
  const count = page.notFoundCount[at]!;
  if (count === 0 || offset < page.notFoundFirst[at]!) page.notFoundFirst[at] = offset;
  if (count === 0 || offset > page.notFoundLast[at]!) page.notFoundLast[at] = offset;
  addPath(cells, page, at, pathHash);
}

function addPath(cells: IpMinuteCells, page: CellPage, at: number, pathHash: number): void {
  const count = page.notFoundCount[at]!;
  if (count === 0) {
    page.notFoundPaths[at] = pathHash;
    page.notFoundCount[at] = 1;
  } else if (count === 1) {
    const held = page.notFoundPaths[at]!;
    if (held === pathHash) return;
    page.notFoundPaths[at] = cells.pathSets.push(new Set([held, pathHash])) - 1;
    page.notFoundCount[at] = 2;
  } else if (count < notFoundCap) {
    const set = cells.pathSets[page.notFoundPaths[at]!]!;
    set.add(pathHash);
    page.notFoundCount[at] = set.size;
  }
}

/** The hashes of the distinct paths a cell saw answered 404. */
function pathsOf(cells: IpMinuteCells, page: CellPage, at: number): number | ReadonlySet<number> {
  const count = page.notFoundCount[at]!;
  if (count === 0) return noPaths;
  return count === 1 ? page.notFoundPaths[at]! : cells.pathSets[page.notFoundPaths[at]!]!;
}
const noPaths: ReadonlySet<number> = new Set();

/** The cell as correlation reads it. */
export function ipMinuteAt(cells: IpMinuteCells, cell: number): IpMinute {
  const page = pageOf(cells, cell);
  const at = cell & pageMask;
  const base = page.minute[at]! * minuteMs;
  const { failed, limited } = page;
  const timeOf = (count: number, offset: number) => (count === 0 ? 0 : base + offset);
  const secondsOf = (kind: KindColumns) => (kind.seconds[at]! < 0 ? null : cells.seconds[kind.seconds[at]!]!);
  return {
    failures: failed.count[at]!,
    failFirst: timeOf(failed.count[at]!, failed.first[at]!),
    failLast: timeOf(failed.count[at]!, failed.last[at]!),
    failBySecond: secondsOf(failed),
    limited: limited.count[at]!,
    limitFirst: timeOf(limited.count[at]!, limited.first[at]!),
    limitLast: timeOf(limited.count[at]!, limited.last[at]!),
    limitBySecond: secondsOf(limited),
    notFound: pathsOf(cells, page, at),
    notFoundFirst: timeOf(page.notFoundCount[at]!, page.notFoundFirst[at]!),
    notFoundLast: timeOf(page.notFoundCount[at]!, page.notFoundLast[at]!),
  };
}

/** Each address's cells, newest first. */
export function* addressCells(cells: IpMinuteCells): Generator<[ip: string, cells: number[]]> {
  for (let address = 0; address < cells.addresses.length; address += 1) {
    const held: number[] = [];
    for (let cell = cells.newest[address]!; cell >= 0; cell = pageOf(cells, cell).previous[cell & pageMask]!) held.push(cell);
    yield [cells.addresses[address]!, held];
  }
}

/** Every cell of `from` added to `into`'s of the same address and minute. */
export function mergeCells(into: IpMinuteCells, from: IpMinuteCells): void {
  for (let cell = 0; cell < from.size; cell += 1) {
    const source = pageOf(from, cell);
    const at = cell & pageMask;
    const held = cellOf(into, from.addresses[source.address[at]!]!, source.minute[at]!);
    const target = pageOf(into, held);
    const heldAt = held & pageMask;
    mergeKind(into, target.failed, heldAt, from, source.failed, at);
    mergeKind(into, target.limited, heldAt, from, source.limited, at);
    const count = source.notFoundCount[at]!;
    if (count === 0) continue;
    const first = source.notFoundFirst[at]!;
    const last = source.notFoundLast[at]!;
    if (target.notFoundCount[heldAt] === 0 || first < target.notFoundFirst[heldAt]!) target.notFoundFirst[heldAt] = first;
    if (target.notFoundCount[heldAt] === 0 || last > target.notFoundLast[heldAt]!) target.notFoundLast[heldAt] = last;
    const paths = pathsOf(from, source, at);
    if (typeof paths === 'number') addPath(into, target, heldAt, paths);
    else for (const hash of paths) addPath(into, target, heldAt, hash);
  }
}

/** One kind of a cell of `from` (at `at` of its page) added to a cell of `into` (at `heldAt` of its page). */
function mergeKind(into: IpMinuteCells, intoKind: KindColumns, heldAt: number, from: IpMinuteCells, fromKind: KindColumns, at: number): void {
  const adding = fromKind.count[at]!;
  if (adding === 0) return;
  const count = intoKind.count[heldAt]!;
  const fromSeconds = fromKind.seconds[at]! < 0 ? null : from.seconds[fromKind.seconds[at]!]!;
  if (count === 0) {
    intoKind.count[heldAt] = adding;
    intoKind.first[heldAt] = fromKind.first[at]!;
    intoKind.last[heldAt] = fromKind.last[at]!;
    intoKind.seconds[heldAt] = fromSeconds ? into.seconds.push(fromSeconds.slice()) - 1 : -1;
    return;
  }
  // Arrays of single-line cells are made from their first time, before it moves.
  if (count === 1) intoKind.seconds[heldAt] = into.seconds.push(bySeconds(1, null, intoKind.first[heldAt]!)!) - 1;
  const sum = into.seconds[intoKind.seconds[heldAt]!]!;
  if (fromSeconds) for (let second = 0; second < 60; second += 1) sum[second]! += fromSeconds[second]!;
  else sum[Math.floor(fromKind.first[at]! / 1_000)]! += 1;
  intoKind.count[heldAt] = count + adding;
  if (fromKind.first[at]! < intoKind.first[heldAt]!) intoKind.first[heldAt] = fromKind.first[at]!;
  if (fromKind.last[at]! > intoKind.last[heldAt]!) intoKind.last[heldAt] = fromKind.last[at]!;
}

function slotOf(cells: IpMinuteCells, address: number, minute: number): number {
  return mix(Math.imul(address ^ cells.seed, 0x9e3779b1) ^ mix((minute | 0) + cells.seed));
}

function place(cells: IpMinuteCells, cell: number): void {
  const mask = cells.slots.length - 1;
  const page = pageOf(cells, cell);
  let slot = slotOf(cells, page.address[cell & pageMask]!, page.minute[cell & pageMask]!) & mask;
  while (cells.slots[slot] !== 0) slot = (slot + 1) & mask;
  cells.slots[slot] = cell + 1;
}

function growSlots(cells: IpMinuteCells): void {
  cells.slots = new Int32Array(cells.slots.length * 2);
  for (let cell = 0; cell < cells.size; cell += 1) place(cells, cell);
}
