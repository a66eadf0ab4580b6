// The command writes stdout and stderr with plain synchronous writes (no Node
// stream unless needed: src/cli/std-output.ts). Where a write cannot finish
// now (a non-blocking pipe that is full, EAGAIN), a stream takes over and the
// process ends only once it is drained: nothing is lost, nothing reordered.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { binFile, demoTree, requireBuilt } from '../package/helpers.js';

// A non-blocking pipe needs fcntl, which Node does not offer: python3 sets one up.
const HARNESS = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.5)  # let the pipe fill (64 KB) before anyone reads
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
sys.stdout.buffer.write(data)
sys.exit(child.wait())
`;

const noPython = spawnSync('python3', ['--version']).status === 0 ? false : 'python3 is not installed';

test(
  'output larger than a full non-blocking pipe: all of it, in order, then the exit',
  { skip: noPython },
  () => {
    requireBuilt();
    const env = { ...process.env, VLLM_ATTENTION_DOCS_NO_CACHE: '1' };
    // Many writes, one per file: the stream that takes over must keep them in order.
    const file = path.join(demoTree, 'vllm/v1/attention/backends/flash_attn.py');
    const args = ['ast', ...Array.from({ length: 100 }, () => file)];
    const direct = spawnSync(process.execPath, [binFile, ...args], { env, encoding: 'utf8' });
    assert.equal(direct.status, 0, direct.stderr);
    assert.ok(direct.stdout.length > 4 * 65536, `more than a pipe holds (${direct.stdout.length} bytes)`);
    const r = spawnSync('python3', ['-c', HARNESS, process.execPath, binFile, ...args], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, direct.stdout);
  },
);
