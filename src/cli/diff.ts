// `vllm-attention-docs diff A B`: what changed in the feature matrix from A to
// B, each a revision (read through git, no checkout) or a folder holding a
// tree. Exit 0 when nothing changed, 1 when something did, 2 on error.

import * as path from 'node:path';
import type { CliIo } from './io.js';
import { analyze } from '../analyze.js';
import { AnalysisError } from '../diagnostics.js';
import { diffMatrices } from '../diff/matrix-diff.js';
import { isDirectory } from '../find-tree.js';
import type { FeatureMatrix } from '../matrix.js';
import { diagnosticText, generatorNote } from '../render/diagnostics-text.js';
import { renderDiffJson, type DiffSideJson } from '../render/diff-json.js';
import { renderDiffMarkdown, renderDiffText } from '../render/diff-text.js';
import { DiskTree } from '../tree/disk-tree.js';
import { RevisionError } from '../tree/git-errors.js';
import { GitRepository } from '../tree/git-repository.js';
import type { SourceTree } from '../tree/tree.js';
import type { GeneratorVersion } from '../versions/versions.js';
import { chooseGeneratorVersion, unknownVersionText } from './generator-choice.js';
import { formatChoice, parseOptions, single } from './options.js';
import { UsageError } from './usage-error.js';

export type DiffFormat = 'text' | 'markdown' | 'json';

export interface DiffArgs {
  readonly command: 'diff';
  readonly from: string;
  readonly to: string;
  /** The repository revisions are read from; null: the one holding the current folder. */
  readonly root: string | null;
  readonly format: DiffFormat;
  readonly generatorVersion: string | null;
}

export const DIFF_HELP_TEXT = `usage: vllm-attention-docs diff [--root REPO] [--format {text,markdown,json}]
                                [--generator-version V] A B

What changed in the attention backend feature matrix from A to B, per section,
backend and field ("FLASHINFER head sizes: + 512", "TRTLLM† sink: ❌ → ✅").
A and B are each a folder holding a vLLM tree (when a folder of that name
exists) or a revision, read through git without a checkout.

positional arguments:
  A, B                  a folder, or a revision (a commit, branch, tag, HEAD~3, ...)

options:
  --root REPO           the repository revisions are read from: a work tree, a folder inside
                        one, or a bare repository (default: the repository holding the
                        current folder)
  --format FORMAT       text (default, for a terminal), markdown (a pull-request comment) or
                        json (the typed changes)
  --generator-version V compare what that version of vLLM's script writes on both sides
                        (default: each side follows its own script; see 'versions')
  -h, --help            show this help and exit

exit codes: 0 nothing changed, 1 something changed, 2 error (one line on stderr)
`;

export function parseDiffArgs(argv: readonly string[]): DiffArgs | { command: 'help'; text: string } {
  const options = parseOptions('diff', argv, [
    { long: '--root', takesValue: true },
    { long: '--format', takesValue: true },
    { long: '--generator-version', takesValue: true },
    { long: '--help', takesValue: false },
  ]);
  if (options.values.has('--help')) return { command: 'help', text: DIFF_HELP_TEXT };
  const format = formatChoice('diff', options, ['text', 'markdown', 'json'] as const);
  if (options.positionals.length !== 2)
    throw new UsageError(
      `diff: give two revisions or folders to compare (got ${options.positionals.length})`,
    );
  const [from, to] = options.positionals;
  return {
    command: 'diff',
    from,
    to,
    root: single(options, '--root'),
    format,
    generatorVersion: single(options, '--generator-version'),
  };
}

const EXIT_SAME = 0;
const EXIT_CHANGED = 1;
const EXIT_ERROR = 2;

interface Side {
  readonly json: DiffSideJson;
  readonly tree: SourceTree;
}

/** A side that names no folder and no revision, though it looks like a path. */
class NoSuchSide extends Error {
  constructor(readonly spec: string) {
    super(spec);
  }
}

