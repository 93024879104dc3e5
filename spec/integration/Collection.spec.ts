/**
 * Issue 17, point 5: `Dynamo.collection` against DynamoDB Local. A customer, its orders and
 * its addresses share one partition with foreign items; a collection of the customer and its
 * orders is one Query that follows its pages, each item decoded by its model, the rest skipped.
 * What DynamoDB would not serve as one partition (hash keys that differ, another table) is an
 * `ExpressionError` before any request.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import type * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { err, fixture, ok, run, type Fixture } from '../harness/models.js'
import { Customer } from '../harness/shop.js'

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  billing: 'onDemand',
})
const Address = Model.make({
  table: 'shop',
  entity: 'address',
  codec: t.type({ customerId: t.string, addressId: t.string, city: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ADDRESS#{addressId}'),
  billing: 'onDemand',
})
/** Same table, another partition text: not one collection with a customer. */
const Invoice = Model.make({
  table: 'shop',
  entity: 'invoice',
  codec: t.type({ customerId: t.string, invoiceId: t.string }),
  hashKey: Model.key('pk', 'INVOICE#{customerId}'),
  rangeKey: Model.key('sk', 'INVOICE#{invoiceId}'),
  billing: 'onDemand',
})
/** Another table. */
const Elsewhere = Model.make({
  table: 'shop-archive',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{orderId}'),
  billing: 'onDemand',
})

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n))
const orders = (customerId: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ customerId, orderId: `o${String(i).padStart(2, '0')}`, createdAt: day(i % 7), total: i * 10 }))

type Stored = Record<string, AttributeValue>

/** Raw items (foreign ones, broken ones) written through the SDK. */
const putAll = async (client: DynamoDBClient, table: string, items: ReadonlyArray<Stored>): Promise<void> => {
  let request: Record<string, Array<{ PutRequest: { Item: Stored } }>> = { [table]: items.map((x) => ({ PutRequest: { Item: x } })) }
  while (Object.keys(request).length > 0) {
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: request }))
    request = (out.UnprocessedItems ?? {}) as typeof request
  }
}

let requests = 0
const on = (e: Env.Event): void => {
  if (e._tag === 'Request') requests++
}

const setUp = async (): Promise<Fixture> => {
  const f = await fixture('collection', { on })
  await ok(f.env, Dynamo.createTable(Order))
  await ok(f.env, Dynamo.saveMany(Customer, [{ customerId: 'c1', name: 'Ada' }, { customerId: 'c2', name: 'Bob' }]))
  await ok(f.env, Dynamo.saveMany(Order, [...orders('c1', 11), ...orders('c2', 3)]))
  await ok(f.env, Dynamo.saveOne(Address, { customerId: 'c1', addressId: 'home', city: 'Lima' }))
  // a foreign item in the partition, without an entity
  await putAll(f.client, f.table(Order), [{ pk: { S: 'CUSTOMER#c1' }, sk: { S: 'LEGACY#1' }, anything: { N: '1' } }])
  return f
}

const collection = suite('Dynamo.collection')

collection('one partition: every listed entity decoded by its model, in range key order, pages followed; others skipped', async () => {
  const f = await setUp()
  requests = 0
  const r = await ok(f.env, Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }, { pageSize: 3 }))
  assert.equal(r.customer, [{ customerId: 'c1', name: 'Ada' }])
  assert.is(r.orders.length, 11)
  // the range key's order: ORDER#<createdAt>#<orderId>
  const sks = r.orders.map((x) => `ORDER#${x.createdAt.toISOString()}#${x.orderId}`)
  assert.equal(sks, [...sks].sort())
  assert.ok(r.orders.every((x) => x.customerId === 'c1'))
  // 14 items in the partition, 3 a page: 5 requests (the last one finds the end)
  assert.is(requests, 5)
  const down = await ok(f.env, Dynamo.collection({ orders: Order, addresses: Address }, { customerId: 'c1' }, { descending: true }))
  assert.equal(down.orders.map((x) => x.orderId), r.orders.map((x) => x.orderId).reverse())
  assert.equal(down.addresses, [{ customerId: 'c1', addressId: 'home', city: 'Lima' }])
  // a partition with none of an entity: an empty list
  const c2 = await ok(f.env, Dynamo.collection({ customer: Customer, orders: Order, addresses: Address }, { customerId: 'c2' }))
  assert.equal([c2.customer.length, c2.orders.length, c2.addresses.length], [1, 3, 0])
  const none = await ok(f.env, Dynamo.collection({ customer: Customer }, { customerId: 'c9' }))
  assert.equal(none, { customer: [] })
})

