/** Bytes as base64 text, read where they are (a `Uint8Array` may be a view into a larger buffer: not copied). */
export const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
