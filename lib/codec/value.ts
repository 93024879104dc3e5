/**
 * From a `Value` node to an `AttributeValue`: validate (for values an update writes),
 * encode through the attribute's codec, marshall (`Item.marshallValue`: exact numbers,
 * DynamoDB's value rules, map keys such as `__proto__` kept as data). Errors are values.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Codec } from '../ast/Attr.js'
import { elementOf } from '../ast/expr.js'
import type { Value } from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import * as Item from './Item.js'
import * as Proto from './proto.js'
import * as Shape from './Shape.js'
import { codecThrew, explain } from './issues.js'
import { show } from '../internal/show.js'
import { perObject } from '../internal/memo.js'

/**
 * The `AttributeValue` of a `Value` node. With `validate`, the value must satisfy the
 * codec (`codec.is`): what an update writes is checked like an item's field. Without (a
 * condition's value), it must be within the domain whose stored form means the codec's order
 * and equality (`Shape.domain`: a `dateTime` in the years 0000–9999), for every operator
 * (no stored item holds a value outside it), not within its refinements; checked for the
 * value as a whole, not for those inside a list or a map (whose order DynamoDB never compares). `depth`: the levels above it (`Item.marshallValue`), the length of the path an
 * update writes it at.
 */
export const toAttributeValue = (v: Value, validate: boolean, at = 'value', depth = 1): E.Either<DE.DynamoError, AttributeValue> => {
  const codec = v.codec
  if (codec === undefined) return Item.marshallValue(v.value, at, depth)
  let encoded: unknown
  // the codec's `is` and `encode` are the application's code (or io-ts's on the application's value): they may throw
  try {
    if (validate) {
      if (!codec.is(v.value)) return E.left(notTaken(codec, v.value, at))
    } else {
      const outside = Shape.domain(codec)?.(v.value)
      if (outside !== undefined) return E.left(DE.validationError([{ path: at, message: outside }]))
    }
    encoded = Proto.encode(codec, v.value)
  } catch (e) {
    // a value the codec does not take (a string for a Date field, through a cast): what it
    // takes, rather than what its encode threw on it
    let takes = true
    try {
      takes = codec.is(v.value)
    } catch {
      // its `is` throws too: what `encode` threw says the more
    }
    return E.left(takes ? codecThrew(at, e) : notTaken(codec, v.value, at))
  }
  return Item.marshallValue(encoded, at, depth)
}

/**
 * The `ValidationError` of a value at `at` that `codec` does not take: its issues as the codec
 * explains them (`a Date` of a `dateTime` field), or what the codec is named when it explains
 * none. One wording whether the value is validated (an update's) or only encoded (a
 * condition's, whose encode failed on it).
 */
const notTaken = (codec: Codec, value: unknown, at: string): DE.DynamoError => {
  let issues: ReturnType<typeof explain> = []
  try {
    issues = explain(codec, value)
  } catch {
    // a codec whose validate throws: named by its name below
  }
  return DE.validationError(
    issues.length === 0
      ? [{ path: at, message: `expected ${codec.name}, got ${show(value)}` }]
      : issues.map((i) => ({ path: i.path === '' ? at : `${at}${i.path.startsWith('[') ? '' : '.'}${i.path}`, message: i.message })),
  )
}

/**
 * Where a value of an update's `SET` right-hand side ends up, which says what it is checked
 * against: the target's value itself (a value, `if_not_exists`'s default), a list whose
 * elements join the target's (`list_append`'s operands), or a number of a sum (`+`/`-`).
 */
export type Place = 'value' | 'list' | 'number'

/** A list of the target's elements (what `list_append` takes), or `null` when the codec is no list. */
const listOperandCodec = perObject((target: Codec): Codec | null => {
  const element = elementOf(target)
  return element === undefined ? null : t.readonlyArray(element)
})

const retarget = (v: Value, codec: Codec): Value => (codec === v.codec ? v : { _tag: 'Value', value: v.value, codec })

/**
 * `v` as the value node to check and encode where it ends up in an attribute of codec
 * `target`: with the target's codec (a list operand: a list of its elements, not a value
 * of a refined list codec, so that `[]` appends to a non-empty list); a number of a sum, or
 * a value whose target's codec is unknown, keeps its own.
 */
export const placed = (v: Value, place: Place, target: Codec | undefined): Value => {
  if (target === undefined || place === 'number') return v
  if (place === 'value') return retarget(v, target)
  const list = listOperandCodec(target)
  return list === null ? v : retarget(v, list)
}
