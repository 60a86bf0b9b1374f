import { memo, useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LogCategory, StoredLogFinding } from '../../../src-main/contract';
import { useLogs } from '../../hooks/stores';
import { useWindowRows } from '../../hooks/useWindowRows';
import type { LogView } from '../../stores/logStore';
import { UserText } from '../common/UserText';
import { IpButton } from './IpButton';
import { categoryLabels, plural, utcStamp, visibleControls } from './logText';
import { PromoteControl } from './PromoteControl';

/** A finding row before it is measured (two lines of excerpt). */
const estimatedRowHeight = 50;
/** Rows asked for ahead of the last one drawn, so a steady scroll never meets a placeholder. */
const loadAhead = 100;
const columns = 5;

interface RowProps {
  incidentId: string;
  finding: StoredLogFinding | undefined;
  index: number;
  tabStop: boolean;
  measure(element: HTMLElement | null): void;
  onFocus(index: number): void;
  onKeyDown(event: KeyboardEvent, index: number): void;
  onPickIp(ip: string): void;
}

/** The file's name: access.log and access.log.1 stay apart, the folder is in the cell's title. */
function fileName(file: string): string {
  return file.split(/[/\\]/).pop() || file;
}

const FindingRow = memo(function FindingRow({ incidentId, finding, index, tabStop, measure, onFocus, onKeyDown, onPickIp }: RowProps) {
  const common = { 'data-index': index, 'aria-rowindex': index + 2, ref: measure, tabIndex: tabStop ? 0 : -1, onFocus: () => onFocus(index), onKeyDown: (event: KeyboardEvent) => onKeyDown(event, index) };
  if (!finding) {
    return (
      <tr className="log-finding placeholder" {...common}>
        <td colSpan={columns} className="muted small">Loading…</td>
      </tr>
    );
  }
  return (
    <tr className={`log-finding severity-${finding.severity}`} {...common} aria-label={`${categoryLabels[finding.category]} at ${finding.file}:${finding.line}`}>
      <td className="small">
        <div className="nowrap">{utcStamp(finding.time)}</div>
        <div className="mono muted file-line" title={`${finding.file}:${finding.line}`}>{fileName(finding.file)}:{finding.line}</div>
      </td>
      <td>
        <span className={`category-tag cat-${finding.category}`}>{categoryLabels[finding.category]}</span>
        <div className={`small severity severity-${finding.severity}`}>{finding.severity}</div>
      </td>
      <td>{finding.ip ? <IpButton ip={finding.ip} onPickIp={onPickIp} /> : <span className="muted">—</span>}</td>
      <td className="excerpt"><Excerpt text={finding.excerpt} /></td>
      <td className="log-actions"><PromoteControl incidentId={incidentId} scanId={finding.scanId} target={{ findingId: finding.id }} label="Promote" /></td>
    </tr>
  );
});

/** Two lines of the excerpt, the whole of it on a click: the attack is often past the address and date. */
function Excerpt({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <button type="button" className={`excerpt-toggle ${open ? 'open' : ''}`} aria-expanded={open} title={open ? 'Show less' : 'Show the whole excerpt'} onClick={() => setOpen(!open)}>
      <UserText className="mono small" text={visibleControls(text)} dir="ltr" />
    </button>
  );
}

/** Room for rows not in the page; hidden from screen readers, which count rows by aria-rowcount. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="row-spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}

/**
 * The scan's findings under the filter, sized for all of them: only the rows on screen are in the page,
 * the rest are spacers, and pages of findings load from the server as the list nears them.
 */
export function LogFindings({ incidentId, view, categories }: { incidentId: string; view: LogView; categories: LogCategory[] }) {
  const loadMore = useLogs((state) => state.loadMore);
  const setFilter = useLogs((state) => state.setFilter);
  const { findings, total, filter } = view;
  // Rows keyed by place, not by finding: a placeholder that loads stays the same row, keeping its focus.
  const { listRef, virtualizer, onKeyDown, onFocusRow, tabStop } = useWindowRows<HTMLTableSectionElement>({ count: total, key: (index) => index, estimateSize: estimatedRowHeight });
  const items = virtualizer.getVirtualItems();
  const lastDrawn = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (view.nextCursor !== null && lastDrawn + loadAhead >= findings.length) void loadMore(incidentId, Math.min(total - 1, lastDrawn + loadAhead));
  }, [incidentId, loadMore, lastDrawn, findings.length, total, view.nextCursor]);

  const pickIp = (ip: string) => void setFilter(incidentId, { ip });
  const toggle = (category: LogCategory) => void setFilter(incidentId, { categories: filter.categories.includes(category) ? filter.categories.filter((chosen) => chosen !== category) : [...filter.categories, category] });
  const margin = virtualizer.options.scrollMargin;
  let drawnTo = 0;
  const rows: ReactNode[] = [];
  for (const item of items) {
    if (item.start - margin > drawnTo) rows.push(<Spacer key={`gap-${item.index}`} height={item.start - margin - drawnTo} />);
    rows.push(<FindingRow key={item.key} incidentId={incidentId} finding={findings[item.index]} index={item.index} tabStop={item.index === tabStop} measure={virtualizer.measureElement} onFocus={onFocusRow} onKeyDown={onKeyDown} onPickIp={pickIp} />);
    drawnTo = item.end - margin;
  }
  if (virtualizer.getTotalSize() > drawnTo) rows.push(<Spacer key="gap-end" height={virtualizer.getTotalSize() - drawnTo} />);

  return (
    <section className="log-panel log-findings" aria-label="Findings">
      <h3>
        Findings <span className="muted small">{plural(total, 'line')}{filter.categories.length || filter.ip ? ' matching the filter' : ''}</span>
      </h3>
      <div className="chips" role="group" aria-label="Filter findings">
        {categories.map((category) => (
          <button key={category} type="button" className={`chip cat-chip cat-${category}`} aria-pressed={filter.categories.includes(category)} onClick={() => toggle(category)}>
            <span className={`swatch cat-${category}`} aria-hidden="true" />{categoryLabels[category]}
          </button>
        ))}
        {filter.ip && (
          <button type="button" className="chip ip-chip" aria-pressed="true" title="Show every address again" onClick={() => void setFilter(incidentId, { ip: null })}>
            only <span className="mono">{filter.ip}</span> ✕
          </button>
        )}
        {(filter.categories.length > 0 || filter.ip) && (
          <button type="button" className="link small" onClick={() => void setFilter(incidentId, { categories: [], ip: null })}>Clear filters</button>
        )}
      </div>
      {view.error && <p className="field-error" role="alert">Findings could not be loaded: {view.error}</p>}
      {total === 0 && !view.loading ? (
        <p className="muted small">{filter.categories.length || filter.ip ? 'No findings match the filter.' : 'No lines flagged.'}</p>
      ) : (
        <table className="log-findings-table" aria-rowcount={total + 1}>
          <colgroup>
            <col className="col-time" /><col className="col-category" /><col className="col-ip" /><col /><col className="col-actions" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}><th scope="col">Time (UTC), file:line</th><th scope="col">Category, severity</th><th scope="col">IP</th><th scope="col">Excerpt</th><th scope="col"><span className="visually-hidden">Promote</span></th></tr>
          </thead>
          <tbody ref={listRef}>{rows}</tbody>
        </table>
      )}
    </section>
  );
}
