/**
 * Codecs that decode a value to itself. For a codec built of io-ts's `type`, `partial`,
 * `intersection`, `readonly`, `array`/`readonlyArray`, `refinement`, `string`, `number` and
 * `boolean`, and of fields marked `Shape.AS_IS` (dynamongo's fields that hold what is stored,
 * `Field.make`), `asIs(codec)` is a test that holds only when `codec.decode(u)` would
 * succeed and give `u` itself back: the codec's own `is`, which reads the value once without
 * the context arrays io-ts's `decode` builds for every property of every item (the most of
 * what decoding allocated). Where it does not hold, the codec decodes as usual (and says why
 * a value fails). `null` for a codec of any other kind (`exact`, unions, `unknown`,
 * transformations such as `Field.dateTime`, your own types). `fieldReads(codec)` reads the
 * fields of a `type` of such fields and of dynamongo's parsed ones the same way, field by field
 * (`Item.decode` reads such a codec's items in one pass with them).
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

/** What a field's `FieldRead` gives when it gives up on a value (the codec's own `decode` then reads it, and says why). */
export const MISS: unique symbol = Symbol('dynamongo/asIs.MISS')

/** A field's value as the codec's `decode` gives it when it succeeds, or `MISS`. */
export type FieldRead = (u: unknown) => unknown

/**
 * The fields of a `type` codec (every field required) whose fields are as-is (their `is`) or
 * dynamongo's parsed fields (`Field.dateTime`, `Field.json`, …: their `parse`), each with its
 * read: what `codec.decode` makes of the field's value when it succeeds, without io-ts's
 * context arrays and `Either`s, or `MISS` whenever decode would refuse it (so every failure
 * and its message come from `decode` itself). As io-ts's `type` does, a decoded object keeps
 * the properties that are no fields. `null` for any other codec. (`Item.decode` reads such a
 * codec's items with them, in one pass over the attributes: kept for streaming, a Scan's items
 * decoded within ≤ 1.1× the raw loop, `npm run bench -- --only=stream`.)
 */
export const fieldReads = perObject((codec: t.Mixed): ReadonlyMap<string, FieldRead> | null => {
  const s = Shape.of(codec)
  if (s._tag !== 'Struct' || s.exact) return null
  const keys = Object.keys(s.props)
  if (keys.length === 0 || keys.some((k) => !s.required.has(k))) return null
  const reads = new Map<string, FieldRead>()
  for (const k of keys) {
    const field = s.props[k] as Shape.Codec
    const check = asIs(field)
    if (check !== null) reads.set(k, (u) => (check(u) ? u : MISS))
    else if (field instanceof FieldType) {
      const parse = field.parse
      reads.set(k, (u) => {
        const r = parse(u)
        return r instanceof Invalid ? MISS : r
      })
    } else return null
  }
  return reads
})
