// Command-line parsing with argparse's conventions, which the reference's
// users (and pre-commit) rely on: `-o PATH`, `-oPATH`, `--output=PATH`,
// unambiguous prefixes of long options, `--` before file names. The diff and
// history commands parse their own arguments (src/cli/).

import { parseDiffArgs, type DiffArgs } from './diff.js';
import { parseHistoryArgs, type HistoryArgs } from './history.js';
import { UsageError } from './usage-error.js';

export { UsageError };

export type OutputFormat = 'markdown' | 'json' | 'table' | 'html';

export interface GenerateArgs {
  readonly command: 'generate';
  readonly output: string | null;
  readonly check: boolean;
  readonly root: string | null;
  readonly demo: boolean;
  /** Skip the cache (it never changes results; this only forces a fresh analysis and compile). */
  readonly noCache: boolean;
  /** Analyse this revision's tree, read through git (`--root` is then the repository). */
  readonly rev: string | null;
  readonly format: OutputFormat;
  /** --generator-version as given (a number, commit, date or `latest`); null to follow the tree's script. */
  readonly generatorVersion: string | null;
  readonly files: readonly string[];
}

export type CliArgs =
  | GenerateArgs
  | { readonly command: 'ast'; readonly files: readonly string[] }
  | { readonly command: 'versions' }
  | DiffArgs
  | HistoryArgs
  /** Print `text` (the help of the command asked about) and exit 0. */
  | { readonly command: 'help'; readonly text: string }
  /** `explain ...`: its own arguments, parsed by cli/explain.ts. */
  | { readonly command: 'explain'; readonly argv: readonly string[] }
  | { readonly command: 'version' };

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
}

const OPTIONS: readonly OptionSpec[] = [
  { long: '--output', short: '-o', takesValue: true },
  { long: '--check', takesValue: false },
  { long: '--root', takesValue: true },
  { long: '--rev', takesValue: true },
  { long: '--format', takesValue: true },
  { long: '--demo', takesValue: false },
  { long: '--no-cache', takesValue: false },
  { long: '--generator-version', takesValue: true },
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
  if (argv[0] === 'ast') return parseAstArgs(argv.slice(1));
  if (argv[0] === 'diff') return parseDiffArgs(argv.slice(1));
  if (argv[0] === 'history') return parseHistoryArgs(argv.slice(1));
  if (argv[0] === 'versions') {
    if (argv.length > 1) throw new UsageError(`versions: unrecognized arguments: ${argv.slice(1).join(' ')}`);
    return { command: 'versions' };
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
  if (values.has('--help')) return { command: 'help', text: HELP_TEXT };
  if (values.has('--version')) return { command: 'version' };
  const format = (values.get('--format') as string | undefined) ?? 'markdown';
  if (format !== 'markdown' && format !== 'json' && format !== 'table' && format !== 'html') {
    throw new UsageError(
      `argument --format: invalid choice: '${format}' (choose from 'markdown', 'json', 'table', 'html')`,
    );
  }
  if (values.has('--demo') && values.has('--root'))
    throw new UsageError('--demo and --root cannot be used together');
  const rev = (values.get('--rev') as string | undefined) ?? null;
  if (rev !== null) {
    if (values.has('--check'))
      throw new UsageError('--check compares the work tree with its document; it cannot be used with --rev');
    if (values.has('--demo')) throw new UsageError('--demo and --rev cannot be used together');
    if (files.length > 0) throw new UsageError('--rev takes no file arguments');
  }
  return {
    command: 'generate',
    output: (values.get('--output') as string | undefined) ?? null,
    check: values.has('--check'),
    root: (values.get('--root') as string | undefined) ?? null,
    demo: values.has('--demo'),
    noCache: values.has('--no-cache'),
    rev,
    format,
    generatorVersion: (values.get('--generator-version') as string | undefined) ?? null,
    files,
  };
}

/** `ast [-h] FILE...`: options first, as argparse reads them; after `--` everything is a file. */
function parseAstArgs(argv: readonly string[]): CliArgs {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || (arg.length > 2 && '--help'.startsWith(arg)))
      return { command: 'help', text: AST_HELP_TEXT };
    if (arg.startsWith('-')) throw new UsageError(`ast: unrecognized arguments: ${arg}`);
    files.push(arg);
  }
  if (files.length === 0) throw new UsageError('ast: give at least one FILE');
  return { command: 'ast', files };
}

