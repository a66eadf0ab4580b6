// Where the package's own files are (package.json, examples/demo-vllm): one
// level above this module, which is src/package-dir.ts run from source and
// inside dist/ once built (the CLI bundle is dist/cli.bundle.cjs).

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder (one level above dist/ or src/). */
export function packageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

/** The demo tree shipped with the package. */
export function demoTreeRoot(): string {
  return path.join(packageDir(), 'examples', 'demo-vllm');
}
