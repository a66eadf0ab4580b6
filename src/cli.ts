// The command line: flags, files and exit codes. All logic a library user
// would want lives in analyze/render; this file only wires and reports.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, analyzeWith } from './analyze.js';
import { cacheDisabledByEnv, defaultCacheDir } from './cache/cache-dir.js';
import { analyzeCached } from './cache/result-cache.js';
import type { FeatureMatrix } from './matrix.js';
import { AnalysisError, type CommandLineProblem } from './diagnostics.js';
import { parseCliArgs, UsageError, type GenerateArgs } from './cli/args.js';
import { htmlPageOrProblem, runExplain, type HtmlPageResult } from './cli/on-demand.js';
import { describeFsError, readExistingDocument, writeDocument } from './output-file.js';
import { dump } from './python/dump.js';
import { parseModuleBytes } from './python/parse.js';
import { PyValueError } from './python/values.js';
import { isRelevantFile, pyPathString } from './relevance.js';
import {
  cacheNoticeText,
  commandLineProblemText,
  diagnosticText,
  generatorNote,
  versionsText,
} from './render/diagnostics-text.js';
import { renderDocumentChange } from './render/line-diff.js';
import type { GeneratorVersion } from './versions/versions.js';
import { runDiff } from './cli/diff.js';
import { chooseGeneratorVersion, unknownVersionText } from './cli/generator-choice.js';
import { runHistory } from './cli/history.js';
import { writeOutput } from './cli/std-output.js';
import { renderJson } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { renderTerminal } from './render/table.js';
import { diskTreeLinks, revisionLinks, type TreeLinks } from './tree/source-links.js';
import type { SourceTree } from './tree/tree.js';
import { findUnencodable } from './render/encodable.js';
import { REGISTRY_FILE } from './extract/registry.js';
import { DiskTree } from './tree/disk-tree.js';
import { findTree, isDirectory, predatesRegistry, type TreeSearch } from './find-tree.js';
import { RevisionError } from './tree/git-errors.js';
import { GitRepository, openRevisionTree } from './tree/git-repository.js';

// What the launcher (src/launch/launcher.ts) asks of the bundle.
export * from './launch/bundle-hooks.js';

import { EXIT_ERROR, EXIT_OK, EXIT_REGENERATED, type CliIo } from './cli/io.js';
import { demoTreeRoot, packageDir } from './package-dir.js';

export { EXIT_ERROR, EXIT_OK, EXIT_REGENERATED, type CliIo };
/** `ast`: a file was rejected (a SyntaxError, say), as `python -m ast` exits. */
const EXIT_AST_REJECTED = 1;

const DEFAULT_OUTPUT = 'docs/design/attention_backends.md';
const DEMO_OUTPUT = 'demo-output/attention_backends.md';
const STDOUT_OUTPUT = '-';
/** How many changed lines --check shows when it rewrites the document. */
const CHECK_DIFF_MAX_LINES = 20;

