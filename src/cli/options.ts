// Options of a subcommand, with argparse's conventions as the main command
// has them (src/cli/args.ts): `--name VALUE`, `--name=VALUE`, unambiguous
// prefixes of long names, `--` before positional arguments.

import { UsageError } from './usage-error.js';

export interface OptionSpec {
  readonly long: string;
  readonly takesValue: boolean;
  /** The option may be given more than once (its values are kept in order). */
  readonly repeatable?: boolean;
}

export interface ParsedOptions {
  /** Each option's values in the order given; a flag has `true`. */
  readonly values: ReadonlyMap<string, readonly (string | true)[]>;
  readonly positionals: readonly string[];
}

export function parseOptions(
  command: string,
  argv: readonly string[],
  specs: readonly OptionSpec[],
): ParsedOptions {
  const values = new Map<string, (string | true)[]>();
  const positionals: string[] = [];
  const find = (name: string): OptionSpec => {
    const exact = specs.find((o) => o.long === name);
    if (exact !== undefined) return exact;
    const candidates = specs.filter((o) => o.long.startsWith(name));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1)
      throw new UsageError(
        `${command}: ambiguous option: ${name} could match ${candidates.map((c) => c.long).join(', ')}`,
      );
    throw new UsageError(`${command}: unrecognized arguments: ${name}`);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      values.set('--help', [true]);
      continue;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      if (arg.startsWith('-') && arg.length > 1)
        throw new UsageError(`${command}: unrecognized arguments: ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const spec = find(eq < 0 ? arg : arg.slice(0, eq));
    let value: string | true = true;
    if (spec.takesValue) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`${command}: argument ${spec.long}: expected one argument`);
    } else if (eq >= 0) {
      throw new UsageError(
        `${command}: argument ${spec.long}: ignored explicit argument '${arg.slice(eq + 1)}'`,
      );
    }
    const known = values.get(spec.long);
    if (known !== undefined && spec.repeatable !== true && spec.takesValue)
      throw new UsageError(`${command}: argument ${spec.long}: given twice`);
    values.set(spec.long, [...(known ?? []), value]);
  }
  return { values, positionals };
}

/** The value of an option given at most once, or null. */
export function single(options: ParsedOptions, long: string): string | null {
  const value = options.values.get(long)?.[0];
  return typeof value === 'string' ? value : null;
}

/** A --format value among `choices`, or the first one by default. */
export function formatChoice<T extends string>(
  command: string,
  options: ParsedOptions,
  choices: readonly T[],
): T {
  const format = single(options, '--format') ?? choices[0];
  if (!(choices as readonly string[]).includes(format))
    throw new UsageError(
      `${command}: argument --format: invalid choice: '${format}' (choose from ${choices.map((c) => `'${c}'`).join(', ')})`,
    );
  return format as T;
}
