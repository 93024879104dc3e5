/**
 * Models of one table in one transaction must key it alike: a table has one key schema, so
 * of two models of one table that name other key attributes (a hash-only entity and one with
 * a range key; a plain model keyed `pk`/`sk` by a number where an entity composes `sk`), one
 * is wrong about the table and DynamoDB refuses its entry: the whole transactWrite as
 * `ValidationException: One of the required keys was not given a value`, or cancelled with a
 * reason `Type mismatch for key`; a transactGet cancelled with no reason for any entry
 * (DynamoDB Local, each). Nor can "the same item" be told between keys of two schemas. The
 * compiler refuses such a pair before any request, an `ExpressionError` naming both entries,
 * as `createTable` refuses the models ('the models disagree on the key schema') and
 * `collection` does ('do not share one key schema').
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'

const table = (m: { readonly table: string }): string => `p-${m.table}`
const NOW = new Date('2030-01-01T00:00:00.000Z')

// a hash-only entity, an entity with a range key, a plain model keyed pk / sk (a number), all of table shop
const A = Model.make({ table: 'shop', entity: 'a', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'A#{id}') })
const B = Model.make({ table: 'shop', entity: 'b', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'B#{id}'), rangeKey: Model.key('sk', 'X') })
const P = Model.make({ table: 'shop', codec: t.type({ pk: t.string, sk: t.number }), hashKey: 'pk', rangeKey: 'sk' })
// keyed as B is: pk / sk, both strings
const B2 = Model.make({ table: 'shop', entity: 'b2', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'C#{id}'), rangeKey: Model.key('sk', 'Y') })
// of another table: its key is its own
const O = Model.make({ table: 'other', codec: t.type({ id: t.string }), hashKey: 'id' })

const refused = (r: E.Either<DE.DynamoError, unknown>, first: number, second: number): void => {
  assert.ok(E.isLeft(r), `expected a Left, got ${JSON.stringify(E.isRight(r) ? r.right : undefined)?.slice(0, 200)}`)
  const e = (r as E.Left<DE.DynamoError>).left
  if (e._tag !== 'ExpressionError') return assert.unreachable(`expected an ExpressionError, got ${DE.show(e)}`)
  assert.match(e.message, new RegExp(`entry ${second}\\b`))
  assert.match(e.message, new RegExp(`entry ${first}\\b`))
  assert.match(e.message, /key schema/)
}

test('transactWrite: two models of one table keyed differently are refused, naming both entries', () => {
  refused(T.toWriteInput([T.put(A, { id: '1' }), T.put(B, { id: '1' })], table, 'tok', NOW), 0, 1)
  refused(T.toWriteInput([T.put(P, { pk: 'x', sk: 1 }), T.put(B, { id: '2' })], table, 'tok', NOW), 0, 1)
  refused(T.toWriteInput([T.put(B, { id: '2' }), T.check(O, 'o'), T.delete(A, '3')], table, 'tok', NOW), 0, 2)
  // each schema said where it is: this entry's here, the other's in its entry
  const r = T.toWriteInput([T.put(A, { id: '1' }), T.put(B, { id: '1' })], table, 'tok', NOW)
  assert.match(E.isLeft(r) && r.left._tag === 'ExpressionError' ? r.left.message : '', /its model keys the table pk \(S\), sk \(S\) here and pk \(S\) in entry 0: a table has one key schema/)
})

test('transactGet: two models of one table keyed differently are refused, naming both entries', () => {
  refused(T.toGetInput([T.get(A, '1'), T.get(B, '1')], table), 0, 1)
  refused(T.toGetInput([T.get(B, '1'), T.get(P, ['x', 1])], table), 0, 1)
})

test('models of one table keyed alike, and models of other tables, still make one transaction', () => {
  assert.ok(E.isRight(T.toWriteInput([T.put(B, { id: '1' }), T.put(B2, { id: '1' }), T.put(O, { id: 'o' })], table, 'tok', NOW)))
  assert.ok(E.isRight(T.toGetInput([T.get(B, '1'), T.get(B2, '1'), T.get(O, 'o')], table)))
})

test.run()
