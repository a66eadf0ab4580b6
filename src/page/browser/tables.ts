// The backend tables: rows hidden or shown by the filters (decided on each
// row's facts from the page data), sorted by a column on demand.

import { rowVerdict, type RowFilter, type Verdict } from '../filters.js';
import type { PageTable } from '../page-data.js';
import type { SortState } from '../hash-state.js';
import { byId, h } from './dom.js';

const UNSURE_NOTE = 'unsure-note';

interface TableView {
  readonly data: PageTable;
  readonly table: HTMLTableElement;
  readonly body: HTMLTableSectionElement;
  /** Rows in the document's order. */
  readonly rows: readonly HTMLTableRowElement[];
}

export class Tables {
  private readonly views: TableView[];

  constructor(tables: readonly PageTable[], onSort: (table: string, sort: SortState | null) => void) {
    this.views = tables.map((data) => {
      const table = byId<HTMLTableElement>(`table-${data.id}`);
      const body = table.tBodies[0];
      const rows = [...body.rows].sort((a, b) => Number(a.dataset.row) - Number(b.dataset.row));
      return { data, table, body, rows };
    });
    for (const view of this.views) {
      for (const th of view.table.tHead?.querySelectorAll<HTMLTableCellElement>('th[data-column]') ?? []) {
        th.querySelector('button')?.addEventListener('click', () => {
          const column = th.dataset.column ?? '';
          const now = th.getAttribute('aria-sort');
          const next: SortState | null =
            now === 'ascending'
              ? { column, direction: 'descending' }
              : now === 'descending'
                ? null
                : { column, direction: 'ascending' };
          this.sort(view.data.id, next);
          onSort(view.data.id, next);
        });
      }
    }
  }

  /** Shows the rows the filter admits; marks those it cannot decide. Returns [shown, total] over all tables. */
  filter(filter: RowFilter): [number, number] {
    let shown = 0;
    let total = 0;
    for (const view of this.views) {
      let here = 0;
      view.rows.forEach((row, i) => {
        const verdict: Verdict = rowVerdict(view.data.rows[i], filter);
        row.hidden = verdict === 'no';
        row.classList.toggle('unsure', verdict === 'unknown');
        const note = row.querySelector(`.${UNSURE_NOTE}`);
        if (verdict === 'unknown' && note === null)
          row.cells[0].append(h('span', { class: UNSURE_NOTE }, ' (cannot tell: a fact is not a number)'));
        if (verdict !== 'unknown') note?.remove();
        if (verdict !== 'no') here++;
      });
      const count = view.table.querySelector('[data-shown]');
      if (count !== null) count.textContent = `(${here} of ${view.rows.length} rows)`;
      shown += here;
      total += view.rows.length;
    }
    return [shown, total];
  }

  /** Orders a table's rows by a column's text (numbers by value), or back to the document's order. */
  sort(tableId: string, sort: SortState | null): void {
    const view = this.views.find((v) => v.data.id === tableId);
    if (view === undefined) return;
    const index = sort === null ? -1 : view.data.columns.indexOf(sort.column);
    for (const th of view.table.tHead?.querySelectorAll('th[data-column]') ?? [])
      th.setAttribute(
        'aria-sort',
        sort !== null && th.getAttribute('data-column') === sort.column ? sort.direction : 'none',
      );
    const rows = [...view.rows];
    if (index >= 0 && sort !== null) {
      const text = (row: HTMLTableRowElement): string => row.cells[index]?.textContent?.trim() ?? '';
      const sign = sort.direction === 'ascending' ? 1 : -1;
      rows.sort((a, b) => sign * text(a).localeCompare(text(b), 'en', { numeric: true }));
    }
    view.body.append(...rows);
  }

  has(tableId: string, column: string): boolean {
    return this.views.some((v) => v.data.id === tableId && v.data.columns.includes(column));
  }
}
