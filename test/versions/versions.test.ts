// Which generator version a tree follows, how versions are named, and the rules each has.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gitBlobId } from '../../src/node-builtins.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { GENERATOR_SCRIPT, identifyVersion } from '../../src/versions/identify.js';
import {
  findVersion,
  GENERATOR_VERSIONS,
  LATEST_VERSION,
  RULE_NAMES,
  SEED_VERSION,
  type GeneratorVersion,
} from '../../src/versions/versions.js';

test('git blob ids are git hash-object ids', () => {
  const bytes = new TextEncoder().encode('print("hello")\r\nx = 1\n');
  const git = spawnSync('git', ['hash-object', '--stdin'], { input: bytes, encoding: 'utf8' });
  if (git.error) return; // no git here: nothing to compare with
  assert.equal(gitBlobId(bytes), git.stdout.trim());
});

test('a tree follows its own script, also with CRLF line ends; the newest without one or with an unknown one', () => {
  const script = 'def main():\n    pass\n';
  const fake: GeneratorVersion[] = [
    { ...GENERATOR_VERSIONS[0], blobs: [gitBlobId(new TextEncoder().encode(script))] },
    { ...GENERATOR_VERSIONS[1], blobs: ['0'.repeat(40)] },
  ];
  const withScript = (text: string): MemoryTree => new MemoryTree({ [GENERATOR_SCRIPT]: text });
  assert.equal(identifyVersion(withScript(script), fake).version.number, 1);
  assert.equal(identifyVersion(withScript(script.replaceAll('\n', '\r\n')), fake).version.number, 1);
  const edited = identifyVersion(withScript(`${script}# local edit\n`), fake);
  assert.equal(edited.version.number, 2);
  assert.equal(edited.source.kind, 'unknown-script');
  assert.deepEqual(identifyVersion(new MemoryTree({}), fake).source, { kind: 'no-script' });
  assert.equal(identifyVersion(new MemoryTree({})).version, LATEST_VERSION);
});

test('versions are named by number, introducing commit (or the one that brought it back), date or latest', () => {
  assert.equal(findVersion('8'), SEED_VERSION);
  assert.equal(findVersion('v15'), LATEST_VERSION);
  assert.equal(findVersion('latest'), LATEST_VERSION);
  assert.equal(findVersion('43cc5138e5'), SEED_VERSION);
  assert.equal(findVersion('6d85b36a9fa2ac979ad53903358603d2820bf207'), SEED_VERSION);
  // A date gives the version in force at the end of that day.
  assert.equal(findVersion('2026-04-22')?.number, 8);
  assert.equal(findVersion('2026-05-01')?.number, 12);
  assert.equal(findVersion('2026-01-27'), null);
  assert.equal(findVersion('16'), null);
  assert.equal(findVersion('deadbeef00'), null);
  assert.equal(findVersion('nonsense'), null);
});

test('each version has the rules introduced up to it, and version 9 alone reads is_device_capability', () => {
  for (const v of GENERATOR_VERSIONS) {
    for (const rule of RULE_NAMES) {
      if (rule === 'exact-device-capability') assert.equal(v.rules.has(rule), v.number === 9);
    }
  }
  assert.equal(GENERATOR_VERSIONS[0].rules.size, 0);
  assert.equal(LATEST_VERSION.rules.size, RULE_NAMES.length - 1);
  assert.deepEqual(
    GENERATOR_VERSIONS.map((v) => v.number),
    Array.from({ length: 15 }, (_, i) => i + 1),
  );
});
