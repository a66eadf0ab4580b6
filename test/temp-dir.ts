// Temporary folders for tests: `vad-<label>-XXXXXX` under the system's temp
// folder, removed when the test file's process exits, whether its tests passed
// or failed (node --test runs each file in a process of its own). Set
// VAD_KEEP_TEMP=1 to keep them for a look after a failure; their paths are
// then printed on stderr.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

function removeAll(): void {
  if (process.env.VAD_KEEP_TEMP) {
    for (const dir of made) process.stderr.write(`kept temporary folder ${dir}\n`);
    return;
  }
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** A fresh, empty folder (its real path: /tmp may be a link). */
export function makeTempDir(label: string): string {
  if (made.length === 0) process.on('exit', removeAll);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `vad-${label}-`)));
  made.push(dir);
  return dir;
}
