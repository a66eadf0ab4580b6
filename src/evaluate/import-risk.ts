// Which tree modules might fail to import in this world, so that the
// interpreter imports them at once instead of lazily (a lazily bound import
// that is never used would hide the ImportError CPython raises: a build
// without FlashAttention makes vllm.vllm_flash_attn raise, and with it every
// module importing it at module level).
//
// Decided from the source text alone, without parsing: a module is "at risk"
// if, outside function bodies, it imports a module this world lacks, raises
// ImportError itself, or imports a tree module at risk. The scan errs only
// towards "at risk" (importing at once, CPython's own behaviour), never
// towards hiding a failure.

import type { SourceCache } from './sources.js';

export interface ImportWorld {
  /** Whether the module is already imported (then importing it again cannot fail). */
  isLoaded(name: string): boolean;
  /** The tree module's path relative to the tree, or null when `name` is not a tree module. */
  treeFile(name: string): string | null;
  /** Whether `import name` fails in this world because the module is not there. */
  isMissing(name: string): boolean;
}

const IMPORT = /^import\s+(.+)$/;
const FROM = /^from\s+(\.*)([\w.]*)\s+import\s+(.+)$/;
const RAISES = /\braise\s+(ImportError|ModuleNotFoundError)\b/;
const DEF = /^(async\s+)?def\s/;

interface ModuleImports {
  /** Modules certainly imported (`import m`, the `m` of `from m import x`). */
  readonly modules: readonly string[];
  /** `m.x` for each `from m import x`: an import only where m.x is a submodule. */
  readonly maybeSubmodules: readonly string[];
  readonly raisesImportError: boolean;
}

export class ImportRisk {
  private readonly risk = new Map<string, boolean>();

  constructor(
    private readonly sources: SourceCache,
    private readonly world: ImportWorld,
  ) {}

  /** Whether importing tree module `name` might raise ImportError in this world. */
  atRisk(name: string): boolean {
    if (this.world.isLoaded(name)) return false;
    const known = this.risk.get(name);
    if (known !== undefined) return known;
    // Cycles: a module on the current path counts as safe until shown otherwise.
    this.risk.set(name, false);
    const result = this.compute(name);
    this.risk.set(name, result);
    return result;
  }

  private compute(name: string): boolean {
    const file = this.world.treeFile(name);
    if (file === null) return this.world.isMissing(name);
    // Importing a submodule imports its packages first.
    const dot = name.lastIndexOf('.');
    if (dot > 0 && this.atRisk(name.slice(0, dot))) return true;
    const imports = this.imports(name, file);
    if (imports.raisesImportError) return true;
    for (const target of imports.modules) {
      if (this.world.treeFile(target) !== null ? this.atRisk(target) : this.world.isMissing(target))
        return true;
    }
    return imports.maybeSubmodules.some((target) => {
      // Only a package has submodules: `from m import x` of a module file m.py imports none (and
      // the tree is not asked about m/x.py, which a page that embeds the tree would have to carry).
      const parent = this.world.treeFile(target.slice(0, target.lastIndexOf('.')));
      if (parent !== null && !parent.endsWith('/__init__.py')) return false;
      return this.world.treeFile(target) !== null && this.atRisk(target);
    });
  }

  private imports(name: string, file: string): ModuleImports {
    // The scan depends on the file (and the module's name) only: once per tree, for every world.
    return this.sources.fromFile(`imports:${name}`, file, (text) =>
      scanModuleLevelImports(name, file.endsWith('/__init__.py'), text ?? ''),
    );
  }
}