export function runCli(argv: readonly string[], io: CliIo): number {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`vllm-attention-docs: error: ${error.message} (see --help)\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      io.stdout(args.text);
      return EXIT_OK;
    case 'version': {
      const pkg = JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as {
        version: string;
      };
      io.stdout(`${pkg.version}\n`);
      return EXIT_OK;
    }
    case 'ast':
      return runAst(args.files, io);
    case 'versions':
      io.stdout(versionsText());
      return EXIT_OK;
    case 'explain':
      return runExplain(args.argv, {
        cwd: io.cwd,
        env: io.env,
        stdout: io.stdout,
        stderr: io.stderr,
        findRoot: (start) => {
          const search = findTree(start);
          return search.kind === 'found' ? search.root : null;
        },
      });
    case 'generate':
      return runGenerate(args, io);
    case 'diff':
      return runDiff(args, io);
    case 'history':
      return runHistory(args, io);
  }
}

/** `ast`: 0 when every file parsed, 1 when one was rejected (as `python -m ast`), 2 when one was unreadable. */
function runAst(files: readonly string[], io: CliIo): number {
  let status = EXIT_OK;
  const rejected = (): void => {
    if (status === EXIT_OK) status = EXIT_AST_REJECTED;
  };
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.resolve(io.cwd, file));
    } catch (error) {
      io.stderr(`vllm-attention-docs: error: cannot read ${file}: ${describeFsError(error, 'read')}\n`);
      status = EXIT_ERROR;
      continue;
    }
    const parsed = parseModuleBytes(bytes);
    io.stdout(`== ${file}\n`);
    if (!parsed.ok) {
      // IndentationError and TabError are SyntaxErrors; other rejections (not UTF-8, too deep) keep their class.
      const { kind, msg, lineno } = parsed.error;
      const shown = kind === 'IndentationError' || kind === 'TabError' ? 'SyntaxError' : kind;
      io.stdout(`${shown}: ${msg} (line ${lineno})\n`);
      rejected();
      continue;
    }
    try {
      io.stdout(`${dump(parsed.module)}\n`);
    } catch (error) {
      // ast.dump itself raises on ints past the int-to-str limit.
      if (!(error instanceof PyValueError)) throw error;
      io.stdout(`ValueError: ${error.message}\n`);
      rejected();
    }
  }
  return status;
}

function runGenerate(args: GenerateArgs, io: CliIo): number {
  if (args.rev !== null) return runRevision({ ...args, rev: args.rev }, io);
  const fail = (message: string): number => {
    io.stderr(`vllm-attention-docs: error: ${message}\n`);
    return EXIT_ERROR;
  };
  const failWith = (problem: CommandLineProblem): number => fail(commandLineProblemText(problem));

  // `-o -` writes to stdout; so does --format json without -o (the document's default path is for markdown).
  const toStdout = args.output === STDOUT_OUTPUT || (args.format !== 'markdown' && args.output === null);
  if (toStdout && args.check) return fail('--check compares with a file: give -o PATH');

  let search: TreeSearch;
  if (args.demo) search = { kind: 'found', root: demoTreeRoot() };
  else if (args.root !== null) search = { kind: 'found', root: path.resolve(io.cwd, args.root) };
  else search = findTree(io.cwd);

  // pre-commit passes the changed files, relative to the top of the repository, where it runs
  // hooks: with none relevant there is nothing to do. They are read relative to the current folder,
  // which is the same there and right elsewhere. A folder is a mistake (for --root, most likely):
  // taken as a file it would make the run a silent no-op.
  const folder = args.files.find((f) => isDirectory(path.resolve(io.cwd, f)));
  if (folder !== undefined) return failWith({ code: 'file-argument-is-directory', path: folder });
  const base = search.kind === 'none' ? io.cwd : search.root;
  const relevant = (f: string): boolean => isRelevantFile(path.resolve(io.cwd, f), base);
  if (args.files.length > 0 && !args.files.some(relevant)) return EXIT_OK;

  if (search.kind === 'none')
    return failWith({ code: 'no-tree-found', start: io.cwd, registryFile: REGISTRY_FILE });
  const root = search.root;
  let rootKind: fs.Stats;
  try {
    rootKind = fs.statSync(root);
  } catch {
    return fail(`--root ${root}: no such directory`);
  }
  if (!rootKind.isDirectory()) return fail(`--root ${root}: not a directory`);
  if (search.kind === 'predates-registry' || predatesRegistry(root))
    return failWith({ code: 'tree-predates-registry', root, registryFile: REGISTRY_FILE });

  const chosen = chooseGeneratorVersion(args.generatorVersion, io.env);
  if (chosen.kind === 'unknown') return fail(unknownVersionText(chosen.spec));
  const generatorVersion = chosen.version;

  const tree = new DiskTree(root);
  let matrix;
  try {
    matrix = analyzeForCli(tree, args, io, generatorVersion);
  } catch (error) {
    if (error instanceof AnalysisError) {
      io.stderr(
        `vllm-attention-docs: ${diagnosticText(error.diagnostic, { showPath: (p) => tree.displayPath(p) })}\n`,
      );
      return EXIT_ERROR;
    }
    throw error;
  }
  reportOnMatrix(matrix, (p) => tree.displayPath(p), io);
  let content: string;
  if (args.format === 'html') {
    const page = htmlPage(matrix, tree, diskTreeLinks(root, io.env ?? {}));
    if (page.kind === 'script-missing') return fail(page.message);
    content = page.html;
  } else content = renderFormat(args.format, matrix, toStdout ? (io.terminalColumns ?? null) : null);
  const unencodable = unencodableText(content);
  if (unencodable !== null) return fail(unencodable);
  if (toStdout) {
    io.stdout(content);
    return EXIT_OK;
  }
  const defaultOutput = args.demo ? path.join(io.cwd, DEMO_OUTPUT) : path.join(root, DEFAULT_OUTPUT);
  const outputShown = pyPathString(args.output ?? defaultOutput);
  const outputFile = path.resolve(io.cwd, args.output ?? defaultOutput);

  if (args.check) {
    const existing = readExistingDocument(outputFile);
    if (existing.kind === 'unreadable') return fail(`cannot read ${outputShown}: ${existing.reason}`);
    if (existing.kind === 'text' && existing.text === content) {
      io.stdout(`✅ Up to date: ${outputShown}\n`);
      return EXIT_OK;
    }
    try {
      writeDocument(outputFile, content);
    } catch (error) {
      return fail(`cannot write ${outputShown}: ${describeFsError(error)}`);
    }
    io.stdout(`🔄 Regenerated: ${outputShown}\n`);
    // What changed, for whoever reads the failing hook's output.
    io.stderr(
      renderDocumentChange(existing.kind === 'text' ? existing.text : null, content, CHECK_DIFF_MAX_LINES),
    );
    return EXIT_REGENERATED;
  }

  try {
    writeDocument(outputFile, content);
  } catch (error) {
    return fail(`cannot write ${outputShown}: ${describeFsError(error)}`);
  }
  io.stdout(`Generated: ${outputShown}\n`);
  return EXIT_OK;
}

/** What the analysis wants the user to know: the version followed when the tree did not say, and warnings. */
function reportOnMatrix(matrix: FeatureMatrix, showPath: (treePath: string) => string, io: CliIo): void {
  const note = generatorNote(matrix.generator);
  if (note !== null) io.stderr(`vllm-attention-docs: note: ${note}\n`);
  for (const w of matrix.warnings) io.stderr(`${diagnosticText(w, { showPath })}\n`);
}

/** The HTML page, its links and the tree's name from where the tree is. */
function htmlPage(matrix: FeatureMatrix, tree: SourceTree, links: TreeLinks | null): HtmlPageResult {
  return htmlPageOrProblem(matrix, {
    tree,
    links: links === null ? null : { base: links.base, lineAnchors: links.lineAnchors },
    treeName: links?.name ?? tree.label,
  });
}

/** The output in the format asked for; a table fits the terminal only when it goes to one. */
function renderFormat(
  format: Exclude<GenerateArgs['format'], 'html'>,
  matrix: FeatureMatrix,
  terminalColumns: number | null,
): string {
  switch (format) {
    case 'json':
      return renderJson(matrix);
    case 'table':
      return renderTerminal(matrix, { width: terminalColumns });
    case 'markdown':
      return renderMarkdown(matrix);
  }
}

/**
 * A lone surrogate (from a `"\ud800"` escape) cannot be encoded as UTF-8: the
 * reference's write_text raises UnicodeEncodeError there, so we stop too,
 * before touching any file. The message, or null when the text is encodable.
 */
function unencodableText(content: string): string | null {
  const surrogate = findUnencodable(content);
  if (surrogate === null) return null;
  const code = surrogate.codePoint.toString(16).toUpperCase();
  return `the document would contain the lone surrogate U+${code}, which UTF-8 cannot encode (the reference raises UnicodeEncodeError)`;
}

/**
 * --rev: the tree of a commit, read through git. The document goes to
 * stdout, or to the file -o names: never into a work tree unasked, since
 * the tree analysed is not the one checked out.
 */
function runRevision(args: GenerateArgs & { rev: string }, io: CliIo): number {
  const fail = (message: string): number => {
    io.stderr(`vllm-attention-docs: error: ${message}\n`);
    return EXIT_ERROR;
  };
  const chosen = chooseGeneratorVersion(args.generatorVersion, io.env);
  if (chosen.kind === 'unknown') return fail(unknownVersionText(chosen.spec));
  const root = args.root === null ? io.cwd : path.resolve(io.cwd, args.root);
  let showPath = (treePath: string): string => treePath;
  let matrix: FeatureMatrix;
  let page: HtmlPageResult | null = null;
  try {
    // Without --root: the whole repository holding the current folder, wherever in it we are.
    const tree =
      args.root === null
        ? openRevisionTree(GitRepository.open(root, { env: io.env ?? process.env }).topLevel(), args.rev, {
            env: io.env ?? process.env,
          })
        : openRevisionTree(root, args.rev, { env: io.env ?? process.env });
    showPath = (treePath) => tree.displayPath(treePath);
    try {
      // The version follows the script at that commit, unless one is asked for.
      matrix = analyze(tree, { generatorVersion: chosen.version });
      // The page reads the tree again (explain's files), so it is made before the tree closes.
      if (args.format === 'html')
        page = htmlPage(matrix, tree, revisionLinks(root, tree.commit, io.env ?? {}));
    } finally {
      tree.close();
    }
  } catch (error) {
    if (error instanceof AnalysisError || error instanceof RevisionError) {
      io.stderr(`vllm-attention-docs: ${diagnosticText(error.diagnostic, { showPath })}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  if (page?.kind === 'script-missing') return fail(page.message);
  reportOnMatrix(matrix, showPath, io);
  const toStdout = args.output === null || args.output === STDOUT_OUTPUT;
  const content =
    args.format === 'html'
      ? (page as Extract<HtmlPageResult, { kind: 'page' }>).html
      : renderFormat(args.format, matrix, toStdout ? (io.terminalColumns ?? null) : null);
  const unencodable = unencodableText(content);
  if (unencodable !== null) return fail(unencodable);
  if (args.output === null || args.output === STDOUT_OUTPUT) {
    io.stdout(content);
    return EXIT_OK;
  }
  const outputShown = pyPathString(args.output);
  try {
    writeDocument(path.resolve(io.cwd, args.output), content);
  } catch (error) {
    return fail(`cannot write ${outputShown}: ${describeFsError(error)}`);
  }
  io.stdout(`Generated: ${outputShown}\n`);
  return EXIT_OK;
}

