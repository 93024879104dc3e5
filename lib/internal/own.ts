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

/** How deep `plainOnce` copies (past the 32 levels of any item DynamoDB stores): below, a value is kept as it is. */
const PLAIN_DEPTH = 40

/**
 * `u` read once: a plain object (`isPlainObject`) or an array is copied, each own enumerable
 * property (each element; a hole stays one) read once and copied so, down to `PLAIN_DEPTH`;
 * anything else (a primitive, a date, bytes, a set, a class's instance) is kept as it is. A
 * getter's or a Proxy's first answer is the value: what a codec checks is what it encodes and
 * what is stored. An own `__proto__` stays an own key (`define`); a prototype of `null` is kept.
 */
export const plainOnce = (u: unknown): unknown => copyOnce(u, 0)

const copyOnce = (u: unknown, depth: number): unknown => {
  if (typeof u !== 'object' || u === null || depth > PLAIN_DEPTH) return u
  if (Array.isArray(u)) {
    const n = u.length
    const list: unknown[] = new Array(n)
    for (let i = 0; i < n; i++) if (i in u) list[i] = copyOnce(u[i], depth + 1)
    return list
  }
  const p: unknown = Object.getPrototypeOf(u)
  if (p !== Object.prototype && p !== null) return u
  const o = u as Record<string, unknown>
  const out: Record<string, unknown> = p === null ? (Object.create(null) as Record<string, unknown>) : {}
  const keys = Object.keys(o)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    const v = copyOnce(o[k], depth + 1)
    if (k === '__proto__') define(out, k, v)
    else out[k] = v
  }
  return out
}
