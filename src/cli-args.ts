// Command-line parsing with argparse's conventions, which the reference's
// users (and pre-commit) rely on: `-o PATH`, `-oPATH`, `--output=PATH`,
// unambiguous prefixes of long options, `--` before file names.

export type OutputFormat = 'markdown' | 'json';

export interface GenerateArgs {
  readonly command: 'generate';
  readonly output: string | null;
  readonly check: boolean;
  readonly root: string | null;
  readonly demo: boolean;
  /** Skip the result cache (it never changes results; this only forces a fresh analysis). */
  readonly noCache: boolean;
  readonly format: OutputFormat;
  readonly files: readonly string[];
}

export type CliArgs =
  | GenerateArgs
  | { readonly command: 'ast'; readonly files: readonly string[] }
  /** `explain ...`: its own arguments, parsed by cli-explain.ts. */
  | { readonly command: 'explain'; readonly argv: readonly string[] }
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export class UsageError extends Error {}

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
}

const OPTIONS: readonly OptionSpec[] = [
  { long: '--output', short: '-o', takesValue: true },
  { long: '--check', takesValue: false },
  { long: '--root', takesValue: true },
  { long: '--format', takesValue: true },
  { long: '--demo', takesValue: false },
  { long: '--no-cache', takesValue: false },
  { long: '--help', short: '-h', takesValue: false },
  { long: '--version', takesValue: false },
];

function findLong(name: string): OptionSpec {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const candidates = OPTIONS.filter((o) => o.long.startsWith(name));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    throw new UsageError(`ambiguous option: ${name} could match ${candidates.map((c) => c.long).join(', ')}`);
  }
  throw new UsageError(`unrecognized arguments: ${name}`);
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  if (argv[0] === 'explain') return { command: 'explain', argv: argv.slice(1) };
  if (argv[0] === 'ast') {
    const files = argv.slice(1);
    if (files.length === 0) throw new UsageError('ast: give at least one FILE');
    return { command: 'ast', files };
  }
  const values = new Map<string, string | true>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inlineValue: string | undefined;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      spec = findLong(eq < 0 ? arg : arg.slice(0, eq));
      if (eq >= 0) inlineValue = arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      spec = OPTIONS.find((o) => o.short === arg.slice(0, 2));
      if (spec === undefined) throw new UsageError(`unrecognized arguments: ${arg}`);
      if (arg.length > 2) {
        if (!spec.takesValue) throw new UsageError(`unrecognized arguments: ${arg}`);
        inlineValue = arg.slice(2).replace(/^=/, '');
      }
    } else {
      files.push(arg);
      continue;
    }
    if (spec.takesValue) {
      if (inlineValue === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`argument ${spec.long}: expected one argument`);
        inlineValue = argv[++i];
      }
      values.set(spec.long, inlineValue);
    } else {
      if (inlineValue !== undefined)
        throw new UsageError(`argument ${spec.long}: ignored explicit argument '${inlineValue}'`);
      values.set(spec.long, true);
    }
  }
  if (values.has('--help')) return { command: 'help' };
  if (values.has('--version')) return { command: 'version' };
  const format = (values.get('--format') as string | undefined) ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') {
    throw new UsageError(`argument --format: invalid choice: '${format}' (choose from 'markdown', 'json')`);
  }
  if (values.has('--demo') && values.has('--root'))
    throw new UsageError('--demo and --root cannot be used together');
  return {
    command: 'generate',
    output: (values.get('--output') as string | undefined) ?? null,
    check: values.has('--check'),
    root: (values.get('--root') as string | undefined) ?? null,
    demo: values.has('--demo'),
    noCache: values.has('--no-cache'),
    format,
    files,
  };
}

export const HELP_TEXT = `usage: vllm-attention-docs [--root DIR] [-o PATH] [--check] [--format {markdown,json}] [files ...]
       vllm-attention-docs --demo [-o PATH]
       vllm-attention-docs ast FILE...
       vllm-attention-docs explain --gpu CC|NAME --head-size N [options] (see explain --help)

Generate vLLM's docs/design/attention_backends.md from the source tree, byte for
byte what tools/pre_commit/generate_attention_backend_docs.py writes, without
importing vLLM.

positional arguments:
  files                 files changed (passed by pre-commit); if none is relevant, exit 0 at once

options:
  --root DIR            the vLLM tree (default: the nearest folder at or above the current one
                        that holds vllm/v1/attention/backends/registry.py)
  -o, --output PATH     where to write, '-' for stdout (default: docs/design/attention_backends.md
                        under the tree; stdout for --format json)
  --check               rewrite the file only if it is out of date; exit 1 when it was
  --format FORMAT       markdown (default, the reference's document) or json (the feature matrix)
  --no-cache            analyse afresh, without reading or writing the result cache
                        (~/.cache/vllm-attention-docs; also VLLM_ATTENTION_DOCS_NO_CACHE=1)
  --demo                run on the demo tree shipped with the package (default output:
                        demo-output/attention_backends.md)
  -h, --help            show this help and exit
  --version             show the version and exit

commands:
  ast FILE...           print CPython's ast.dump() of each file, or its SyntaxError
  explain ...           which attention backend vLLM picks for a GPU and setup, and why not the others

exit codes: 0 done (or up to date), 1 --check rewrote the file, 2 error (bad usage, or input
on which the reference script crashes)
`;
