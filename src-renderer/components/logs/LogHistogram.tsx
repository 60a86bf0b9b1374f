import type { LogCategory, LogHistogram as Histogram } from '../../../src-main/contract';
import { categoryLabels, categoryOrder, plural, utcClock } from './logText';

// The drawing's own units; the SVG scales to its box (text with it), so these fix proportions only.
const width = 960;
const height = 220;
const plot = { left: 44, right: 8, top: 10, bottom: 34 };
const xTicks = 6;
/** A category with any hits in a bucket stays visible next to a burst a hundred times its size. */
const minSegment = 3;

function bucketTotal(counts: Partial<Record<LogCategory, number>>): number {
  return Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** A rounded-up axis maximum (1, 2, 5 × 10ⁿ) so the ticks read as plain numbers. */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function bucketText(start: string, counts: Partial<Record<LogCategory, number>>): string {
  const parts = categoryOrder.filter((category) => counts[category]).map((category) => `${counts[category]} ${categoryLabels[category]}`);
  return `${start.slice(0, 10)} ${utcClock(start)} UTC: ${parts.join(', ')}`;
}

/**
 * Hits per time bucket, one stacked bar per bucket coloured by category: the shape of an attack
 * (a burst, a slow crawl, when it started) at a glance. Screen readers get a one-sentence summary and
 * a table of the buckets with hits.
 */
export function LogHistogram({ histogram }: { histogram: Histogram }) {
  const { buckets, bucketMinutes } = histogram;
  const totals = buckets.map((bucket) => bucketTotal(bucket.counts));
  const hits = totals.reduce((sum, count) => sum + count, 0);
  if (hits === 0) return <p className="muted small">No flagged lines to chart.</p>;
  const present = categoryOrder.filter((category) => buckets.some((bucket) => bucket.counts[category]));
  const byCategory = present.map((category) => `${buckets.reduce((sum, bucket) => sum + (bucket.counts[category] ?? 0), 0)} ${categoryLabels[category]}`);
  const peak = Math.max(...totals);
  const peakAt = buckets[totals.indexOf(peak)]!.start;
  const unit = bucketMinutes === 1 ? 'minute' : `${bucketMinutes} minutes`;
  const first = buckets[0]!.start;
  const last = buckets[buckets.length - 1]!.start;
  const summary = `Hits per ${unit} by category, ${first.slice(0, 10)} ${utcClock(first)} to ${last.slice(0, 10) === first.slice(0, 10) ? '' : `${last.slice(0, 10)} `}${utcClock(last)} UTC: ${byCategory.join(', ')}. Peak ${peak} at ${utcClock(peakAt)} UTC.`;

  const top = niceMax(peak);
  const plotWidth = width - plot.left - plot.right;
  const plotHeight = height - plot.top - plot.bottom;
  const slot = plotWidth / buckets.length;
  const barWidth = Math.max(1, slot * (buckets.length > 120 ? 1 : 0.8));
  const y = (value: number) => plot.top + plotHeight - (value / top) * plotHeight;
  const tickEvery = Math.max(1, Math.ceil(buckets.length / xTicks));
  const spansDays = first.slice(0, 10) !== last.slice(0, 10);

  return (
    <figure className="log-histogram">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} className="histogram-svg">
        {[0, top / 2, top].map((value) => (
          <g key={value} className="y-tick">
            <line x1={plot.left} x2={width - plot.right} y1={y(value)} y2={y(value)} />
            <text x={plot.left - 6} y={y(value)} dy="0.35em" textAnchor="end">{Number.isInteger(value) ? value : value.toFixed(1)}</text>
          </g>
        ))}
        {buckets.map((bucket, index) => {
          let stacked = 0;
          const x = plot.left + index * slot + (slot - barWidth) / 2;
          return (
            <g key={bucket.start} className="bar">
              <title>{bucketText(bucket.start, bucket.counts)}</title>
              {present.map((category) => {
                const count = bucket.counts[category] ?? 0;
                if (!count) return null;
                const segment = Math.max(minSegment, (count / top) * plotHeight);
                stacked += segment;
                return <rect key={category} className={`cat-${category}`} x={x} width={barWidth} y={y(0) - stacked} height={segment} />;
              })}
            </g>
          );
        })}
        <line className="x-axis" x1={plot.left} x2={width - plot.right} y1={y(0)} y2={y(0)} />
        {buckets.map((bucket, index) =>
          index % tickEvery === 0 ? (
            <text key={bucket.start} className="x-tick" x={plot.left + index * slot + slot / 2} y={height - plot.bottom + 16} textAnchor="middle">
              {spansDays || index === 0 ? `${bucket.start.slice(5, 10)} ` : ''}{utcClock(bucket.start)}
            </text>
          ) : null,
        )}
        <text className="axis-title" x={width - plot.right} y={height - 4} textAnchor="end">time (UTC), {plural(bucketMinutes, 'minute')} a bar</text>
      </svg>
      <figcaption>
        <ul className="histogram-legend" aria-label="Categories">
          {present.map((category) => (
            <li key={category}><span className={`swatch cat-${category}`} aria-hidden="true" />{categoryLabels[category]}</li>
          ))}
        </ul>
      </figcaption>
      <table className="visually-hidden">
        <caption>Hits per {unit} by category (UTC)</caption>
        <thead><tr><th scope="col">From</th>{present.map((category) => <th key={category} scope="col">{categoryLabels[category]}</th>)}</tr></thead>
        <tbody>
          {buckets.map((bucket, index) =>
            totals[index] ? (
              <tr key={bucket.start}><th scope="row">{bucket.start.slice(0, 10)} {utcClock(bucket.start)}</th>{present.map((category) => <td key={category}>{bucket.counts[category] ?? 0}</td>)}</tr>
            ) : null,
          )}
        </tbody>
      </table>
    </figure>
  );
}
