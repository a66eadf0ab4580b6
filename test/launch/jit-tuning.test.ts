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

test('Maglev is switched off only where V8 has it on by default (V8 12 on) and the user left it alone', () => {
  // Which flags apply is visible through undo(): run in a child, where the flags are its own.
  const module = JSON.stringify(path.resolve('src/launch/jit-tuning.ts'));
  const flagsSet = (v8Version: string, execArgv: string[]): string[] => {
    const script = `
      import(${module}).then(({ jitTuning }) => {
        const v8 = require('node:v8');
        const set = [];
        const original = v8.setFlagsFromString;
        v8.setFlagsFromString = (flags) => { set.push(flags); };
        const tuning = jitTuning(${JSON.stringify(execArgv)}, undefined, ${JSON.stringify(v8Version)});
        tuning.apply();
        tuning.undo();
        v8.setFlagsFromString = original;
        console.log(JSON.stringify(set));
      });
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  assert.deepEqual(flagsSet('11.3.244.8-node.38', []), ['--no-turbo-inlining', '--turbo-inlining']);
  assert.deepEqual(flagsSet('13.6.233.17-node.63', []), [
    '--no-turbo-inlining --no-maglev',
    '--turbo-inlining --maglev',
  ]);
  assert.deepEqual(flagsSet('13.6.233.17-node.63', ['--no-maglev']), [
    '--no-turbo-inlining',
    '--turbo-inlining',
  ]);
});
