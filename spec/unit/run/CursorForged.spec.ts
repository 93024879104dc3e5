/**
 * Forged cursors (DESIGN §5.1): without `Env`'s `cursorKey` a cursor's tag is a checksum, so a
 * client who knows the read can write a cursor whose tag is right and whose key is one this
 * read can never have reached: a key attribute of another type than the table's or index's, an
 * empty key, a key value over the size of a key (of the table or the index), a number DynamoDB
 * does not store, a key outside the Query's key condition (another partition, before or past a
 * range bound, another entity's items on a shared table). Each is a `ValidationError` before
 * any request (DynamoDB would refuse most with a ValidationException, after a request; DynamoDB
 * Local takes a key over the size, which no stored item has); a forged key inside the read is
 * taken, as a cursor of the read would be. The forged cursor is written by `Cursor.encode` with
 * the read's identity, as any client could.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Cursor from '../../../lib/run/Cursor.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Pages from '../../../lib/run/pages.js'
import { right } from '../../harness/either.js'

type AnyModel = Model.Model<any, any, any, any>
type Key = Record<string, AttributeValue>

const Thing = Model.make({
  table: 'things',
  hashKey: 'pk',
  rangeKey: 'sk',
  codec: t.type({ pk: t.string, sk: t.number, v: t.string, n: t.number }),
  indexes: { byV: Model.globalIndex({ hashKey: 'v', rangeKey: 'n' }) },
})
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{orderId}'),
})

/** An Env whose client answers every read with an empty last page and counts the requests. */
const counting = () => {
  const sent: string[] = []
  const send = async (command: { constructor: { name: string } }) => {
    sent.push(command.constructor.name)
    return { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {} }), sent }
}

/** A cursor of the read `strategy` (with `options`) holding `key`, its tag right: what a client who knows the read can write. */
const forged = (m: AnyModel, strategy: unknown, key: Key, options: { readonly index?: string } = {}): string => {
  const env = counting().env
  const plan = right(Plan.make(m, strategy, options))
  const stream = right(Pages.make(m, Env.tableName(env, m.table), plan, {}))
  const positions: ReadonlyArray<O.Option<Pages.Position>> = [{ _tag: 'Some', value: { _tag: 'After', key } }]
  return right(Cursor.encode(positions, stream.identity(), undefined))
}

const refusedBeforeAnyRequest = async (m: AnyModel, strategy: unknown, key: Key, options: { readonly index?: string } = {}): Promise<string> => {
  const cursor = forged(m, strategy, key, options)
  const { env, sent } = counting()
  const r = await Dynamo.page(m, strategy as never, { ...options, cursor } as never)(env)()
  assert.ok(E.isLeft(r), `${JSON.stringify(key)}: a forged cursor read a page (${sent.length} requests)`)
  assert.is(r.left._tag, 'ValidationError', DE.show(r.left))
  assert.equal(sent, [], `${JSON.stringify(key)}: ${sent.length} requests before the refusal`)
  return DE.show(r.left)
}