/** The modules a file imports outside function bodies (with `from p import x`, also p.x), and whether it raises ImportError there. */
function scanModuleLevelImports(moduleName: string, isPackage: boolean, text: string): ModuleImports {
  const targets = new Set<string>();
  const submodules = new Set<string>();
  let raisesImportError = false;
  const lines = text.split('\n');
  // Blocks that hide an import from the import machinery at module level: function bodies,
  // `if TYPE_CHECKING:` bodies, and `try:` bodies whose handlers catch ImportError.
  const hidden: number[] = [];
  const continuation = continuationLines(lines);
  for (let i = 0; i < lines.length; i++) {
    if (continuation[i]) continue;
    const raw = lines[i];
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const indent = raw.length - body.length;
    while (hidden.length > 0 && indent <= hidden[hidden.length - 1]) hidden.pop();
    if (hidden.length > 0) continue;
    if (
      DEF.test(body) ||
      TYPE_CHECKING.test(body) ||
      (TRY.test(body) && tryCatchesImportError(lines, i, indent))
    ) {
      hidden.push(indent);
      continue;
    }
    if (RAISES.test(body)) raisesImportError = true;
    const plain = IMPORT.exec(body);
    if (plain !== null) {
      for (const part of plain[1].split(',')) {
        const target = part.trim().split(/\s+/)[0];
        if (/^[\w.]+$/.test(target)) targets.add(target);
      }
      continue;
    }
    const from = FROM.exec(body);
    if (from === null) continue;
    const base = resolveRelative(moduleName, isPackage, from[1].length, from[2]);
    if (base === null || base === '__future__') continue;
    targets.add(base);
    // The imported names, up to the closing parenthesis of a multi-line import.
    let names = from[3];
    while (names.includes('(') && !names.includes(')') && i + 1 < lines.length) names += ` ${lines[++i]}`;
    for (const n of names.replace(/[()\\]/g, ' ').split(',')) {
      const imported = n.trim().split(/\s+/)[0];
      if (/^\w+$/.test(imported)) submodules.add(`${base}.${imported}`);
    }
  }
  return { modules: [...targets], maybeSubmodules: [...submodules], raisesImportError };
}

/**
 * Lines that continue a statement begun above (inside brackets or a
 * triple-quoted string): their indentation says nothing about blocks.
 */
function continuationLines(lines: readonly string[]): boolean[] {
  const out: boolean[] = [];
  let depth = 0;
  let quote: string | null = null;
  for (const line of lines) {
    // A statement keyword at column 0 starts a statement in formatted code: a miscounted
    // bracket or quote above must not hide the rest of the file.
    if ((depth > 0 || quote !== null) && STATEMENT_AT_COLUMN_0.test(line)) {
      depth = 0;
      quote = null;
    }
    out.push(depth > 0 || quote !== null);
    let i = 0;
    while (i < line.length) {
      if (quote !== null) {
        const end = line.indexOf(quote, i);
        if (end < 0) break;
        i = end + 3;
        quote = null;
        continue;
      }
      const ch = line[i];
      if (ch === '#') break;
      if ((ch === '"' || ch === "'") && line.startsWith(ch.repeat(3), i)) {
        quote = ch.repeat(3);
        i += 3;
        continue;
      }
      if (ch === '"' || ch === "'") {
        // A one-line string: skip to its closing quote.
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
      i++;
    }
  }
  return out;
}

const STATEMENT_AT_COLUMN_0 = /^(def |class |import |from |@|if |try:|async def )/;
const TYPE_CHECKING = /^if\s+(typing\.)?TYPE_CHECKING\s*:/;
const TRY = /^try\s*:/;
const CATCHES_IMPORT_ERROR =
  /^except\s*(:|\(?[^:]*\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b)/;

/** Whether the `try:` at line `start` has a handler (at its own indentation) catching ImportError. */
function tryCatchesImportError(lines: readonly string[], start: number, indent: number): boolean {
  for (let i = start + 1; i < lines.length; i++) {
    const raw = lines[i];
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const own = raw.length - body.length;
    if (own > indent) continue;
    if (own < indent) return false;
    if (CATCHES_IMPORT_ERROR.test(body)) return true;
    if (!/^(except|else|finally)\b/.test(body)) return false;
  }
  return false;
}

function resolveRelative(
  moduleName: string,
  isPackage: boolean,
  level: number,
  module: string,
): string | null {
  if (level === 0) return module;
  const parts = moduleName.split('.');
  const packageParts = isPackage ? parts : parts.slice(0, -1);
  if (level - 1 > packageParts.length) return null;
  const base = packageParts.slice(0, packageParts.length - (level - 1));
  return [...base, ...(module === '' ? [] : [module])].join('.');
}
