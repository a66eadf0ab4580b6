// `mkdir -p` that cannot spin: Node's `{ recursive: true }` retries forever
// when mkdir answers ENOENT under a parent that exists (procfs does).

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Makes `dir` and its missing parents, one level at a time: each missing
 * level is made once (with `mode`, umask applied), or this throws.
 */
export function makeDirectories(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) break;
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      fs.mkdirSync(missing[i], { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
