/**
 * The models of a collection key one table alike: the same key attributes, of the same types,
 * by the rule `createTable` applies to the models it is given ('the models disagree on the key
 * schema') and a transaction to the models it meets (one rule, table/keySchema). Two entities
 * keyed `pk` / `sk` where one stores `sk` as a number and the other composes it (a string) are
 * refused for that, an `ExpressionError` before any request naming both key schemas with their
 * types.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

// sk a number field of one, a composed string of the other: pk / sk both, typed otherwise
const Reading = Model.make({ table: 'shop', entity: 'reading', codec: t.type({ id: t.string, sk: t.number }), hashKey: Model.key('pk', 'U#{id}'), rangeKey: 'sk' })
const Order = Model.make({ table: 'shop', entity: 'order', codec: t.type({ id: t.string, orderId: t.string }), hashKey: Model.key('pk', 'U#{id}'), rangeKey: Model.key('sk', 'O#{orderId}') })
// keyed as Order is
const Note = Model.make({ table: 'shop', entity: 'note', codec: t.type({ id: t.string, noteId: t.string }), hashKey: Model.key('pk', 'U#{id}'), rangeKey: Model.key('sk', 'N#{noteId}') })

/** An Env whose client counts its requests and answers each with no item. */
const counting = () => {
  const sent = { n: 0 }
  const env = Env.make({ client: { send: async () => (sent.n++, { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 }) } as unknown as DynamoDBClient })
  return { env, sent }
}

test('a collection of two models keying the table by other types is an ExpressionError naming both schemas, before any request', async () => {
  const { env, sent } = counting()
  const r = await Dynamo.collection({ readings: Reading, orders: Order }, { id: 'a' })(env)()
  assert.ok(E.isLeft(r), 'expected a Left')
  const e = (r as E.Left<DE.DynamoError>).left
  assert.is(e._tag, 'ExpressionError')
  assert.match(DE.show(e), /key schema/)
  assert.match(DE.show(e), /sk \(N\)/)
  assert.match(DE.show(e), /sk \(S\)/)
  assert.is(sent.n, 0)
})

test('models keying the table alike make one collection', async () => {
  const { env, sent } = counting()
  const r = await Dynamo.collection({ orders: Order, notes: Note }, { id: 'a' })(env)()
  assert.equal(r, E.right({ orders: [], notes: [] }))
  assert.is(sent.n, 1)
})

test.run()
