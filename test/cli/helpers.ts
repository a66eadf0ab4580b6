// Shared by the CLI tests: a small vLLM-shaped tree on disk (one backend,
// ALPHA) and runCli in this process with its output captured.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/cli.js';
import { makeTempDir } from '../temp-dir.js';

export const BACKENDS = 'vllm/v1/attention/backends';
export const DOC = 'docs/design/attention_backends.md';

const REGISTRY = `
from enum import Enum

class AttentionBackendEnum(Enum):
    ALPHA = "vllm.v1.attention.backends.alpha.AlphaBackend"
`;
const ALPHA = `
class AlphaBackend:
    @staticmethod
    def get_supported_head_sizes():
        return [64, 128]
`;

export function makeTree(): string {
  const root = makeTempDir('cli');
  const backends = path.join(root, BACKENDS);
  fs.mkdirSync(backends, { recursive: true });
  fs.writeFileSync(path.join(backends, 'registry.py'), REGISTRY);
  fs.writeFileSync(path.join(backends, 'alpha.py'), ALPHA);
  return root;
}

export function run(argv: string[], cwd: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  // The tree has no generator script; follow the seed's version, as the expectations do.
  const io: CliIo = {
    cwd,
    env: { VLLM_ATTENTION_DOCS_GENERATOR_VERSION: '8' },
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  };
  const code = runCli(argv, io);
  return { code, out, err };
}
