// What the evaluated code can learn about the machine it runs on: which
// modules exist beside the tree's (the world's stand-ins for torch, compiled
// kernels, third-party packages), environment variables, files outside the
// tree. The evaluator asks; the caller (explain's world) answers. Nothing
// here reads the real machine.

import type { PyModule } from './objects.js';
import type { Runtime } from './runtime.js';

export type HostModule =
  /** A module whose source (Python) the host supplies, evaluated like a tree module. */
  | { readonly kind: 'source'; readonly path: string; readonly source: string; readonly isPackage: boolean }
  /** A module built natively (in TypeScript) by the host. */
  | {
      readonly kind: 'native';
      readonly build: (runtime: Runtime, module: PyModule) => void;
      readonly isPackage?: boolean;
    }
  /** Not installed: importing it raises ModuleNotFoundError. */
  | { readonly kind: 'missing' }
  /** Installed, contents not modelled: every attribute is an opaque value. */
  | { readonly kind: 'opaque' };

export interface Host {
  /**
   * The host's answer for a module name, before the tree and the standard
   * library are consulted; undefined when it has none.
   */
  module(name: string): HostModule | undefined;
  /** A module found nowhere else (not in the tree, not modelled): installed-but-opaque, or missing. */
  fallback(name: string): 'opaque' | 'missing';
  /** Called once a module from the tree or the host has run: lets the world replace some of its names. */
  afterExecute?(name: string, module: PyModule, runtime: Runtime): void;
  /** os.environ. */
  readonly environ: ReadonlyMap<string, string>;
  /** os.path.exists() of an absolute path that is not a file of the tree; undefined: unknown. */
  pathExists?(path: string): boolean | undefined;
  /** shutil.which(); null: not on PATH. */
  which?(program: string): string | null;
}
