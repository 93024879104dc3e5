/**
 * Own properties: whether an object has a key of its own, keys set by definition, never by
 * assignment (an assignment to `__proto__` sets a prototype instead of making a key), and the
 * tests of an object of keys (no `null`, no array) and of a plain object (its prototype
 * `Object.prototype` or none).
 *
 * @since 0.1.0
 */

import { ITEM_BYTES, VALUE_DEPTH } from '../rules/limits.js'

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

/**
 * The most values `plainOnce` copies: `ITEM_BYTES`. Every value of a stored item takes at least
 * one of its 409,600 bytes (`rules/size.ts`: a name's bytes and a value's, a list's or map's
 * element at least one), so no item DynamoDB stores has more; an object sharing its
 * sub-objects (`{ k0: o, k1: o }` nested) reads as a tree of exponentially many, which the copy
 * would take that long to make.
 */
const PLAIN_NODES = ITEM_BYTES

/** What `plainOnce` returns past `PLAIN_NODES` values: no item DynamoDB stores is that large. */
export const TOO_MANY: unique symbol = Symbol('too many values')

/** Why a value `plainOnce` refused (`TOO_MANY`) is refused. */
export const tooMany = `more than ${PLAIN_NODES} values (an object that shares its objects is read as a copy of each): larger than any item DynamoDB stores (${ITEM_BYTES} bytes)`

/** Whether `u` is a list `plainOnce` copies: an array whose prototype is `Array.prototype` (no subclass's instance). */
const isPlainArray = (u: object): u is unknown[] => Array.isArray(u) && Object.getPrototypeOf(u) === Array.prototype

/**
 * What `plainOnce` returns when reading a value threw (a getter's, a Proxy trap's): where
 * (`path`, the keys and indexes from the top down to the value whose reading threw; none for
 * the value given itself) and what it threw.
 */
export class ReadThrew {
  constructor(
    readonly path: Array<string | number>,
    readonly error: unknown,
  ) {}
}

/**
 * `u` read once: a plain object (`isPlainObject`) or a plain array (prototype `Array.prototype`)
 * is copied, each own enumerable property (each element; a hole stays one) read once and copied
 * so, down to `VALUE_DEPTH` (past the levels of any item DynamoDB stores; below, a value is kept as it is); anything else (a primitive, a date, bytes, a set, a class's
 * instance, an instance of a subclass of `Array`) is kept as it is. A getter's or a Proxy's first
 * answer is the value: what a codec checks is what it encodes and what is stored. An own
 * `__proto__` stays an own key (`define`); a prototype of `null` is kept. A plain object's or
 * array's identity is the copy's (a refinement asking for the caller's object, `Object.isFrozen`
 * or a `WeakSet`'s `has`, sees the copy). Past `PLAIN_NODES` values it is `TOO_MANY`; a reading
 * below `u` that throws is a `ReadThrew` saying where (one of `u` itself, a Proxy's, is thrown).
 */
export const plainOnce = (u: unknown): unknown => {
  const st: CopyState = { nodes: 0, threw: undefined }
  const out = copyOnce(u, 0, st)
  return st.threw ?? (st.nodes > PLAIN_NODES ? TOO_MANY : out)
}

interface CopyState {
  nodes: number
  /** A reading that threw, with the keys down to it (each parent puts its key first as the copy returns). */
  threw: ReadThrew | undefined
}

const copyOnce = (u: unknown, depth: number, st: CopyState): unknown => {
  if (typeof u !== 'object' || u === null || depth > VALUE_DEPTH) return u
  if (Array.isArray(u)) {
    if (!isPlainArray(u)) return u
    const n = u.length
    const list: unknown[] = new Array(n)
    for (let i = 0; i < n; i++) {
      if (++st.nodes > PLAIN_NODES) return list
      try {
        if (i in u) list[i] = copyOnce(u[i], depth + 1, st)
      } catch (e) {
        // reading the element itself threw (a Proxy's trap): one below it returns with `st.threw` set
        st.threw = new ReadThrew([], e)
      }
      if (st.threw !== undefined) {
        st.threw.path.unshift(i)
        return list
      }
    }
    return list
  }
  const p: unknown = Object.getPrototypeOf(u)
  if (p !== Object.prototype && p !== null) return u
  const o = u as Record<string, unknown>
  const out: Record<string, unknown> = p === null ? (Object.create(null) as Record<string, unknown>) : {}
  const keys = Object.keys(o)
  for (let i = 0; i < keys.length; i++) {
    if (++st.nodes > PLAIN_NODES) return out
    const k = keys[i] as string
    let v: unknown
    try {
      v = copyOnce(o[k], depth + 1, st)
    } catch (e) {
      // reading the property itself threw (its getter, a Proxy's trap)
      st.threw = new ReadThrew([], e)
    }
    if (st.threw !== undefined) {
      st.threw.path.unshift(k)
      return out
    }
    if (k === '__proto__') define(out, k, v)
    else out[k] = v
  }
  return out
}
