import { memo, type KeyboardEvent, type ReactNode } from 'react';
import { useWindowRows } from '../../hooks/useWindowRows';

export interface SupplyColumn {
  header: ReactNode;
  /** A `<col>` class that fixes its width; the others share what is left. */
  className?: string;
}

interface Props<Row> {
  label: string;
  columns: SupplyColumn[];
  rows: readonly Row[];
  rowKey(row: Row, index: number): string;
  /** The row's cells; a heading row returns one `<th colSpan>`. */
  cells(row: Row): ReactNode;
  rowClass?(row: Row): string;
  /** What a screen reader says for the focused row. */
  rowLabel?(row: Row): string;
  /** Estimated row height before measuring (two lines of text). */
  estimate?: number;
  /** Rows always drawn (the first group's heading and a few findings), so the first screen never waits. */
  keepFirst?: number;
}

interface RowProps {
  index: number;
  tabStop: boolean;
  className: string;
  label: string | undefined;
  measure(element: HTMLElement | null): void;
  onFocus(index: number): void;
  onKeyDown(event: KeyboardEvent, index: number): void;
  children: ReactNode;
}

const TableRow = memo(function TableRow({ index, tabStop, className, label, measure, onFocus, onKeyDown, children }: RowProps) {
  return (
    <tr className={`supply-row ${className}`} data-index={index} aria-rowindex={index + 2} aria-label={label} ref={measure} tabIndex={tabStop ? 0 : -1} onFocus={() => onFocus(index)} onKeyDown={(event) => onKeyDown(event, index)}>
      {children}
    </tr>
  );
});

/**
 * A table sized for all its rows with only those on screen in the page (lockfile drift of a big
 * monorepo has thousands), walked with the arrows, Page Up/Down, Home and End like the Logs findings.
 */
export function SupplyTable<Row>({ label, columns, rows, rowKey, cells, rowClass, rowLabel, estimate = 44, keepFirst = 12 }: Props<Row>) {
  const { listRef, virtualizer, onKeyDown, onFocusRow, tabStop } = useWindowRows<HTMLTableSectionElement>({ count: rows.length, key: (index) => rowKey(rows[index]!, index), estimateSize: estimate, keepFirst });
  const margin = virtualizer.options.scrollMargin;
  let drawnTo = 0;
  const drawn: ReactNode[] = [];
  const spacer = (key: string, height: number) => (
    <tr key={key} className="row-spacer" aria-hidden="true">
      <td colSpan={columns.length} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
  for (const item of virtualizer.getVirtualItems()) {
    const row = rows[item.index];
    if (row === undefined) continue;
    if (item.start - margin > drawnTo) drawn.push(spacer(`gap-${item.index}`, item.start - margin - drawnTo));
    drawn.push(
      <TableRow key={item.key} index={item.index} tabStop={item.index === tabStop} className={rowClass?.(row) ?? ''} label={rowLabel?.(row)} measure={virtualizer.measureElement} onFocus={onFocusRow} onKeyDown={onKeyDown}>
        {cells(row)}
      </TableRow>,
    );
    drawnTo = item.end - margin;
  }
  if (virtualizer.getTotalSize() > drawnTo) drawn.push(spacer('gap-end', virtualizer.getTotalSize() - drawnTo));

  return (
    <table className="supply-table" aria-label={label} aria-rowcount={rows.length + 1}>
      <colgroup>
        {columns.map((column, index) => <col key={index} className={column.className} />)}
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          {columns.map((column, index) => <th key={index} scope="col">{column.header}</th>)}
        </tr>
      </thead>
      <tbody ref={listRef}>{drawn}</tbody>
    </table>
  );
}
