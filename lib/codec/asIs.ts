/**
 * Codecs that decode a value to itself. For a codec built of io-ts's `type`, `partial`,
 * `intersection`, `readonly`, `array`/`readonlyArray`, `refinement`, `string`, `number` and
 * `boolean`, and of fields marked `AS_IS` (dynamongo's fields that hold what is stored,
 * `Field.make`), `asIs(codec)` is a test that holds only when `codec.decode(u)` would
 * succeed and give `u` itself back: the codec's own `is`, which reads the value once without
 * the context arrays io-ts's `decode` builds for every property of every item (the most of
 * what decoding allocated). Where it does not hold, the codec decodes as usual (and says why
 * a value fails). `null` for a codec of any other kind (`exact`, unions, `unknown`,
 * transformations such as `Field.dateTime`, your own types).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import { perObject } from '../internal/memo.js'

/** Marks a codec whose `decode(u)` is `u` whenever `is(u)` holds (and fails otherwise). */
export const AS_IS: unique symbol = Symbol('dynamongo.asIs')

export type Check = (u: unknown) => boolean

interface Node {
  readonly _tag?: string
  readonly [AS_IS]?: true
  readonly is: (u: unknown) => boolean
  readonly props?: t.Props
  readonly types?: ReadonlyArray<Node>
  readonly type?: Node
}

/**
 * Whether `c.is(u)` implies that `c.decode(u)` gives `u` back. Not for `exact`/`strict`, whose
 * `is` takes properties that `decode` drops, nor for codecs that take `undefined` (a `type`
 * sets an absent property to what its codec makes of it, in a copy).
 */
const isAsIs = (c: Node | undefined): boolean => {
  if (typeof c !== 'object' || c === null) return false
  if (c[AS_IS] === true) return true
  switch (c._tag) {
    case 'StringType':
    case 'NumberType':
    case 'BooleanType':
      return true
    case 'InterfaceType':
    case 'PartialType':
      return Object.values(c.props ?? {}).every((p) => isAsIs(p as unknown as Node))
    case 'IntersectionType':
      return (c.types ?? []).every(isAsIs)
    case 'ReadonlyType':
    case 'RefinementType':
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return isAsIs(c.type)
    default:
      return false
  }
}

/** The as-is test of a codec (its `is`, where that says enough), or `null` when it has none. */
export const asIs = perObject((codec: t.Mixed): Check | null => (isAsIs(codec as unknown as Node) ? (u: unknown) => codec.is(u) : null))
