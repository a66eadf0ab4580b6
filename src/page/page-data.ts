// What the page carries as JSON for its script: each interactive table's row
// facts (the filters decide on these, not on the cells), and the choices the forms
// offer. The tables themselves are in
// the page's HTML, so they show before (and without) the script.

import type { ExplainAnswer, ExplainInputs, GpuChoice } from './engine.js';
import type { RowFacts } from './filters.js';

export type PageTableId = 'standard' | 'prefill' | 'decode';

export interface PageTable {
  readonly id: PageTableId;
  /** Column keys, in the table's order. */
  readonly columns: readonly string[];
  /** One per row of the table body, in the document's order. */
  readonly rows: readonly RowFacts[];
}

export interface PageData {
  readonly schemaVersion: 1;
  readonly tables: readonly PageTable[];
  readonly choices: {
    readonly gpus: readonly GpuChoice[];
    /** Model dtypes the backends list (torch names). */
    readonly dtypes: readonly string[];
    /** KV-cache dtypes the backends list. */
    readonly kvCacheDtypes: readonly string[];
    /** Backends an explicit choice can name (the registry's). */
    readonly backends: readonly string[];
  };
  /**
   * The answer for the panel's default question, computed when the page was
   * made by the same engine on the same embedded files: shown at once, then
   * computed again in the page.
   */
  readonly initialAnswer: { readonly inputs: ExplainInputs; readonly answer: ExplainAnswer } | null;
}
