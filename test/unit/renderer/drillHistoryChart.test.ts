import { describe, expect, it } from 'vitest';
import type { DrillHistoryEntry } from '../../../src-main/contract';
import { chartScales, placeSeries, timeDomain, timeTicks, type ChartBox } from '../../../src-renderer/components/drills/historyChart';

const box: ChartBox = { width: 960, height: 280, left: 48, right: 16, top: 12, bottom: 40 };
const day = 86_400_000;
const entry = (drillId: string, finishedAt: string, overall: number): DrillHistoryEntry => ({ incidentId: `INC-${drillId}-${finishedAt}`, drillId, title: `Drill ${drillId}`, startedAt: finishedAt, finishedAt, overall, objectives: [] });

describe('the drill history chart', () => {
  it('puts 0 on the axis and 100 at the top, times left to right inside the margins', () => {
    const { x, y } = chartScales([0, 1000], box);
    expect(y(0)).toBe(box.height - box.bottom);
    expect(y(100)).toBe(box.top);
    expect(y(50)).toBe((box.height - box.bottom + box.top) / 2);
    expect(x(0)).toBe(box.left);
    expect(x(1000)).toBe(box.width - box.right);
    // A score out of range stays on the chart.
    expect(y(130)).toBe(box.top);
  });

  it('draws one line per scenario, its points in time order, whatever order the runs come in', () => {
    const runs = [entry('b', '2026-10-10T10:00:00.000Z', 70), entry('a', '2026-10-01T10:00:00.000Z', 40), entry('a', '2026-10-20T10:00:00.000Z', 90), entry('a', '2026-10-05T10:00:00.000Z', 60)];
    const series = placeSeries(runs, box);
    expect(series.map((line) => line.drillId)).toEqual(['a', 'b']);
    const a = series[0]!.points;
    expect(a.map((point) => point.entry.overall)).toEqual([40, 60, 90]);
    expect(a[0]!.x).toBeLessThan(a[1]!.x);
    expect(a[1]!.x).toBeLessThan(a[2]!.x);
    // A higher score is higher up (a smaller y).
    expect(a[2]!.y).toBeLessThan(a[0]!.y);
    for (const point of series.flatMap((line) => line.points)) {
      expect(point.x).toBeGreaterThan(box.left);
      expect(point.x).toBeLessThan(box.width - box.right);
    }
  });

  it('gives a single drill a day either side, so its point sits mid-chart, not on the frame', () => {
    const only = entry('a', '2026-10-01T10:00:00.000Z', 80);
    expect(timeDomain([only])).toEqual([Date.parse(only.finishedAt) - day, Date.parse(only.finishedAt) + day]);
    const [point] = placeSeries([only], box)[0]!.points;
    expect(point!.x).toBeCloseTo((box.left + box.width - box.right) / 2);
  });

  it('labels the time axis with a handful of ticks inside the plot', () => {
    const runs = [entry('a', '2026-09-02T10:00:00.000Z', 40), entry('a', '2026-11-01T10:00:00.000Z', 90)];
    const ticks = timeTicks(timeDomain(runs), box);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const tick of ticks) {
      expect(tick.x).toBeGreaterThanOrEqual(box.left);
      expect(tick.x).toBeLessThanOrEqual(box.width - box.right);
      expect(tick.label).not.toBe('');
    }
  });

  it('spreads drills finished minutes apart across the chart, with ticks at round times', () => {
    const runs = [entry('a', '2026-10-01T10:00:00.000Z', 40), entry('a', '2026-10-01T10:20:00.000Z', 60), entry('b', '2026-10-01T10:40:00.000Z', 90)];
    const points = placeSeries(runs, box).flatMap((line) => line.points);
    const plotWidth = box.width - box.left - box.right;
    // A tenth of padding each side: the first and last sit at 1/12 and 11/12 of the plot.
    expect(points[0]!.x).toBeCloseTo(box.left + plotWidth / 12);
    expect(points[2]!.x).toBeCloseTo(box.left + (plotWidth * 11) / 12);
    const ticks = timeTicks(timeDomain(runs), box);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
    // Minutes in the labels, never seconds.
    for (const tick of ticks) expect(tick.label).toMatch(/\d{2}:\d{2}$|^\d{1,2} \w+$|^\w+ \d{1,2}$/);
  });

  it('still labels the axis when every drill finished within the same minute', () => {
    const runs = [entry('a', '2026-10-01T10:00:01.000Z', 40), entry('b', '2026-10-01T10:00:09.000Z', 60)];
    const ticks = timeTicks(timeDomain(runs), box);
    expect(ticks.length).toBe(1);
    expect(ticks[0]!.label).toMatch(/\d{2}:\d{2}$/);
    const points = placeSeries(runs, box).flatMap((line) => line.points);
    expect(points[1]!.x - points[0]!.x).toBeGreaterThan(500);
  });
});