/** The bundle's own hash, written into it at build time (scripts/build.mjs); absent elsewhere. */
declare const BUNDLE_FINGERPRINT: string | undefined;

/**
 * Cached results are tied to the exact code that produced them: the bundle's
 * hash, fixed when it was built so that no run pays for hashing it. Running
 * from source (tests, tsx, the library build) there is no single file to
 * fingerprint, so the cache is not used.
 */
function codeFingerprint(): string | null {
  return typeof BUNDLE_FINGERPRINT === 'string' ? BUNDLE_FINGERPRINT : null;
}

function analyzeForCli(
  tree: DiskTree,
  args: GenerateArgs,
  io: CliIo,
  generatorVersion: GeneratorVersion | undefined,
): FeatureMatrix {
  const env = io.env ?? {};
  const fingerprint = args.noCache || cacheDisabledByEnv(env) ? null : codeFingerprint();
  // One run parses each file once anyway (ModuleCache): the library's parse memo would only copy and hold.
  if (fingerprint === null) return analyzeWith(tree, { parse: parseModuleBytes, generatorVersion });
  // A version asked for is an input the tree does not record: part of what the entry is valid for.
  const toolVersion =
    generatorVersion === undefined ? fingerprint : `${fingerprint}+v${generatorVersion.number}`;
  return analyzeCached(tree, {
    cacheDir: defaultCacheDir(env),
    toolVersion,
    generatorVersion,
    onNotice: (notice) => io.stderr(`vllm-attention-docs: ${cacheNoticeText(notice)}\n`),
  });
}

/** The process entry: real output, real exit code, and no stack trace ever. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  let code: number;
  try {
    code = runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      // Read only when a table goes to stdout: looking at process.stdout loads Node's stream modules.
      get terminalColumns() {
        return process.stdout.isTTY ? process.stdout.columns : undefined;
      },
      stdout: (t) => writeOutput(1, t),
      stderr: (t) => writeOutput(2, t),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeOutput(2, `vllm-attention-docs: internal error: ${message.split('\n')[0]}\n`);
    code = EXIT_ERROR;
  }
  // A write that failed (other than a reader gone away) has made it 2 already.
  process.exitCode ??= code;
}
