// The text form of an explain answer: the priority list with each backend's
// verdict in vLLM's words, the pick or vLLM's error, the --block-size warning,
// and what would make each higher-ranked backend valid.

import type { BackendJson, ExplainJson, UnknownJson } from './explain.js';
import type { UnknownCode } from '../evaluate/unknown.js';
import type { Fix } from './fixes.js';

const UNKNOWN_TEXT: Record<UnknownCode, string> = {
  'unsupported-syntax': 'a Python construct the evaluator does not implement',
  'opaque-value': 'a value the world does not model',
  'unsupported-builtin': 'a builtin the evaluator does not implement',
  'not-evaluated': 'a name whose definition could not be evaluated',
  'unmodelled-config': 'a config field the world does not model',
  'unmodelled-module': 'a module the world does not model',
  'recursion-limit': 'recursion too deep',
  'step-limit': 'evaluation too long',
  'too-large': 'a value too large to build',
  'syntax-error': 'a file that does not parse',
  'import-time-exception': 'a module-level statement that raised',
};

export function unknownText(u: UnknownJson): string {
  return `unknown: ${UNKNOWN_TEXT[u.code as UnknownCode] ?? u.code} (${u.what}) at ${u.file}:${u.line}`;
}

function fixText(fix: Fix): string {
  switch (fix.change) {
    case 'kernels':
      return `kernel ${fix.add} installed`;
    case 'kvCacheDtype':
      return `--kv-cache-dtype ${fix.value}`;
    case 'blockSize':
      return fix.value === null ? 'no --block-size' : `--block-size ${fix.value}`;
    case 'gpu':
      return `--gpu ${fix.capability} (${fix.gpus.join(', ')})`;
  }
}

/** Fixes of one kind grouped on one line: "--kv-cache-dtype auto | float16". */
function fixesText(fixes: readonly Fix[]): string[] {
  const byKind = new Map<string, Fix[]>();
  for (const f of fixes) byKind.set(f.change, [...(byKind.get(f.change) ?? []), f]);
  const lines: string[] = [];
  for (const [kind, group] of byKind) {
    if (kind === 'kvCacheDtype')
      lines.push(`--kv-cache-dtype ${group.map((f) => (f as { value: string }).value).join(' | ')}`);
    else if (kind === 'blockSize') lines.push(group.map(fixText).join(' | '));
    else lines.push(...group.map(fixText));
  }
  return lines;
}

function verdict(b: BackendJson): string {
  if (b.valid === true) return '✅ valid';
  if (b.valid === null) {
    if (b.raised !== undefined) return `❗ raises ${b.raised}`;
    return b.unknown === undefined ? '❓ unknown' : `❓ ${unknownText(b.unknown)}`;
  }
  const reasons = b.reasons.map((r) =>
    r === 'ImportError' && b.importError !== undefined ? `ImportError (${b.importError})` : r,
  );
  return `❌ ${reasons.join('; ')}`;
}

export function renderExplainText(r: ExplainJson, treeLabel: string): string {
  const c = r.config;
  const out: string[] = [];
  out.push(
    `vLLM attention backend selection: ${c.gpu.name} (compute capability ${c.gpu.capability}), tree ${treeLabel}`,
  );
  const features = [
    c.useMla ? 'MLA' : null,
    c.useSparse ? 'sparse' : null,
    c.hasSink ? 'sinks' : null,
    c.useMmPrefix ? 'multimodal prefix' : null,
    c.usePerHeadQuantScales ? 'per-head quant scales' : null,
    c.nonCausal ? 'non-causal' : null,
  ].filter((f) => f !== null);
  out.push(
    `setup: head size ${c.headSize}, dtype ${c.dtype}, KV cache ${c.kvCacheDtype}, block size ${c.blockSize ?? 'not set'}, ${c.attnType}` +
      `${features.length > 0 ? `, ${features.join(', ')}` : ''}${c.numHeads !== null ? `, ${c.numHeads} heads` : ''}`,
  );
  out.push(
    `kernels: ${c.kernels.length > 0 ? c.kernels.join(', ') : 'none'}${
      Object.keys(c.env).length > 0
        ? `; env ${Object.entries(c.env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`
        : ''
    }`,
  );
  if (c.attentionBackend !== null)
    out.push(`--attention-backend ${c.attentionBackend}: vLLM validates only this backend`);
  for (const d of r.derived) out.push(`from config.json: ${d.field} = ${String(d.value)} (${d.from})`);
  for (const name of r.ignoredInputs)
    out.push(`note: this tree's get_attn_backend has no ${name} parameter; it was not passed`);
  out.push('');
  if (r.priorities.length > 0) out.push('Priority order:');
  const width = Math.max(0, ...r.backends.map((b) => b.name.length));
  for (const b of r.backends) {
    const rank = b.priority === null ? ' -' : String(b.priority + 1).padStart(2);
    const mark = b.explicit === true ? ' (explicit, not in the priority list)' : '';
    out.push(`${rank}. ${b.name.padEnd(width)}  ${verdict(b)}${mark}`);
    if (b.fixes !== undefined) {
      if (b.fixes.length === 0)
        out.push(
          `    ${' '.repeat(width)}  no single change of kernels, KV-cache dtype, block size or GPU makes it valid`,
        );
      else for (const line of fixesText(b.fixes)) out.push(`    ${' '.repeat(width)}  valid with ${line}`);
    }
  }
  out.push('');
  if (r.chosen !== null) out.push(`Chosen: ${r.chosen}`);
  if (r.error !== null) out.push(`vLLM raises ${r.errorType ?? 'an exception'}: ${r.error}`);
  if (r.undetermined !== null) out.push(`Chosen: undetermined (${unknownText(r.undetermined)})`);
  if (r.blockSizeWarning !== null) out.push(`vLLM warns: ${r.blockSizeWarning}`);
  return `${out.join('\n')}\n`;
}
