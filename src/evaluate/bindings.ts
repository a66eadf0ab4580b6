// Two kinds of namespace entry that are not values: a name imported lazily
// (resolved on first read) and a name whose binding statement could not be
// evaluated (raising its Unknown on read). The runtime's resolveEntry() turns
// them into a value or an UnknownSignal wherever a namespace is read, so
// neither escapes into an expression.

import { PyObject, type SourceRef } from './objects.js';
import type { Unknown } from './unknown.js';

/** `from m import x` (attr 'x') or `import m as x` (attr null) at module level, not yet imported. */
export class PyLazyImport extends PyObject {
  constructor(
    readonly module: string,
    readonly attr: string | null,
    readonly at: SourceRef,
  ) {
    super();
  }
}

/** A name bound by a module-level or class-level statement the evaluator could not run. */
export class PyPoison extends PyObject {
  constructor(readonly unknown: Unknown) {
    super();
  }
}

/** A value the host computes on first read (the world's current_platform, built from the tree's own class). */
export class PyDeferred extends PyObject {
  constructor(readonly compute: () => import('./objects.js').PyValue) {
    super();
  }
}