/** Opens the sides one by one; the repository (for revisions) once, on first need. */
class SideOpener {
  private repository: GitRepository | null = null;

  constructor(
    private readonly args: DiffArgs,
    private readonly io: CliIo,
  ) {}

  open(spec: string): Side {
    const folder = path.resolve(this.io.cwd, spec);
    // A folder of that name wins: `diff old-checkout/ new-checkout/`.
    if (isDirectory(folder))
      return { json: { spec, kind: 'folder', commit: null, path: folder }, tree: new DiskTree(folder) };
    let repository: GitRepository;
    let commit: string;
    try {
      repository = this.openRepository();
      commit = repository.resolveCommit(spec);
    } catch (error) {
      // `diff ../old ../new` with a typo: say what was looked for, not only that git knows no such revision.
      if (error instanceof RevisionError && spec.includes('/') && isDirectory(path.dirname(folder)))
        throw new NoSuchSide(spec);
      throw error;
    }
    return {
      json: { spec, kind: 'revision', commit, path: null },
      tree: repository.tree(commit, {
        label: `${spec}:${repository.prefix === '' ? '' : `${repository.prefix}/`}`,
        revision: spec,
      }),
    };
  }

  close(): void {
    this.repository?.close();
  }

  private openRepository(): GitRepository {
    if (this.repository === null) {
      const env = { env: this.io.env ?? process.env };
      // Without --root: the whole repository holding the current folder, wherever in it we are.
      this.repository =
        this.args.root === null
          ? GitRepository.open(GitRepository.open(this.io.cwd, env).topLevel(), env)
          : GitRepository.open(path.resolve(this.io.cwd, this.args.root), env);
    }
    return this.repository;
  }
}

export function runDiff(args: DiffArgs, io: CliIo): number {
  const fail = (message: string): number => {
    io.stderr(`vllm-attention-docs: error: ${message}\n`);
    return EXIT_ERROR;
  };
  const chosen = chooseGeneratorVersion(args.generatorVersion, io.env);
  if (chosen.kind === 'unknown') return fail(unknownVersionText(chosen.spec));
  const opener = new SideOpener(args, io);
  let showPath = (treePath: string): string => treePath;
  const sides: Side[] = [];
  const matrices: FeatureMatrix[] = [];
  try {
    for (const spec of [args.from, args.to]) {
      const side = opener.open(spec);
      showPath = (treePath) => side.tree.displayPath(treePath);
      sides.push(side);
      matrices.push(analyzeSide(side, chosen.version));
    }
  } catch (error) {
    if (error instanceof NoSuchSide) return fail(`'${error.spec}' is neither a folder nor a revision`);
    if (error instanceof AnalysisError || error instanceof RevisionError) {
      io.stderr(`vllm-attention-docs: ${diagnosticText(error.diagnostic, { showPath })}\n`);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    opener.close();
  }
  sides.forEach((side, i) => report(matrices[i], side, io));
  const diff = diffMatrices(matrices[0], matrices[1]);
  const names = { from: args.from, to: args.to };
  io.stdout(
    args.format === 'json'
      ? renderDiffJson(diff, { from: sides[0].json, to: sides[1].json })
      : args.format === 'markdown'
        ? renderDiffMarkdown(diff, names)
        : renderDiffText(diff, names),
  );
  return diff.changes.length > 0 ? EXIT_CHANGED : EXIT_SAME;
}

function analyzeSide(side: Side, version: GeneratorVersion | undefined): FeatureMatrix {
  return analyze(side.tree, { generatorVersion: version });
}

/** The version followed when a side's own script did not say, and the side's warnings. */
function report(matrix: FeatureMatrix, side: Side, io: CliIo): void {
  const note = generatorNote(matrix.generator);
  if (note !== null) io.stderr(`vllm-attention-docs: note: ${side.json.spec}: ${note}\n`);
  const showPath = (p: string): string => side.tree.displayPath(p);
  for (const w of matrix.warnings) io.stderr(`${diagnosticText(w, { showPath })}\n`);
}