const takenAndSent = async (m: AnyModel, strategy: unknown, key: Key, options: { readonly index?: string } = {}): Promise<void> => {
  const cursor = forged(m, strategy, key, options)
  const { env, sent } = counting()
  const r = await Dynamo.page(m, strategy as never, { ...options, cursor } as never)(env)()
  assert.ok(E.isRight(r), `${JSON.stringify(key)}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
  assert.is(sent.length, 1)
}

const inA = C.eq(Thing.attrs.pk, 'a')
const scan = C.eq(Thing.attrs.v, 'x')

test('a forged cursor whose key attribute is of another type than the key it stands for is a ValidationError before any request (Query, Scan, an index)', async () => {
  const why = await refusedBeforeAnyRequest(Thing, inA, { pk: { N: '1' }, sk: { N: '1' } })
  assert.match(why, /pk/)
  assert.match(await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'a' }, sk: { S: '1' } }), /sk/)
  assert.match(await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'a' }, sk: { B: new Uint8Array([1]) } }), /sk/)
  await refusedBeforeAnyRequest(Thing, C.gt(Thing.attrs.n, 0), { pk: { N: '1' }, sk: { N: '1' } })
  // through the index: its own key attributes are checked too
  await refusedBeforeAnyRequest(Thing, C.eq(Thing.attrs.v, 'x'), { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'x' }, n: { S: '1' } }, { index: 'byV' })
})

test('a forged cursor holding an empty key or a number DynamoDB does not store is a ValidationError before any request', async () => {
  await refusedBeforeAnyRequest(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: '' }, sk: { N: '1' } })
  await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'a' }, sk: { N: '1e200' } })
  await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'a' }, sk: { N: '1'.repeat(39) } })
  await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'a' }, sk: { N: '1e-131' } })
})

test('a forged cursor whose key value is over the size of a key (a partition key over 2,048 bytes, a sort key over 1,024, of the table or the index read) is a ValidationError before any request; at the size, taken', async () => {
  const long = (n: number) => 'x'.repeat(n)
  assert.match(await refusedBeforeAnyRequest(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: long(2049) }, sk: { N: '1' } }), /pk/)
  await takenAndSent(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: long(2048) }, sk: { N: '1' } })
  // bytes, not characters: 683 three-byte characters are 2,049 bytes
  await refusedBeforeAnyRequest(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: '\u20ac'.repeat(683) }, sk: { N: '1' } })
  // the index's partition key
  assert.match(await refusedBeforeAnyRequest(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: 'a' }, sk: { N: '1' }, v: { S: long(2049) }, n: { N: '1' } }, { index: 'byV' }), /\bv\b/)
  await takenAndSent(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: 'a' }, sk: { N: '1' }, v: { S: long(2048) }, n: { N: '1' } }, { index: 'byV' })
  // a sort key, inside the Query's key condition
  const c1 = C.eq(Order.attrs.customerId, 'c1')
  assert.match(await refusedBeforeAnyRequest(Order, c1, { pk: { S: 'CUSTOMER#c1' }, sk: { S: `ORDER#${long(1019)}` } }), /sk/)
  await takenAndSent(Order, c1, { pk: { S: 'CUSTOMER#c1' }, sk: { S: `ORDER#${long(1018)}` } })
  // an index's rules only on a read of it: an index added to a table with items leaves out those
  // it refuses (a partition key of 1,500 bytes as its sort key), which a read of the table reaches
  const Late = Model.make({ table: 'late', hashKey: 'pk', codec: t.type({ pk: t.string, v: t.string }), indexes: { byV: Model.globalIndex({ hashKey: 'v', rangeKey: 'pk' }) } })
  await takenAndSent(Late, C.exists(Late.attrs.v), { pk: { S: long(1500) } })
  await refusedBeforeAnyRequest(Late, C.eq(Late.attrs.v, 'x'), { pk: { S: long(1500) }, v: { S: 'x' } }, { index: 'byV' })
  await takenAndSent(Late, C.eq(Late.attrs.v, 'x'), { pk: { S: long(1024) }, v: { S: 'x' } }, { index: 'byV' })
})

test("a forged cursor whose key is outside the Query's key condition (another partition, past a range bound, another entity) is a ValidationError before any request", async () => {
  assert.match(await refusedBeforeAnyRequest(Thing, inA, { pk: { S: 'b' }, sk: { N: '1' } }), /key condition/)
  await refusedBeforeAnyRequest(Thing, C.and(inA, C.gt(Thing.attrs.sk, 2)), { pk: { S: 'a' }, sk: { N: '0' } })
  await refusedBeforeAnyRequest(Thing, C.and(inA, C.between(Thing.attrs.sk, 2, 4)), { pk: { S: 'a' }, sk: { N: '5' } })
  await refusedBeforeAnyRequest(Thing, scan, { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'y' }, n: { N: '1' } }, { index: 'byV' })
  const c1 = C.eq(Order.attrs.customerId, 'c1')
  await refusedBeforeAnyRequest(Order, c1, { pk: { S: 'CUSTOMER#c2' }, sk: { S: 'ORDER#o1' } })
  await refusedBeforeAnyRequest(Order, c1, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'CUST#c1' } })
  await refusedBeforeAnyRequest(Order, C.and(c1, C.gt(Order.attrs.orderId, 'o5')), { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } })
})

test('a forged cursor whose key is one this read could reach is taken, and the read goes on from it (one request)', async () => {
  await takenAndSent(Thing, inA, { pk: { S: 'a' }, sk: { N: '7' } })
  await takenAndSent(Thing, C.and(inA, C.between(Thing.attrs.sk, 2, 4)), { pk: { S: 'a' }, sk: { N: '3.5' } })
  await takenAndSent(Thing, C.gt(Thing.attrs.n, 0), { pk: { S: 'zz' }, sk: { N: '-1' } })
  await takenAndSent(Thing, scan, { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'x' }, n: { N: '9' } }, { index: 'byV' })
  await takenAndSent(Order, C.eq(Order.attrs.customerId, 'c1'), { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o9' } })
})

test.run()
