import type { DrillHistoryEntry } from '../../../src-main/contract';

export interface HistoryPoint {
  x: number;
  y: number;
  entry: DrillHistoryEntry;
}

export interface HistorySeries {
  drillId: string;
  title: string;
  points: HistoryPoint[];
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TimeTick {
  x: number;
  label: string;
}

const day = 86_400_000;

/** One series per scenario, in the order scenarios first finished, each in time order. */
export function historySeries(runs: readonly DrillHistoryEntry[]): { drillId: string; title: string; entries: DrillHistoryEntry[] }[] {
  const byDrill = new Map<string, DrillHistoryEntry[]>();
  for (const run of [...runs].sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))) {
    const list = byDrill.get(run.drillId) ?? [];
    list.push(run);
    byDrill.set(run.drillId, list);
  }
  return [...byDrill.entries()].map(([drillId, entries]) => ({ drillId, title: entries[entries.length - 1]!.title, entries }));
}

/**
 * The time axis's span: from the first finished drill to the last, padded by a tenth on each side
 * so no point sits on the frame; a single drill (or several at one instant) gets a day either side.
 */
export function timeDomain(runs: readonly DrillHistoryEntry[]): [number, number] {
  const times = runs.map((run) => Date.parse(run.finishedAt));
  const min = Math.min(...times);
  const max = Math.max(...times);
  if (max === min) return [min - day, max + day];
  const pad = (max - min) / 10;
  return [min - pad, max + pad];
}

/** Scores 0..100 bottom to top, times left to right inside the box's margins. */
export function chartScales(domain: [number, number], box: ChartBox) {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = (ms: number) => box.left + ((ms - domain[0]) / (domain[1] - domain[0])) * plotWidth;
  const y = (score: number) => box.top + plotHeight - (Math.min(100, Math.max(0, score)) / 100) * plotHeight;
  return { x, y };
}

/** Series with their points placed in the box. */
export function placeSeries(runs: readonly DrillHistoryEntry[], box: ChartBox): HistorySeries[] {
  if (runs.length === 0) return [];
  const { x, y } = chartScales(timeDomain(runs), box);
  return historySeries(runs).map(({ drillId, title, entries }) => ({ drillId, title, points: entries.map((entry) => ({ x: x(Date.parse(entry.finishedAt)), y: y(entry.overall), entry })) }));
}

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const timeLabel = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const minute = 60_000;
const hour = 60 * minute;
/** Tick spacings a reader counts in: minutes, hours, days, weeks, months. */
const steps = [minute, 5 * minute, 15 * minute, 30 * minute, hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 14 * day, 28 * day, 91 * day, 182 * day, 364 * day];

/** The first local time at or after `ms` that is a whole multiple of `step` (from local midnight). */
function firstTick(ms: number, step: number): Date {
  const at = new Date(ms);
  at.setHours(0, 0, 0, 0);
  if (step >= day) {
    if (at.getTime() < ms) at.setDate(at.getDate() + 1);
    return at;
  }
  const sinceMidnight = ms - at.getTime();
  return new Date(at.getTime() + Math.ceil(sinceMidnight / step) * step);
}

/**
 * At most `count` ticks at round local times across the domain (whole minutes, hours or days);
 * a midnight reads as its date, other ticks as a time, the first of them with its date too.
 * Drills finished within a minute of each other get one tick, at the first, with its date and time.
 */
export function timeTicks(domain: [number, number], box: ChartBox, count = 6): TimeTick[] {
  const { x } = chartScales(domain, box);
  const span = domain[1] - domain[0];
  const step = steps.find((candidate) => span / candidate <= count) ?? Math.ceil(span / day / count) * day;
  const ticks: TimeTick[] = [];
  for (let at = firstTick(domain[0], step); at.getTime() <= domain[1]; ) {
    const midnight = at.getHours() === 0 && at.getMinutes() === 0;
    ticks.push({ x: x(at.getTime()), label: midnight ? dayLabel.format(at) : `${ticks.length === 0 ? `${dayLabel.format(at)} ` : ''}${timeLabel.format(at)}` });
    if (step >= day) at.setDate(at.getDate() + Math.round(step / day));
    else at = new Date(at.getTime() + step);
  }
  if (ticks.length === 0) {
    const middle = new Date((domain[0] + domain[1]) / 2);
    ticks.push({ x: x(middle.getTime()), label: `${dayLabel.format(middle)} ${timeLabel.format(middle)}` });
  }
  return ticks;
}
