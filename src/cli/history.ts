// `vllm-attention-docs history`: the commits that changed the feature matrix,
// newest first, each with what it changed; on top of walkHistory (every
// commit that touched an input, analysed through git without a checkout).

import * as path from 'node:path';
import type { CliIo } from './io.js';
import { AnalysisError } from '../diagnostics.js';
import { fieldsNamed, FILTER_FIELDS, normalizedBackend, type ChangeFilter } from '../diff/filter.js';
import { filterHistory, historyChanges } from '../diff/history-changes.js';
import { walkHistory, type HistoryBound } from '../history.js';
import { diagnosticText } from '../render/diagnostics-text.js';
import { renderHistoryJson } from '../render/diff-json.js';
import { renderHistoryText } from '../render/diff-text.js';
import { RevisionError } from '../tree/git-errors.js';
import { GitRepository } from '../tree/git-repository.js';
import { chooseGeneratorVersion, unknownVersionText } from './generator-choice.js';
import { formatChoice, parseOptions, single } from './options.js';
import { UsageError } from './usage-error.js';

export interface HistoryArgs {
  readonly command: 'history';
  readonly root: string | null;
  /** A revision or a date (YYYY-MM-DD, optionally with a time); null: from the first commit. */
  readonly since: string | null;
  readonly until: string | null;
  readonly backend: string | null;
  /** The fields asked for, as given (each may be a comma-separated list). */
  readonly fields: readonly string[];
  readonly format: 'text' | 'json';
  readonly generatorVersion: string | null;
}

export const HISTORY_HELP_TEXT = `usage: vllm-attention-docs history [--root REPO] [--since REV|DATE] [--until REV]
                                   [--backend NAME] [--field NAME] [--format {text,json}]
                                   [--generator-version V]

The commits that changed the attention backend feature matrix, newest first,
each with its date, subject and changes. Only first parents are followed (a
merge is one step); every commit that touched a file the analysis reads is
analysed through git, without a checkout, with the generator version of its
own script.

options:
  --root REPO           a work tree, a folder inside one, or a bare repository (default: the
                        repository holding the current folder)
  --since REV|DATE      start after this commit, or after the last commit before this date
                        (YYYY-MM-DD is 00:00 UTC; a time may follow); default: the first commit
  --until REV           end at this commit (default: HEAD)
  --backend NAME        only changes of this backend (FLASHINFER, flash-attn, ...), including
                        priority lists it entered, left or moved in
  --field NAME          only changes of this field: a fact's name or its column header
                        (head-sizes, sink, kv-dtypes, compute-cap, dcp, priorities, ...);
                        may be repeated or comma-separated. Rows added or removed stay
  --format FORMAT       text (default) or json
  --generator-version V analyse every commit with that version of vLLM's script
  -h, --help            show this help and exit

exit codes: 0 done, 2 error (one line on stderr)
`;

export function parseHistoryArgs(argv: readonly string[]): HistoryArgs | { command: 'help'; text: string } {
  const options = parseOptions('history', argv, [
    { long: '--root', takesValue: true },
    { long: '--since', takesValue: true },
    { long: '--until', takesValue: true },
    { long: '--backend', takesValue: true },
    { long: '--field', takesValue: true, repeatable: true },
    { long: '--format', takesValue: true },
    { long: '--generator-version', takesValue: true },
    { long: '--help', takesValue: false },
  ]);
  if (options.values.has('--help')) return { command: 'help', text: HISTORY_HELP_TEXT };
  const format = formatChoice('history', options, ['text', 'json'] as const);
  if (options.positionals.length > 0)
    throw new UsageError(`history: unrecognized arguments: ${options.positionals.join(' ')}`);
  const fields = (options.values.get('--field') ?? []).flatMap((f) => String(f).split(','));
  for (const field of fields)
    if (fieldsNamed(field).length === 0)
      throw new UsageError(
        `history: argument --field: unknown field '${field}' (known: ${FILTER_FIELDS.join(', ')})`,
      );
  return {
    command: 'history',
    root: single(options, '--root'),
    since: single(options, '--since'),
    until: single(options, '--until'),
    backend: single(options, '--backend'),
    fields,
    format,
    generatorVersion: single(options, '--generator-version'),
  };
}

const EXIT_OK = 0;
const EXIT_ERROR = 2;

/** A bound that looks like a date is one; anything else is a revision. */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/;

export function runHistory(args: HistoryArgs, io: CliIo): number {
  const chosen = chooseGeneratorVersion(args.generatorVersion, io.env);
  if (chosen.kind === 'unknown') {
    io.stderr(`vllm-attention-docs: error: ${unknownVersionText(chosen.spec)}\n`);
    return EXIT_ERROR;
  }
  const env = io.env ?? process.env;
  const since: HistoryBound | undefined =
    args.since === null ? undefined : DATE.test(args.since) ? { date: args.since } : { revision: args.since };
  let walk;
  let root: string;
  try {
    // Without --root: the whole repository holding the current folder, wherever in it we are.
    root =
      args.root === null ? GitRepository.open(io.cwd, { env }).topLevel() : path.resolve(io.cwd, args.root);
    walk = walkHistory(root, {
      since,
      until: args.until ?? undefined,
      env,
      generatorVersion: chosen.version,
    });
  } catch (error) {
    if (error instanceof RevisionError || error instanceof AnalysisError) {
      io.stderr(`vllm-attention-docs: ${diagnosticText(error.diagnostic, { showPath: (p) => p })}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  const filter: ChangeFilter = {
    backend: args.backend === null ? undefined : normalizedBackend(args.backend),
    fields: args.fields.length === 0 ? undefined : [...new Set(args.fields.flatMap(fieldsNamed))],
  };
  const entries = filterHistory(historyChanges(walk.entries, walk.base?.outcome ?? null), filter);
  if (args.format === 'json') {
    io.stdout(
      renderHistoryJson(entries, {
        repository: root,
        since: args.since,
        until: args.until ?? 'HEAD',
        base: walk.base?.commit ?? null,
        filter: { backend: filter.backend ?? null, fields: filter.fields ?? null },
      }),
    );
  } else {
    const range = `${args.since === null ? 'from the first commit' : `since ${args.since}`} to ${args.until ?? 'HEAD'}`;
    io.stdout(renderHistoryText(entries, { range }));
  }
  return EXIT_OK;
}
