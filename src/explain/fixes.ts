// For a backend ranked above the pick: which single change of the setup would
// make it valid. Each candidate change is tried by running the tree's
// selection again in the changed world; nothing is inferred from reasons.
// Kinds of change, in the order reported (the first is the smallest):
// installing one more kernel, another KV-cache dtype (from the tree's
// CacheDType), another --block-size (or none), another GPU (nearest first).

import { PyRaise } from '../evaluate/errors.js';
import { UnknownSignal } from '../evaluate/unknown.js';
import { knownCapabilities, type Gpu } from './gpus.js';
import { runSelection, type SelectionRequest, type Sessions } from './selection.js';
import { KERNELS, type World } from './world.js';

export type Fix =
  | { readonly change: 'kernels'; readonly add: string }
  | { readonly change: 'kvCacheDtype'; readonly value: string }
  | { readonly change: 'blockSize'; readonly value: number | null }
  | { readonly change: 'gpu'; readonly capability: string; readonly gpus: readonly string[] };

const BLOCK_SIZES = [16, 32, 64, 128, 256];

interface Candidate {
  readonly fix: Fix;
  readonly world: World;
  readonly request: SelectionRequest;
}

export function findFixes(
  sessions: Sessions,
  world: World,
  request: SelectionRequest,
  gpu: Gpu,
  targets: readonly string[],
): Map<string, Fix[]> {
  const found = new Map<string, Fix[]>(targets.map((t) => [t, []]));
  for (const candidate of candidates(sessions, world, request, gpu)) {
    const outcome = runSelection(sessions, candidate.world, candidate.request);
    if ('kind' in outcome) continue;
    for (const target of targets) {
      if (outcome.backends.find((b) => b.name === target)?.valid === true)
        found.get(target)?.push(candidate.fix);
    }
  }
  return found;
}

function* candidates(
  sessions: Sessions,
  world: World,
  request: SelectionRequest,
  gpu: Gpu,
): Generator<Candidate> {
  for (const kernel of KERNELS) {
    if (world.kernels.has(kernel)) continue;
    yield {
      fix: { change: 'kernels', add: kernel },
      world: { ...world, kernels: new Set([...world.kernels, kernel]) },
      request,
    };
  }
  for (const dtype of cacheDtypes(sessions, world)) {
    if (dtype === request.kvCacheDtype) continue;
    yield {
      fix: { change: 'kvCacheDtype', value: dtype },
      world: { ...world, config: { ...world.config, kvCacheDtype: dtype } },
      request: { ...request, kvCacheDtype: dtype },
    };
  }
  if (world.config.blockSize !== null) {
    for (const size of [null, ...BLOCK_SIZES]) {
      if (size === world.config.blockSize) continue;
      yield {
        fix: { change: 'blockSize', value: size },
        world: { ...world, config: { ...world.config, blockSize: size } },
        request: { ...request, blockSize: size },
      };
    }
  }
  const here = gpu.major * 10 + gpu.minor;
  const others = knownCapabilities()
    .filter((c) => c.major !== gpu.major || c.minor !== gpu.minor)
    .sort(
      (a, b) =>
        Math.abs(a.major * 10 + a.minor - here) - Math.abs(b.major * 10 + b.minor - here) ||
        a.major - b.major,
    );
  for (const c of others) {
    yield {
      fix: { change: 'gpu', capability: `${c.major}.${c.minor}`, gpus: c.names },
      world: { ...world, capability: { major: c.major, minor: c.minor }, deviceName: c.names[0] },
      request,
    };
  }
}

/** The KV-cache dtypes the tree accepts: get_args(vllm.config.cache.CacheDType). */
function cacheDtypes(sessions: Sessions, world: World): string[] {
  const interp = sessions.for(world).interp;
  try {
    const literal = interp.getAttr(interp.importModule('vllm.config.cache'), 'CacheDType');
    const getArgs = interp.getAttr(interp.importModule('typing'), 'get_args');
    return [...interp.iterate(interp.call(getArgs, { args: [literal], kwargs: new Map() }))].map((v) =>
      interp.str(v),
    );
  } catch (error) {
    if (error instanceof UnknownSignal || error instanceof PyRaise) return [];
    throw error;
  }
}
