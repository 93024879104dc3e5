/**
 * Own properties: whether an object has a key of its own, keys set by definition, never by
 * assignment (an assignment to `__proto__` sets a prototype instead of making a key), and the
 * tests of an object of keys (no `null`, no array) and of a plain object (its prototype
 * `Object.prototype` or none).
 *
 * @since 0.1.0
 */

/** Whether `k` is an own property of `o` (not one of its prototype's: `toString`, `__proto__`). */
export const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** `o[k] = v` as an own, enumerable data property, whatever `k` is (`__proto__` included). */
export const define = (o: object, k: string, v: unknown): void => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
}

/** Whether `u` is an object of keys: an object, not `null`, not an array (a class instance passes). */
export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** Whether `u` is a plain object: its prototype `Object.prototype` or `null` (no array, no class instance). */
export const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null) return false
  const p = Object.getPrototypeOf(u)
  return p === Object.prototype || p === null
}
