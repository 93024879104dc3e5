/**
 * Codecs that decode a value to itself. For a codec built of io-ts's `type`, `partial`,
 * `intersection`, `readonly`, `array`/`readonlyArray`, `refinement`, `string`, `number` and
 * `boolean`, and of fields marked `Shape.AS_IS` (dynamongo's fields that hold what is stored,
 * `Field.make`), `asIs(codec)` is a test that holds only when `codec.decode(u)` would
 * succeed and give `u` itself back: the codec's own `is`, which reads the value once without
 * the context arrays io-ts's `decode` builds for every property of every item (the most of
 * what decoding allocated). Where it does not hold, the codec decodes as usual (and says why
 * a value fails). `null` for a codec of any other kind (`exact`, unions, `unknown`,
 * transformations such as `Field.dateTime`, your own types).
 *
 * @since 0.1.0
 */
import { absurd } from 'fp-ts/lib/function.js'
import type * as t from 'io-ts'
import { perObject } from '../internal/memo.js'
import * as Shape from './Shape.js'
import { FieldType, Invalid } from './fieldType.js'

export type Check = (u: unknown) => boolean

/**
 * Whether `c.is(u)` implies that `c.decode(u)` gives `u` back. Not for `exact`/`strict`, whose
 * `is` takes properties that `decode` drops, nor for codecs that take `undefined` (a `type`
 * sets an absent property to what its codec makes of it, in a copy), nor for recursions.
 */
const isAsIs = (c: Shape.Codec): boolean => {
  const s = Shape.of(c)
  switch (s._tag) {
    case 'Scalar':
    case 'Opaque':
      return s.asIs
    case 'Struct':
      return !s.exact && Object.values(s.props).every(isAsIs)
    case 'Intersection':
      return s.parts.every(isAsIs)
    case 'Refinement':
      return isAsIs(s.of)
    case 'List':
      return isAsIs(s.element)
    case 'Exact':
    case 'Absent':
    case 'Tuple':
    case 'Dictionary':
    case 'Union':
    case 'Recursive':
      return false
    default:
      return absurd(s)
  }
}

/** The as-is test of a codec (its `is`, where that says enough), or `null` when it has none. */
export const asIs = perObject((codec: t.Mixed): Check | null => (isAsIs(codec) ? (u: unknown) => codec.is(u) : null))

/** What a `Read` gives when it gives up on a value (the codec's own `decode` then reads it, and says why). */
export const MISS: unique symbol = Symbol('dynamongo/asIs.MISS')

/** With `owned`, `u` is the caller's own (freshly unmarshalled): parsed values are written into it rather than into a copy, even on the way to a `MISS`. */
export type Read = (u: unknown, owned?: boolean) => unknown

/**
 * A reader of a `type` codec (every field required) whose fields are as-is (their `is`) or
 * dynamongo's parsed fields (`Field.dateTime`, `Field.json`, …: their `parse`): what
 * `codec.decode(u)` gives when it succeeds, read without io-ts's context arrays and `Either`s,
 * or `MISS` whenever a field fails or is absent (so every failure and its message come from
 * `decode` itself). As io-ts's `type` does, `u` itself when no field changed, else a copy
 * (`u` itself, changed, when `owned`). `null` for any other codec.
 */
export const quickRead = perObject((codec: t.Mixed): Read | null => {
  const s = Shape.of(codec)
  if (s._tag !== 'Struct' || s.exact) return null
  const keys = Object.keys(s.props)
  if (keys.length === 0 || keys.some((k) => !s.required.has(k))) return null
  const checks: Array<Check | null> = []
  const parses: Array<((u: unknown) => unknown) | null> = []
  for (const k of keys) {
    const field = s.props[k] as Shape.Codec
    const check = asIs(field)
    if (check !== null) {
      checks.push(check)
      parses.push(null)
    } else if (field instanceof FieldType) {
      checks.push(null)
      parses.push(field.parse)
    } else return null
  }
  const n = keys.length
  return (u, owned = false) => {
    // an own `__proto__` (kept as data by `Item.unmarshall`): io-ts's copy would make it the prototype
    if (typeof u !== 'object' || u === null || Array.isArray(u) || Object.hasOwn(u, '__proto__')) return MISS
    const o = u as Record<string, unknown>
    let a = owned ? o : undefined
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string
      const v = o[k]
      if (v === undefined) return MISS
      const check = checks[i]
      if (check !== null && check !== undefined) {
        if (!check(v)) return MISS
        continue
      }
      const r = (parses[i] as (u: unknown) => unknown)(v)
      if (r instanceof Invalid) return MISS
      if (r !== v) {
        a ??= { ...o }
        a[k] = r
      }
    }
    return a ?? o
  }
})