collection('models whose hash keys do not give the same text, or in other tables: ExpressionError before any request', async () => {
  const f = await setUp()
  requests = 0
  const differ = await err(f.env, Dynamo.collection({ customer: Customer, invoices: Invoice }, { customerId: 'c1' }), 'ExpressionError')
  assert.match(differ.message, /do not share the partition: their hash keys give pk = "INVOICE#c1" and "CUSTOMER#c1"/)
  // (the types refuse these: spec/types/Collection.ts; the run refuses them too)
  const table = await err(f.env, Dynamo.collection({ orders: Order, archived: Elsewhere } as never, { customerId: 'c1' } as never), 'ExpressionError')
  assert.match(table.message, /different tables, shop-archive and shop/)
  const same = await err(f.env, Dynamo.collection({ orders: Order, again: Order }, { customerId: 'c1' }), 'ExpressionError')
  assert.match(same.message, /the same entity \(order\)/)
  // declared apart from Order, in its partition: its keys can be Order's (ORDER#… both), so one's write could replace the other's item
  const Note = Model.make({ table: 'shop', entity: 'note', codec: t.type({ customerId: t.string, noteId: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'ORDER#{noteId}'), billing: 'onDemand' })
  const collide = await err(f.env, Dynamo.collection({ orders: Order, notes: Note }, { customerId: 'c1' }), 'ExpressionError')
  assert.match(collide.message, 'the entity order (CUSTOMER#{customerId} / ORDER#{createdAt}#{orderId}) and the entity note (CUSTOMER#{customerId} / ORDER#{noteId}) can produce the same key')
  const plain = Model.make({ table: 'shop', hashKey: 'pk', codec: t.type({ pk: t.string }) })
  const noEntity = await err(f.env, Dynamo.collection({ orders: Order, plain } as never, { customerId: 'c1' } as never), 'ExpressionError')
  assert.match(noEntity.message, /declares no entity/)
  const missing = await err(f.env, Dynamo.collection({ orders: Order }, {} as never), 'ValidationError')
  assert.match(DE.show(missing), /customerId/)
  const refused = await err(f.env, Dynamo.collection({ orders: Order }, { customerId: 5 } as never), 'ValidationError')
  assert.match(DE.show(refused), /customerId/)
  const empty = await err(f.env, Dynamo.collection({} as never, {}), 'ValidationError')
  assert.match(empty.message, /at least one model/)
  assert.is(requests, 0)
})

collection('an item that does not decode: a ValidationError naming its model and key', async () => {
  const f = await setUp()
  await putAll(f.client, f.table(Order), [{ pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#bad' }, _et: { S: 'order' }, customerId: { S: 'c1' } }])
  const e = await err(f.env, Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }), 'ValidationError')
  assert.match(e.message, /orders\[pk = "CUSTOMER#c1", sk = "ORDER#bad"\]\.orderId: /)
  // not listed, it is skipped
  const r = await run(f.env, Dynamo.collection({ customer: Customer }, { customerId: 'c1' }))
  assert.ok(E.isRight(r))
})

collection('items of a model with ttl whose time has passed are absent, unless includeExpired', async () => {
  const Session = Model.make({
    table: 'shop',
    entity: 'session',
    codec: t.type({ customerId: t.string, sessionId: t.string, expiresAt: Field.epochSeconds }),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'SESSION#{sessionId}'),
    ttl: 'expiresAt',
    billing: 'onDemand',
  })
  const f = await fixture('collection-ttl', { now: () => new Date('2024-06-01T00:00:00.000Z') })
  await ok(f.env, Dynamo.createTable(Order))
  await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ada' }))
  const old = { customerId: 'c1', sessionId: 'old', expiresAt: new Date('2024-01-01T00:00:00.000Z') }
  const live = { customerId: 'c1', sessionId: 'live', expiresAt: new Date('2025-01-01T00:00:00.000Z') }
  await putAll(f.client, f.table(Order), [
    { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'SESSION#old' }, _et: { S: 'session' }, customerId: { S: 'c1' }, sessionId: { S: 'old' }, expiresAt: { N: String(old.expiresAt.getTime() / 1000) } },
    { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'SESSION#live' }, _et: { S: 'session' }, customerId: { S: 'c1' }, sessionId: { S: 'live' }, expiresAt: { N: String(live.expiresAt.getTime() / 1000) } },
  ])
  const r = await ok(f.env, Dynamo.collection({ customer: Customer, sessions: Session }, { customerId: 'c1' }))
  assert.equal(r.sessions, [live])
  assert.is(r.customer.length, 1)
  const all = await ok(f.env, Dynamo.collection({ sessions: Session }, { customerId: 'c1' }, { includeExpired: true }))
  assert.equal(all.sessions, [live, old])
})

collection('an aborted signal: Left(AwsError AbortError), no request', async () => {
  const f = await setUp()
  requests = 0
  const ac = new AbortController()
  ac.abort()
  const e = await err(f.env, Dynamo.collection({ orders: Order }, { customerId: 'c1' }, { signal: ac.signal }), 'AwsError')
  assert.is(e.name, 'AbortError')
  assert.is(requests, 0)
})

collection.run()
