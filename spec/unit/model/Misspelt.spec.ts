/**
 * An item whose field is misspelt (a JavaScript caller's, or one cast): the field it must have
 * is missing and a name the model does not declare is there. The `ValidationError` of the
 * missing field names the undeclared ones; an item without such names, or whose error is
 * about another field, has the error of that field alone.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as DE from '../../../lib/DynamoError.js'

const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec: t.intersection([t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }), t.partial({ age: Field.int({ min: 0 }) })]),
})

const errorOf = (item: unknown): DE.DynamoError => {
  const r = Model.encode(User, item as never)
  if (E.isRight(r)) return assert.unreachable('encoded') as never
  return r.left
}

test('a required field missing, a name the model does not declare present: the issue names it', () => {
  const e = errorOf({ email: 'ann@x.io', nmae: 'Ann' })
  assert.is(DE.show(e), 'ValidationError: name: expected a string of at least 1 character, got undefined (the item has nmae, which the model does not declare: a misspelt name?)')
  assert.ok(e._tag === 'ValidationError' && e.issues.length === 1 && e.issues[0]?.path === 'name')
})

test('no undeclared name, or an error about a field that is present: the error names no undeclared field', () => {
  assert.is(DE.show(errorOf({ email: 'ann@x.io' })), 'ValidationError: name: expected a string of at least 1 character, got undefined')
  assert.is(DE.show(errorOf({ email: 'ann@x.io', name: 'Ann', age: -1, agee: 3 })), 'ValidationError: age: expected an integer ≥ 0, got -1')
})

test('saveOne of such an item: the same error, before any request', async () => {
  let sends = 0
  const env = Env.make({ client: { send: () => (sends++, Promise.resolve({ $metadata: {} })) } as unknown as DynamoDBClient })
  const r = await Dynamo.saveOne(User, { email: 'ann@x.io', nmae: 'Ann' } as never)(env)()
  assert.ok(E.isLeft(r) && /the item has nmae, which the model does not declare/.test(DE.show(r.left)), E.isLeft(r) ? DE.show(r.left) : 'a Right')
  assert.is(sends, 0)
})

test.run()
