// Python constant values as the parser produces them and the extractors read them.
// The JS type carries the Python type: bigint is `int`, number is `float`,
// string is `str`; bytes, complex and Ellipsis are tagged objects.

export interface PyBytes {
  readonly pyType: 'bytes';
  readonly bytes: Uint8Array;
}

export interface PyComplex {
  readonly pyType: 'complex';
  readonly real: number;
  readonly imag: number;
}

export interface PyEllipsis {
  readonly pyType: 'ellipsis';
}

/** Everything an `ast.Constant.value` can hold after `ast.parse` (no folding, so no tuples). */
export type PyConstant = null | boolean | bigint | number | string | PyBytes | PyComplex | PyEllipsis;

export const ELLIPSIS: PyEllipsis = Object.freeze({ pyType: 'ellipsis' });
