/**
 * Single-table design against DynamoDB Local (DESIGN §5.4, issue 17 points 1, 3, 4): one
 * table holding three entities (customers, orders, invoices) and raw foreign items without
 * the entity attribute. Writes compute the key attributes and `_et`; every read path of an
 * entity (getOne, getMany by keys and by condition, through the table and an index, page,
 * pages, count, reduce, deleteMany by condition, clearTable) returns, counts and deletes only
 * that entity's items, and never fails on the others'. Updates of index template fields
 * recompute the index keys in the same request: the stored item equals the item saved whole.
 */
import type * as A from '../../lib/ast/Attr.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as T from '../../lib/compile/Transaction.js'
import { Customer, Invoice, Order, type Order as OrderT } from '../harness/shop.js'
import { describe, err, fixture, ok, rawGet, scanAll, S, type Fixture } from '../harness/models.js'

const o = Order.attrs
const i = Invoice.attrs
const day = (d: number) => new Date(Date.UTC(2024, 4, d))

const orders: ReadonlyArray<OrderT> = [
  { customerId: 'c1', orderId: 'o1', createdAt: day(1), status: 'open', total: 10 },
  { customerId: 'c1', orderId: 'o2', createdAt: day(2), status: 'open', total: 20 },
  { customerId: 'c1', orderId: 'o3', createdAt: day(3), status: 'shipped', total: 30, shippedAt: day(4) },
  { customerId: 'c2', orderId: 'o4', createdAt: day(4), status: 'open', total: 40 },
  { customerId: 'c2', orderId: 'o5', createdAt: day(5), status: 'open', total: 50 },
]

/** Raw items no model wrote: no `_et`, in the partitions and the index the entities use, with keys shaped like theirs. */
const foreign: ReadonlyArray<Record<string, AttributeValue>> = [
  { pk: S('CUSTOMER#c1'), sk: S('ORDER#2024-05-09T00:00:00.000Z#zz'), gsi1pk: S('STATUS#open'), gsi1sk: S('2024-05-09T00:00:00.000Z#zz'), total: S('not a number') },
  { pk: S('CUSTOMER#c1'), sk: S('PROFILE#old'), customerId: S('c1') },
  { pk: S('CUSTOMER#c2'), sk: S('ORDER#x'), _et: S('legacy'), customerId: S('c2'), total: { BOOL: true } },
]

const withShop = async (): Promise<Fixture> => {
  const f = await fixture('shop')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ann' }))
  await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c2', name: 'Ben', tier: 'gold' }))
  const saved = await ok(f.env, Dynamo.saveMany(Order, orders))
  assert.is(saved.failCount, 0)
  await ok(f.env, Dynamo.transactWrite([T.put(Invoice, { customerId: 'c1', invoiceId: 'i1', createdAt: day(6), status: 'open', total: '12.50' })]))
  await ok(f.env, Dynamo.saveOne(Invoice, { customerId: 'c2', invoiceId: 'i2', createdAt: day(7), status: 'paid', total: '7.25' }))
  for (const item of foreign) await f.client.send(new PutItemCommand({ TableName: f.table(Order), Item: item }))
  return f
}

const ids = (xs: ReadonlyArray<{ readonly orderId: string }>) => xs.map((x) => x.orderId).sort()

test('createTable of the model list: one table, the union of the indexes, _et projected into a keys-only index', async () => {
  const f = await fixture('shop-create')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const d = await describe(f.client, f.table(Order))
  assert.equal(d.KeySchema, [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ])
  const gsis = Object.fromEntries((d.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]))
  assert.equal(Object.keys(gsis).sort(), ['byShipped', 'byStatus'])
  assert.equal(gsis['byShipped']?.Projection, { ProjectionType: 'INCLUDE', NonKeyAttributes: ['_et', 'createdAt', 'customerId', 'orderId', 'shippedAt'] })
  assert.equal(gsis['byStatus']?.Projection, { ProjectionType: 'ALL' })
})

