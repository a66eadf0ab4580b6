// Shared by the parser conformance and benchmark scripts: which Python files to use,
// and how to talk to scripts/py-dump.py.

import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compareStrings } from '../src/python/values.js';

export const PY_DUMP_SCRIPT = fileURLToPath(new URL('./py-dump.py', import.meta.url));

/** Directories under the stdlib root that are third-party installs, not the stdlib. */
const NOT_STDLIB = new Set(['site-packages', 'dist-packages']);

export function stdlibRoot(python: string): string {
  return execFileSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], {
    encoding: 'utf8',
  }).trim();
}

/** Every `.py` file under `root` (recursive), skipping third-party package directories. */
function listPythonFiles(root: string, out: string[]): void {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_STDLIB.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        out.push(path);
      }
    }
  }
}

/**
 * The corpus: the given files and directories (recursive), or python3's whole stdlib
 * (`Lib`, without site-packages) when none are given; sorted by code point; at most `limit`.
 */
export function collectCorpus(options: { targets: string[]; python: string; limit?: number }): string[] {
  const files: string[] = [];
  const targets = options.targets.length > 0 ? options.targets : [stdlibRoot(options.python)];
  for (const target of targets) {
    const absolute = resolve(target);
    if (statSync(absolute).isDirectory()) listPythonFiles(absolute, files);
    else files.push(absolute);
  }
  files.sort(compareStrings);
  return options.limit !== undefined ? files.slice(0, options.limit) : files;
}

/** A running `py-dump.py` process whose stdout is read one JSON line at a time. */
export class PythonLines {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  constructor(python: string, args: string[]) {
    this.child = spawn(python, [PY_DUMP_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.lines = createInterface({ input: this.child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  end(): void {
    this.child.stdin.end();
  }

  async next(): Promise<unknown> {
    const result = await this.lines.next();
    if (result.done) throw new Error(`py-dump.py ended early:\n${this.stderr}`);
    return JSON.parse(result.value);
  }

  kill(): void {
    this.child.kill();
  }
}

export function parseFlags(
  argv: string[],
  valued: string[],
): { flags: Map<string, string>; positional: string[] } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (eq >= 0) flags.set(name, arg.slice(eq + 1));
    else if (valued.includes(name)) {
      if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
      flags.set(name, argv[++i]);
    } else flags.set(name, 'true');
  }
  return { flags, positional };
}
