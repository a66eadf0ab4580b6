// What the CLI needs only for `explain` and `--format html`: the evaluator,
// explain and the page engine, a third of the code. The CLI bundle loads this
// module (dist/on-demand.bundle.cjs, scripts/build.mjs) on first use, so the
// usual run neither compiles it nor loads it from the code cache (about 3 ms
// of an unchanged run, 4-5 ms of a run without cache, measured with
// `npm run bench:pair`). Only plain data, trees and the io callbacks cross;
// errors of this side come back as data, since the two bundles' classes are
// not the same objects.

import type { FeatureMatrix } from '../matrix.js';
import { renderHtml, type HtmlPageOptions } from '../render/html.js';
import { PageScriptMissing } from '../render/page-script.js';

export { runExplain } from './explain.js';
// The launcher's JIT tuning before the first parse, handed over by the CLI bundle (its parser is not this one).
export { beforeFirstModuleParse } from '../python/parse.js';

export type HtmlPageResult =
  | { readonly kind: 'page'; readonly html: string }
  | { readonly kind: 'script-missing'; readonly message: string };

/** The HTML page, or why it cannot be made (the page script not built). */
export function htmlPageOrProblem(matrix: FeatureMatrix, options: HtmlPageOptions): HtmlPageResult {
  try {
    return { kind: 'page', html: renderHtml(matrix, options) };
  } catch (error) {
    if (error instanceof PageScriptMissing) return { kind: 'script-missing', message: error.message };
    throw error;
  }
}
