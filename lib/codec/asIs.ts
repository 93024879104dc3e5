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
