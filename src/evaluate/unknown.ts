// What the evaluator reports where it cannot go on: typed data, never prose.
// An Unknown travels as an UnknownSignal (a JS exception no Python `except`
// catches) up to whoever asked for the value.

export type UnknownCode =
  /** A Python construct the evaluator does not implement (match, async, yield...). */
  | 'unsupported-syntax'
  /** A use (call, attribute, operator, truth test) of a value the world does not model. */
  | 'opaque-value'
  /** A builtin, standard-library function or method that is not implemented. */
  | 'unsupported-builtin'
  /** A name whose module-level binding statement could not be evaluated. */
  | 'not-evaluated'
  /** A config field the world's config model does not hold. */
  | 'unmodelled-config'
  /** A module that is neither in the tree nor modelled by the world. */
  | 'unmodelled-module'
  /** Recursion deeper than the evaluator allows. */
  | 'recursion-limit'
  /** A run longer than the evaluator allows (a loop that does not end, or not soon). */
  | 'step-limit'
  /** An operator whose result (an int, a string, a list) would be larger than the evaluator builds. */
  | 'too-large'
  /** A source file that does not parse. */
  | 'syntax-error'
  /**
   * A module-level or class-body statement raised an exception other than
   * ImportError: vLLM imports cleanly in a real install, so this comes from
   * something the world models only roughly; the statement is skipped.
   */
  | 'import-time-exception';

export interface Unknown {
  readonly code: UnknownCode;
  /** Tree path (or `<world>/...` for a world module) of the statement being evaluated. */
  readonly file: string;
  readonly line: number;
  /** What could not be evaluated: a name, an attribute path, a construct's name. */
  readonly what: string;
  /** For 'not-evaluated': the unknown met when the binding statement ran. */
  readonly cause?: Unknown;
}

// Not an Error: capturing a stack trace for every signal costs more than the evaluation.
export class UnknownSignal {
  constructor(readonly unknown: Unknown) {}
}

/** The innermost cause: where evaluation really stopped. */
export function rootUnknown(unknown: Unknown): Unknown {
  let current = unknown;
  while (current.cause !== undefined) current = current.cause;
  return current;
}
