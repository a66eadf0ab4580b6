// The page's script: the same code runs as the page (its behaviour) and as
// the page's explain worker, started from this very text.

import { startPage } from './ui.js';
import { runWorker } from './worker.js';

if (typeof document === 'undefined') runWorker(globalThis as unknown as Parameters<typeof runWorker>[0]);
else startPage();