test('writes compute the key attributes and _et (saveOne, saveMany, transactions); reads never show them', async () => {
  const f = await withShop()
  const raw = await rawGet(f.client, f.table(Order), { pk: S('CUSTOMER#c1'), sk: S('ORDER#2024-05-03T00:00:00.000Z#o3') })
  assert.equal(raw, {
    pk: S('CUSTOMER#c1'),
    sk: S('ORDER#2024-05-03T00:00:00.000Z#o3'),
    gsi1pk: S('STATUS#shipped'),
    gsi1sk: S('2024-05-03T00:00:00.000Z#o3'),
    gsi2pk: S('CUST#c1'),
    gsi2sk: S('SHIPPED#2024-05-04T00:00:00.000Z'),
    _et: S('order'),
    customerId: S('c1'),
    orderId: S('o3'),
    createdAt: S('2024-05-03T00:00:00.000Z'),
    status: S('shipped'),
    total: { N: '30' },
    shippedAt: S('2024-05-04T00:00:00.000Z'),
  })
  // an unshipped order stays out of the sparse index
  const o1 = await rawGet(f.client, f.table(Order), { pk: S('CUSTOMER#c1'), sk: S('ORDER#2024-05-01T00:00:00.000Z#o1') })
  assert.is(o1?.['gsi2sk'], undefined)
  assert.equal(o1?.['gsi2pk'], S('CUST#c1'))
  const inv = await rawGet(f.client, f.table(Invoice), { pk: S('CUSTOMER#c1'), sk: S('INVOICE#i1') })
  assert.equal(inv?.['_et'], S('invoice'))
  assert.equal(inv?.['gsi1sk'], S('2024-05-06T00:00:00.000Z#i1'))
  const got = await ok(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: day(3), orderId: 'o3' }))
  assert.equal(got, orders[2])
  assert.equal(await ok(f.env, Dynamo.getOne(Customer, 'c2')), { customerId: 'c2', name: 'Ben', tier: 'gold' })
  assert.equal(await ok(f.env, Dynamo.getOne(Invoice, ['c1', 'i1'])), { customerId: 'c1', invoiceId: 'i1', createdAt: day(6), status: 'open', total: '12.5' })
})

test('entity isolation: getOne and getMany by keys never take another entity or a foreign item', async () => {
  const f = await withShop()
  // a foreign item at a key an order's template gives: absent for Order
  await err(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date('2024-05-09T00:00:00.000Z'), orderId: 'zz' }), 'NotFound')
  await err(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date('2024-05-09T00:00:00.000Z'), orderId: 'zz' }, { consistentRead: true }), 'NotFound')
  const many = await ok(
    f.env,
    Dynamo.getMany(Order, [
      { customerId: 'c1', createdAt: day(1), orderId: 'o1' },
      { customerId: 'c1', createdAt: new Date('2024-05-09T00:00:00.000Z'), orderId: 'zz' },
      { customerId: 'c2', createdAt: day(5), orderId: 'o5' },
    ]),
  )
  assert.equal(ids(many), ['o1', 'o5'])
  const one = await ok(f.env, Dynamo.getMany(Order, [{ customerId: 'c1', createdAt: new Date('2024-05-09T00:00:00.000Z'), orderId: 'zz' }]))
  assert.equal(one, [])
})

test('entity isolation: conditions through the table and an index, page, pages, count, reduce', async () => {
  const f = await withShop()
  const c1 = C.eq(o.customerId, 'c1')
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, c1))), ['o1', 'o2', 'o3'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, C.exists(o.customerId)))), ['o1', 'o2', 'o3', 'o4', 'o5'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open'), { index: 'byStatus' }))), ['o1', 'o2', 'o4', 'o5'])
  assert.equal((await ok(f.env, Dynamo.getMany(Invoice, C.eq(i.status, 'open'), { index: 'byStatus' }))).map((x) => x.invoiceId), ['i1'])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, C.exists(o.customerId), { index: 'byShipped', select: ['shippedAt'] }))), ['o3'])
  assert.is(await ok(f.env, Dynamo.count(Order, C.exists(o.customerId))), 5)
  assert.is(await ok(f.env, Dynamo.count(Order, C.eq(o.status, 'open'), { index: 'byStatus' })), 4)
  assert.is(await ok(f.env, Dynamo.count(Customer, C.exists(Customer.attrs.customerId))), 2)
  assert.is(await ok(f.env, Dynamo.count(Invoice, C.exists(i.customerId))), 2)
  assert.is(await ok(f.env, Dynamo.reduce(Order, C.exists(o.customerId), 0, (n, x) => n + x.total)), 150)
  const seen: string[] = []
  for await (const p of Dynamo.pages(Order, C.exists(o.customerId), { pageSize: 2 })(f.env)) {
    assert.ok(E.isRight(p), E.isLeft(p) ? JSON.stringify(p.left) : '')
    if (E.isRight(p)) seen.push(...p.right.items.map((x) => x.orderId))
  }
  assert.equal(seen.sort(), ['o1', 'o2', 'o3', 'o4', 'o5'])
  const first = await ok(f.env, Dynamo.page(Order, c1, { pageSize: 1 }))
  assert.ok(first.items.length <= 1)
  // the plan says so: the entity condition is AND-ed into the filter
  const plan = Dynamo.explain(Order, c1)
  assert.ok(E.isRight(plan) && plan.right.filter !== undefined)
})

