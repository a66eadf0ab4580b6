// The page's explain worker: answers explain questions off the page's thread.

import { Explainer } from './explainer.js';
import type { FromWorker, ToWorker } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

export function runWorker(scope: WorkerScope): void {
  let explainer: Promise<Explainer> | null = null;
  scope.onmessage = (event) => {
    const message = event.data;
    if (message.kind === 'sources') {
      explainer = Explainer.fromBase64(message.base64);
      void explainer.then(() => scope.postMessage({ kind: 'ready' }));
      return;
    }
    if (explainer === null) return;
    void explainer.then((engine) => {
      const start = performance.now();
      try {
        const answer = engine.explain(message.inputs);
        scope.postMessage({ kind: 'answer', id: message.id, answer, ms: performance.now() - start });
      } catch (error) {
        scope.postMessage({ kind: 'failed', id: message.id, message: String(error) });
      }
    });
  };
}
