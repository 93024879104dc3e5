/** Bytes as base64 text, read where they are (a `Uint8Array` may be a view into a larger buffer: not copied). */
export const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')

/** Padded standard base64 text, as Python's `b64encode` and the SDK's JSON write it. */
const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** The bytes of padded standard base64 text `s`, or `undefined` when `s` is no such text. */
export const fromBase64 = (s: unknown): Uint8Array | undefined =>
  typeof s === 'string' && base64Shape.test(s) ? new Uint8Array(Buffer.from(s, 'base64')) : undefined
