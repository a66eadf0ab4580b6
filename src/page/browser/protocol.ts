// Messages between the page and its explain worker.

import type { ExplainAnswer, ExplainInputs } from '../engine.js';

export type ToWorker =
  /** The embedded sources (base64 of deflate-raw), sent once. */
  | { readonly kind: 'sources'; readonly base64: string }
  | { readonly kind: 'explain'; readonly id: number; readonly inputs: ExplainInputs };

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'answer'; readonly id: number; readonly answer: ExplainAnswer; readonly ms: number }
  /** The engine itself failed (a bug): its message. */
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
