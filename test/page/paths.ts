// Where the page tests' trees are.

import * as path from 'node:path';

export const projectDir = path.resolve(import.meta.dirname, '../..');
/** Our vLLM-shaped tree that both the generator and explain run on. */
export const pageTree = path.join(projectDir, 'test/page/tree');
export const demoTree = path.join(projectDir, 'examples/demo-vllm');
