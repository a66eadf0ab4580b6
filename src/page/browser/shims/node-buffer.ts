// node:buffer for the page's bundle: what src/python/source.ts uses of it
// (isUtf8 and Buffer.from(...).toString('utf8')), with the browser's TextDecoder.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const Buffer = {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number) {
    return { toString: () => lenient.decode(new Uint8Array(buffer, byteOffset, length)) };
  },
};