test('entity isolation: deleteMany by condition and clearTable take only the entity', async () => {
  const f = await withShop()
  const r = await ok(f.env, Dynamo.deleteMany(Order, C.eq(o.customerId, 'c1')))
  assert.equal(r.failCount, 0)
  assert.equal(r.success.map((k) => (k as { orderId: string }).orderId).sort(), ['o1', 'o2', 'o3'])
  assert.equal(r.success.find((k) => (k as { orderId: string }).orderId === 'o1'), { customerId: 'c1', createdAt: day(1), orderId: 'o1' })
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, C.exists(o.customerId)))), ['o4', 'o5'])
  assert.is(await ok(f.env, Dynamo.clearTable(Order)), 2)
  const left = await scanAll(f.client, f.table(Order))
  // customers, invoices and the foreign items are still there
  assert.equal(left.map((x) => `${x['pk']?.S}|${x['sk']?.S}`).sort(), [
    'CUSTOMER#c1|INVOICE#i1',
    'CUSTOMER#c1|ORDER#2024-05-09T00:00:00.000Z#zz',
    'CUSTOMER#c1|PROFILE',
    'CUSTOMER#c1|PROFILE#old',
    'CUSTOMER#c2|INVOICE#i2',
    'CUSTOMER#c2|ORDER#x',
    'CUSTOMER#c2|PROFILE',
  ])
})

test('updates: a set of an index template field recomputes its key in the same request; the stored item equals the item saved whole', async () => {
  const f = await withShop()
  const key = { customerId: 'c1', createdAt: day(1), orderId: 'o1' }
  const rawKey = { pk: S('CUSTOMER#c1'), sk: S('ORDER#2024-05-01T00:00:00.000Z#o1') }
  const updated = await ok(f.env, Dynamo.updateOne(Order, key, [U.set(o.status, 'shipped'), U.set(o.shippedAt, day(9))]))
  assert.equal(updated, { ...orders[0], status: 'shipped', shippedAt: day(9) })
  const afterUpdate = await rawGet(f.client, f.table(Order), rawKey)
  assert.equal(afterUpdate?.['gsi1pk'], S('STATUS#shipped'))
  assert.equal(afterUpdate?.['gsi2sk'], S('SHIPPED#2024-05-09T00:00:00.000Z'))
  await ok(f.env, Dynamo.saveOne(Order, updated))
  assert.equal(await rawGet(f.client, f.table(Order), rawKey), afterUpdate)
  // it moved in the index: found by its new status, not by the old
  assert.ok(ids(await ok(f.env, Dynamo.getMany(Order, C.eq(o.status, 'shipped'), { index: 'byStatus' }))).includes('o1'))
  // a remove takes the item out of the sparse index
  const removed = await ok(f.env, Dynamo.updateOne(Order, key, [U.remove(o.shippedAt)]))
  const afterRemove = await rawGet(f.client, f.table(Order), rawKey)
  assert.is(afterRemove?.['gsi2sk'], undefined)
  await ok(f.env, Dynamo.saveOne(Order, removed))
  assert.equal(await rawGet(f.client, f.table(Order), rawKey), afterRemove)
  // updateFromDict: the same rule
  const viaDict = await ok(f.env, Dynamo.updateFromDict(Order, { ...key, status: 'open', shippedAt: day(10) }))
  const afterDict = await rawGet(f.client, f.table(Order), rawKey)
  await ok(f.env, Dynamo.saveOne(Order, viaDict))
  assert.equal(await rawGet(f.client, f.table(Order), rawKey), afterDict)
  assert.equal(afterDict?.['gsi1pk'], S('STATUS#open'))
})

test('updates: a table key field, a computed attribute, or another action on a template field: ExpressionError, nothing sent', async () => {
  const f = await withShop()
  const key = { customerId: 'c1', createdAt: day(1), orderId: 'o1' }
  const before = await scanAll(f.client, f.table(Order))
  await err(f.env, Dynamo.updateOne(Order, key, [U.set(o.orderId as A.Attr<string>, 'o9')]), 'ExpressionError')
  await err(f.env, Dynamo.updateOne(Order, key, [U.set(o.createdAt as A.Attr<Date>, day(2))]), 'ExpressionError')
  await err(f.env, Dynamo.updateOne(Order, key, [U.setIfNotExists(o.status as A.Attr<string>, 'x')]), 'ExpressionError')
  await err(f.env, Dynamo.updateOne(Order, key, [U.set(o.status, o.note as never)]), 'ExpressionError')
  assert.equal(await scanAll(f.client, f.table(Order)), before)
})
test.run()
