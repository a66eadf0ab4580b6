// --gpu: a compute capability in any of the usual spellings, or a GPU's name.
// The names are NVIDIA's published compute capabilities (CUDA GPUs page);
// AMD and CPU names are recognised only to say they are not CUDA devices.

export interface Gpu {
  /** The name as shown (from the table), or the capability text for a bare capability. */
  readonly name: string;
  readonly major: number;
  readonly minor: number;
}

/**
 * Compute capability, then the names that mean it (case, spaces and dashes
 * ignored); the first name is the one shown. Also in docs/design/explain.md.
 */
const GPU_NAMES = `
7.0  V100 | Tesla V100 | Titan V
7.2  Jetson AGX Xavier | Xavier
7.5  T4 | RTX 2080 Ti | Quadro RTX 6000 | RTX 2080 | Quadro RTX 8000 | RTX 2070 | RTX 2060 | Tesla T4
8.0  A100 | A800 | A30
8.6  A10 | A40 | RTX 3090 | RTX A6000 | A10G | A16 | A2 | RTX 3090 Ti | RTX 3080 | RTX 3070 | RTX 3060 | RTX A5000 | RTX A4000
8.7  Jetson AGX Orin | Jetson Orin | Orin
8.9  L4 | L40S | RTX 4090 | RTX 6000 Ada | L40 | L20 | RTX 4080 | RTX 4070 | RTX 4060 | RTX 5000 Ada
9.0  H100 | H200 | GH200 | H20 | H800 | H100 PCIe | H100 SXM | H100 NVL
10.0 B200 | GB200 | B100
10.3 B300 | GB300
11.0 Jetson Thor | Jetson AGX Thor | Thor
12.0 RTX 5090 | RTX PRO 6000 | RTX 5080 | RTX PRO 6000 Blackwell | RTX 5070 | RTX 5060 | RTX PRO 5000 | RTX PRO 4000
12.1 DGX Spark | GB10
`;

/** [names, shown name, major, minor] per compute capability. */
export const GPU_TABLE: readonly (readonly [readonly string[], string, number, number])[] = GPU_NAMES.trim()
  .split('\n')
  .map((line) => {
    const [, major, minor, rest] = /^(\d+)\.(\d)\s+(.*)$/.exec(line) as RegExpExecArray;
    const names = rest.split('|').map((n) => n.trim());
    return [names, names[0], Number(major), Number(minor)] as const;
  });

/** Non-CUDA devices people may name: ROCm GPUs, Intel GPUs, TPUs, CPUs. */
const NOT_CUDA: readonly (readonly [RegExp, string])[] = [
  [/^(mi\d+\w*|instinct.*|radeon.*|rx\d+.*|gfx\d+\w*)$/, 'ROCm'],
  [/^(arc.*|max\d+.*|pvc|xpu.*|gaudi.*|hpu.*)$/, 'XPU'],
  [/^(tpu.*|v\d+e|v\d+p)$/, 'TPU'],
  [/^(cpu|x86.*|arm.*|aarch64|graviton.*|epyc.*|xeon.*)$/, 'CPU'],
];

const normalize = (text: string): string => text.toLowerCase().replace(/[\s_-]+/g, '');

export type GpuParse =
  { readonly ok: true; readonly gpu: Gpu } | { readonly ok: false; readonly message: string };

export function parseGpu(text: string): GpuParse {
  const raw = text.trim();
  const cap = /^(?:sm_?|compute_?)?(\d+)(?:\.(\d))?([af])?$/i.exec(raw);
  if (cap !== null) {
    let major: number;
    let minor: number;
    if (cap[2] !== undefined) {
      major = Number(cap[1]);
      minor = Number(cap[2]);
    } else {
      const digits = cap[1];
      if (digits.length < 2 || digits.length > 3)
        return { ok: false, message: `--gpu ${raw}: not a compute capability (try 9.0, 90 or sm_90)` };
      major = Number(digits.slice(0, -1));
      minor = Number(digits.slice(-1));
    }
    if (major < 1 || major > 20)
      return {
        ok: false,
        message: `--gpu ${raw}: compute capability ${major}.${minor} is not a CUDA architecture`,
      };
    const known = GPU_TABLE.find(([, , a, b]) => a === major && b === minor);
    return { ok: true, gpu: { name: known?.[1] ?? `sm_${major}${minor}`, major, minor } };
  }
  const key = normalize(raw);
  for (const [names, shown, major, minor] of GPU_TABLE) {
    const hit = names.find(
      (n) => normalize(n) === key || `nvidia${normalize(n)}` === key || `geforce${normalize(n)}` === key,
    );
    if (hit !== undefined) return { ok: true, gpu: { name: hit === shown ? shown : hit, major, minor } };
  }
  for (const [pattern, platform] of NOT_CUDA) {
    if (pattern.test(key))
      return {
        ok: false,
        message: `--gpu ${raw}: a ${platform} device; explain models the CUDA platform only`,
      };
  }
  return {
    ok: false,
    message: `--gpu ${raw}: unknown GPU name (give a compute capability such as 9.0, or see the table in docs/design/explain.md)`,
  };
}

/** Distinct compute capabilities of the table, ascending (the GPUs a fix may suggest). */
export function knownCapabilities(): {
  readonly major: number;
  readonly minor: number;
  readonly names: readonly string[];
}[] {
  return GPU_TABLE.map(([names, , major, minor]) => ({ major, minor, names: names.slice(0, 4) }));
}
