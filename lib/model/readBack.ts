/**
 * The item a save returns: as it will read back. A few fields store less than the value
 * given (`Field.epochSeconds` whole seconds, `Field.decimal` DynamoDB's form of the number,
 * `t.exact`/`Field.map` inside a field only its own fields); a save returns such a field
 * decoded from what it stores, so that what `saveOne` returns equals what `getOne` reads.
 * Every other field is returned as given (a model without such fields pays nothing).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { absurd } from 'fp-ts/lib/function.js'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { decimal, epochSeconds } from '../codec/Field.js'
import * as Item from '../codec/Item.js'
import * as Shape from '../codec/Shape.js'
import { perObject } from '../internal/memo.js'

/** Whether a value of `codec` may read back as another value than itself (`seen`: recursions met). */
const lossy = (codec: Shape.Codec, seen: Set<Shape.Codec>): boolean => {
  if (seen.has(codec)) return false
  seen.add(codec)
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Scalar':
    case 'Opaque':
      return s.codec === epochSeconds || s.codec === decimal || codec === epochSeconds || codec === decimal
    case 'Exact':
      return true
    case 'Struct':
      return Object.values(s.props).some((c) => lossy(c, seen))
    case 'Intersection':
      return s.parts.some((c) => lossy(c, seen))
    case 'Union':
      return s.members.some((c) => lossy(c, seen))
    case 'Refinement':
      return lossy(s.of, seen)
    case 'List':
      return lossy(s.element, seen)
    case 'Tuple':
      return s.elements.some((c) => lossy(c, seen))
    case 'Dictionary':
      return lossy(s.codomain, seen)
    case 'Recursive':
      return lossy(s.definition(), seen)
    case 'Absent':
      return false
    default:
      return absurd(s)
  }
}

/** The top-level fields of a codec whose stored form may read back as another value, with their codecs. */
const lossyFields = perObject((codec: Shape.Codec): ReadonlyArray<readonly [string, Shape.Codec]> => {
  const fs = Shape.fields(codec)
  if (fs === undefined) return []
  return Object.entries(fs.props).filter(([, c]) => lossy(c, new Set()))
})

/** `item` with each field of `lossyFields` as `stored` reads back (a field that does not read is left as given). */
export const readBack = <I>(codec: Shape.Codec, item: I, stored: Record<string, AttributeValue>): I => {
  const fs = lossyFields(codec)
  if (fs.length === 0) return item
  let out: Record<string, unknown> | undefined
  for (const [k, c] of fs) {
    const av = stored[k]
    if (av === undefined) continue
    const r = Item.decodeValue(c, av, k)
    if (E.isLeft(r)) continue
    out ??= { ...(item as Record<string, unknown>) }
    out[k] = r.right
  }
  return out === undefined ? item : (out as I)
}
