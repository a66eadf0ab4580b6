// The page's script (src/page/browser, bundled for the browser by
// scripts/build.mjs into dist/page-app.js), read from beside this code:
// dist/ in the package, or dist/ of the checkout when running from src/.

import { readFileSync } from 'node:fs';

const CANDIDATES = [
  new URL('./page-app.js', import.meta.url),
  new URL('../../dist/page-app.js', import.meta.url),
];

export class PageScriptMissing extends Error {}

export function pageScript(): string {
  for (const candidate of CANDIDATES) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new PageScriptMissing('the page script dist/page-app.js is not built (npm run build builds it)');
}
