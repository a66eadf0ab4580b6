import { formatPySyntaxError } from '../python/errors.js';
import type { ModuleFailure } from './modules.js';

/** The text of the exception the reference would have caught, e.g. "invalid syntax (<unknown>, line 3)". */
export function describeModuleFailure(failure: ModuleFailure): string {
  if (failure.kind === 'read') return failure.detail;
  return formatPySyntaxError(failure.error);
}

export function moduleFailureLine(failure: ModuleFailure): number | null {
  return failure.kind === 'parse' && failure.error.lineno > 0 ? failure.error.lineno : null;
}
