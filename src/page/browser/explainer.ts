// The explain engine over the page's embedded sources, wherever it runs (the
// worker, or the page itself when a worker cannot start).

import { EmbeddedTree } from '../embedded-tree.js';
import { runExplain, type ExplainAnswer, type ExplainInputs } from '../engine.js';
import { decodeRecord } from '../record-codec.js';

export async function inflateBase64(base64: string): Promise<Uint8Array> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class Explainer {
  private constructor(private readonly tree: EmbeddedTree) {}

  static async fromBase64(base64: string): Promise<Explainer> {
    return new Explainer(new EmbeddedTree(decodeRecord(await inflateBase64(base64))));
  }

  explain(inputs: ExplainInputs): ExplainAnswer {
    return runExplain(this.tree, inputs);
  }
}
