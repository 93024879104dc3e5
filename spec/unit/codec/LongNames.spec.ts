/**
 * A top-level attribute name of more than `NAME_BYTES` (65,535) bytes (DynamoDB: "less than
 * 64 KB") is refused when an item is marshalled, a ValidationError naming the attribute, before
 * any request; one of 65,535 bytes is taken (what DynamoDB Local answers there is no oracle: it
 * answers InternalFailure even at the limit).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import { marshallSeen } from '../../../lib/codec/marshal.js'

test('a top-level attribute name over 65,535 bytes: a ValidationError; at 65,535 bytes (in 1- and 3-byte characters), taken', () => {
  for (const name of ['a'.repeat(65_536), '€'.repeat(21_846)]) {
    const r = marshallSeen({ id: 'x', [name]: 1 }, undefined)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && DE.show(r.left).includes('at most 65535 bytes'), E.isLeft(r) ? DE.show(r.left).slice(0, 200) : 'a Right')
  }
  for (const name of ['a'.repeat(65_535), '€'.repeat(21_845)]) assert.ok(E.isRight(marshallSeen({ id: 'x', [name]: 1 }, undefined)))
})

test.run()
