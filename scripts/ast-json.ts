// Our parse tree in the JSON shape scripts/py-ast-json.py records from CPython:
// constants tagged by Python type, floats as their IEEE-754 bits so that
// -0.0, inf and nan compare exactly. Shared by scripts/compare-ast.ts and
// test/python/parser.test.ts.

function f64hex(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  let s = '';
  for (let i = 0; i < 8; i++) s += dv.getUint8(i).toString(16).padStart(2, '0');
  return s;
}

function constJson(v: unknown): unknown {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: f64hex(v) };
  if (typeof v === 'string') return { str: v };
  const o = v as { pyType: string; bytes?: Uint8Array; real?: number; imag?: number };
  if (o.pyType === 'bytes') return { bytes: Buffer.from(o.bytes!).toString('hex') };
  if (o.pyType === 'complex') return { complex: [f64hex(o.real!), f64hex(o.imag!)] };
  if (o.pyType === 'ellipsis') return { ellipsis: true };
  return { unknown: String(v) };
}

/** A node (or list, or scalar) of our tree as recorded JSON. */
export function toJson(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJson);
  if (typeof node === 'object' && node !== null && '_type' in node) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === 'value' && (node._type === 'Constant' || node._type === 'MatchSingleton')
          ? constJson(v)
          : toJson(v);
    }
    return out;
  }
  return node;
}
