// Where the page tests' tree is.

import * as path from 'node:path';

export const projectDir = path.resolve(import.meta.dirname, '../..');
/** The demo tree shipped with the package, which both the generator and explain run on. */
export const demoTree = path.join(projectDir, 'examples/demo-vllm');
