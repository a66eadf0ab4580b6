// The launcher turns V8's inlining off for a run that parses (src/launch/jit-tuning.ts),
// never where the user chose inlining flags themselves, and puts it back before the code
// cache is written. (That the code cache then stays valid from run to run is checked
// end to end in code-cache.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { jitTuning } from '../../src/launch/jit-tuning.js';

test('no tuning where the user set inlining, on the command line or in NODE_OPTIONS', () => {
  assert.equal(jitTuning(['--turbo-inlining'], undefined), null);
  assert.equal(jitTuning(['--no-turbo_inlining'], undefined), null);
  assert.equal(jitTuning([], '--max-old-space-size=512 --no-turbo-inlining'), null);
  assert.notEqual(jitTuning(['--max-old-space-size=512'], undefined), null);
});

test('undo() only after apply(), once', () => {
  // In a child process: the flags are the process's own.
  const module = JSON.stringify(path.resolve('src/launch/jit-tuning.ts'));
  const script = `
    import(${module}).then(({ jitTuning }) => {
      const tuning = jitTuning([], undefined);
      const before = tuning.undo();
      tuning.apply();
      const first = tuning.undo();
      const second = tuning.undo();
      console.log(JSON.stringify([before, first, second]));
    });
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [false, true, false]);
});
