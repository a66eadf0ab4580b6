import type { DiagnosticArgs } from '../diagnostics.js';
import { formatPySyntaxError } from '../python/errors.js';
import type { ModuleFailure } from './modules.js';

/** The text of the exception the reference would have caught, e.g. "invalid syntax (<unknown>, line 3)". */
export function describeModuleFailure(failure: ModuleFailure): string {
  if (failure.kind === 'read') return failure.detail;
  return formatPySyntaxError(failure.error);
}

/**
 * A failure as diagnostic arguments: `reason`, the exception's text (the
 * reference's warning prints it), and for a file that could not be read,
 * `readFailure` (missing, directory, outside, io) and an io failure's
 * `errorCode`, from which our own messages say it in plain words.
 */
export function moduleFailureArgs(failure: ModuleFailure): DiagnosticArgs {
  if (failure.kind === 'parse') return { reason: formatPySyntaxError(failure.error) };
  const args: Record<string, string> = { reason: failure.detail, readFailure: failure.reason };
  if (failure.errorCode !== undefined) args.errorCode = failure.errorCode;
  return args;
}

export function moduleFailureLine(failure: ModuleFailure): number | null {
  return failure.kind === 'parse' && failure.error.lineno > 0 ? failure.error.lineno : null;
}