export const AST_HELP_TEXT = `usage: vllm-attention-docs ast FILE...

Print CPython 3.11's ast.dump() of each Python file, parsed by this tool's own
parser, under a line "== FILE"; for a file it rejects, the error instead, as
"SyntaxError: MESSAGE (line N)".

options:
  -h, --help            show this help and exit

exit codes: 0 every file parsed, 1 a file was rejected (python -m ast exits 1 too),
2 a file could not be read, or bad usage
`;

export const HELP_TEXT = `usage: vllm-attention-docs [--root DIR] [-o PATH] [--check] [--format {markdown,json,table,html}]
                           [--generator-version V] [files ...]
       vllm-attention-docs [--root REPO] --rev REV [-o PATH] [--format {markdown,json,table,html}]
       vllm-attention-docs --demo [-o PATH]
       vllm-attention-docs diff [--root REPO] [--format {text,markdown,json}] A B
       vllm-attention-docs history [--root REPO] [--since REV|DATE] [--until REV]
                                   [--backend NAME] [--field NAME] [--format {text,json}]
       vllm-attention-docs versions
       vllm-attention-docs ast FILE...
       vllm-attention-docs explain --gpu CC|NAME --head-size N [options] (see explain --help)

Generate vLLM's docs/design/attention_backends.md from the source tree, byte for
byte what tools/pre_commit/generate_attention_backend_docs.py writes, without
importing vLLM.

positional arguments:
  files                 files changed (passed by pre-commit), relative to the current folder; if
                        none is relevant, exit 0 at once. A folder is an error: see --root

options:
  --root DIR            the vLLM tree (default: the nearest folder at or above the current one
                        that holds vllm/v1/attention/backends/registry.py)
  -o, --output PATH     where to write, '-' for stdout (default: docs/design/attention_backends.md
                        under the tree; stdout for the other formats)
  --rev REV             analyse the tree of commit REV, read through git without a checkout;
                        --root is then a work tree or a bare repository (default: the
                        repository holding the current folder) and the output goes to stdout
                        unless -o says where
  --check               rewrite the file only if it is out of date; exit 1 when it was, and show
                        the changed lines (up to 20) on stderr
  --format FORMAT       markdown (default, the reference's document), json (the feature matrix),
                        table (the tables for a terminal, fitted to its width; stdout) or html
                        (one self-contained page: the tables to filter and sort, and an explain
                        panel that runs in the browser)
  --generator-version V write what that version of vLLM's script writes: its number, the commit
                        that introduced it, a date, or latest (default: the version of the
                        tree's own tools/pre_commit/generate_attention_backend_docs.py, the
                        newest when it has none or one not known; 'versions' lists them;
                        also VLLM_ATTENTION_DOCS_GENERATOR_VERSION=V)
  --no-cache            analyse afresh, without reading or writing the cache (results and
                        compiled code, ~/.cache/vllm-attention-docs; also
                        VLLM_ATTENTION_DOCS_NO_CACHE=1)
  --demo                run on the demo tree shipped with the package (default output:
                        demo-output/attention_backends.md)
  -h, --help            show this help and exit
  --version             show the version and exit

commands:
  diff A B              what changed in the feature matrix from A to B (revisions or folders);
                        exit 1 when something did; see diff --help
  history               the commits that changed the feature matrix, newest first, with their
                        changes; see history --help
  versions              list the known versions of vLLM's generator script
  ast FILE...           print CPython's ast.dump() of each file, or its SyntaxError (then exit 1);
                        see ast --help
  explain ...           which attention backend vLLM picks for a GPU and setup, and why not the others

exit codes: 0 done (or up to date), 1 --check rewrote the file, 2 error (bad usage, or input
on which the reference script crashes)
`;
