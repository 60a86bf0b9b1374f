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
 * The time axis's span: from the first finished drill to the last, padded by a twentieth on each
 * side so no point sits on the frame; a single day (or a single drill) is widened to a day either side.
 */
export function timeDomain(runs: readonly DrillHistoryEntry[]): [number, number] {
  const times = runs.map((run) => Date.parse(run.finishedAt));
  const min = Math.min(...times);
  const max = Math.max(...times);
  if (max - min < day) return [min - day, max + day];
  const pad = (max - min) / 20;
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
const timeLabel = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * About `count` ticks at whole days (local midnight) across the domain; when it spans under
 * three days, ticks every few hours instead, labelled with the day at each midnight.
 */
export function timeTicks(domain: [number, number], box: ChartBox, count = 6): TimeTick[] {
  const { x } = chartScales(domain, box);
  const span = domain[1] - domain[0];
  const hour = 3_600_000;
  const stepDays = [1, 2, 7, 14, 28, 91, 182, 364].find((days) => span / (days * day) <= count) ?? Math.ceil(span / day / count);
  const stepHours = span <= 3 * day ? ([1, 2, 3, 6, 12, 24].find((hours) => span / (hours * hour) <= count) ?? 24) : stepDays * 24;
  const first = new Date(domain[0]);
  first.setMinutes(0, 0, 0);
  if (stepHours >= 24) first.setHours(0);
  else first.setHours(Math.ceil(first.getHours() / stepHours) * stepHours);
  const ticks: TimeTick[] = [];
  for (let at = new Date(first); at.getTime() <= domain[1]; at.setHours(at.getHours() + stepHours)) {
    if (at.getTime() < domain[0]) continue;
    const midnight = at.getHours() === 0;
    ticks.push({ x: x(at.getTime()), label: midnight ? dayLabel.format(at) : timeLabel.format(at) });
    if (ticks.length > count * 3) break;
  }
  return ticks;
}
