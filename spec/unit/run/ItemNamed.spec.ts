/**
 * A stored item that does not decode is named by its key, as `collection` names it: a read of
 * many items (getMany's BatchGetItem and Query, page, pages, reduce) says which item failed
 * (its table as sent and its key), not only the field, so that the caller can find it among
 * the many it asked for.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const Order = Model.make({ table: 'orders', hashKey: 'c', rangeKey: 'id', codec: t.type({ c: t.string, id: t.number, n: t.number }) })
const o = Order.attrs

const good = { c: { S: 'c1' }, id: { N: '1' }, n: { N: '1' } }
const bad = { c: { S: 'c1' }, id: { N: '2' }, n: { S: 'not a number' } }

/** An Env whose client answers a BatchGetItem and a Query with `good` and `bad`. */
const env = Env.make({
  client: {
    send: async (c: { constructor: { name: string } }) =>
      c.constructor.name === 'BatchGetItemCommand'
        ? { $metadata: {}, Responses: { 'p-orders': [good, bad] }, UnprocessedKeys: {} }
        : { $metadata: {}, Items: [good, bad], Count: 2, ScannedCount: 2 },
  } as unknown as DynamoDBClient,
  tablePrefix: 'p-',
  sleep: async () => undefined,
})

test('a read of many items whose stored item does not decode: a ValidationError whose path names that item (its table as sent and its key), as collection names it', async () => {
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['getMany of keys', Dynamo.getMany(Order, [['c1', 1], ['c1', 2]])],
    ['getMany of a Query', Dynamo.getMany(Order, C.eq(o.c, 'c1'))],
    ['page', Dynamo.page(Order, C.eq(o.c, 'c1'))],
    ['reduce', Dynamo.reduce(Order, C.eq(o.c, 'c1'), 0, (b) => b + 1)],
    ['getMany with select', Dynamo.getMany(Order, C.eq(o.c, 'c1'), { select: ['n'] })],
  ]
  for (const [what, op] of reads) {
    const r = await op(env)()
    if (E.isRight(r) || r.left._tag !== 'ValidationError') return assert.unreachable(`${what}: ${JSON.stringify(r)}`)
    assert.equal(r.left.issues.map((i) => i.path), ['p-orders[c = "c1", id = 2].n'], `${what}: ${DE.show(r.left)}`)
  }
})

test('reads of one model through several tables (prefixes) and indexes, in turn and more of them than a model keeps decoders for: each names its item by its own table', async () => {
  const Indexed = Model.make({
    table: 'orders',
    hashKey: 'c',
    rangeKey: 'id',
    codec: t.type({ c: t.string, id: t.number, at: t.string, n: t.number }),
    indexes: { byAt: Model.localIndex({ rangeKey: 'at', projection: 'all' }) },
  })
  const items = [
    { ...good, at: { S: 'a' } },
    { ...bad, at: { S: 'b' } },
  ]
  const envOf = (prefix: string): Env.Env =>
    Env.make({ client: { send: async () => ({ $metadata: {}, Items: items, Count: 2, ScannedCount: 2 }) } as unknown as DynamoDBClient, tablePrefix: prefix })
  const prefixes = Array.from({ length: 40 }, (_, i) => `p${i}-`)
  for (let round = 0; round < 2; round++) {
    for (const prefix of prefixes) {
      for (const index of [undefined, 'byAt'] as const) {
        const r = await Dynamo.page(Indexed, C.eq(Indexed.attrs.c, 'c1'), index === undefined ? {} : { index })(envOf(prefix))()
        if (E.isRight(r) || r.left._tag !== 'ValidationError') return assert.unreachable(`${prefix} ${String(index)}: ${JSON.stringify(r)}`)
        assert.equal(r.left.issues.map((i) => i.path), [`${prefix}orders[c = "c1", id = 2].n`], `${prefix} ${String(index)}: ${DE.show(r.left)}`)
      }
    }
  }
})

test.run()
