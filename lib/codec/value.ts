/**
 * From a `Value` node to an `AttributeValue`: validate (for values an update writes),
 * encode through the attribute's codec, marshall (`Item.marshallValue`: exact numbers,
 * DynamoDB's value rules, map keys such as `__proto__` kept as data). Errors are values.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { Value } from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import * as Item from './Item.js'
import { show, thrown } from '../internal/show.js'

/** Marshall a plain (already encoded) JS value: exact numbers, safe map keys, DynamoDB's rules. */
export const marshallValue = (encoded: unknown, at = 'value'): E.Either<DE.DynamoError, AttributeValue> => Item.marshallValue(encoded, at)

/**
 * The `AttributeValue` of a `Value` node. With `validate`, the value must satisfy the
 * codec (`codec.is`): what an update writes is checked like an item's field.
 */
export const toAttributeValue = (v: Value, validate: boolean, at = 'value'): E.Either<DE.DynamoError, AttributeValue> => {
  const codec = v.codec
  if (codec === undefined) return marshallValue(v.value, at)
  let encoded: unknown
  // the codec's `is` and `encode` are the application's code (or io-ts's on the application's value): they may throw
  try {
    if (validate && !codec.is(v.value)) {
      const issues = Item.explain(codec, v.value)
      return E.left(
        DE.validationError(
          issues.length === 0
            ? [{ path: at, message: `expected ${codec.name}, got ${show(v.value)}` }]
            : issues.map((i) => ({ path: i.path === '' ? at : `${at}${i.path.startsWith('[') ? '' : '.'}${i.path}`, message: i.message })),
        ),
      )
    }
    encoded = codec.encode(v.value)
  } catch (e) {
    return E.left(DE.validationError([{ path: at, message: `the codec threw: ${thrown(e)}` }]))
  }
  return marshallValue(encoded, at)
}
