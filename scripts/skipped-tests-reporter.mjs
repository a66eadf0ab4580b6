// A node:test reporter that lists every skipped test (and todo) with its
// reason, for scripts/run-tests.mjs to print after the runner's own summary,
// which only counts them.
import { relative } from 'node:path';

export default async function* skippedTests(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, todo, name, file } = event.data;
    const kind = skip !== undefined ? 'skipped' : todo !== undefined ? 'todo' : null;
    // Node 20 reports tests left out by --test-name-pattern as skipped: not worth a line each.
    if (kind === null || skip === 'test name does not match pattern') continue;
    const reason = kind === 'skipped' ? skip : todo;
    const where = file === undefined ? '' : `${relative(process.cwd(), file)}: `;
    yield `${JSON.stringify({ kind, test: `${where}${name}`, reason: typeof reason === 'string' ? reason : null })}\n`;
  }
}
