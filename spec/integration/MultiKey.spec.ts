/**
 * DynamoDB's multi-attribute index keys (DESIGN §5.4), against DynamoDB Local: the table made
 * from the models (several HASH and RANGE elements), described back and planned as up to date;
 * reads through the index (getMany, page after page in both orders with a filter, pages,
 * count, reduce) returning exactly what the condition selects, in the index's order; a sparse
 * index leaving out the items without one of its attributes, an update moving an item in and
 * out of it; an entity model on a shared table; and what DynamoDB Local refuses, which the
 * planner follows.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { QueryCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Field from '../../lib/codec/Field.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Model from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as TablePlan from '../../lib/table/TablePlan.js'
import { fixture, ok, scanAll } from '../harness/models.js'
import { Order } from '../harness/multiKey.js'

const o = Order.attrs

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + (i % 9)))
/** 60 orders: 3 statuses × 2 regions, dates with ties (the total breaks them, then the table key), every third without a score. */
const orders: ReadonlyArray<Order> = Array.from({ length: 60 }, (_, i) => ({
  orderId: `o${String(i).padStart(2, '0')}`,
  status: ['open', 'paid', 'shipped'][i % 3] as string,
  region: i % 2 === 0 ? 'eu' : 'us',
  createdAt: day(i),
  total: i % 4,
  ...(i % 5 === 0 ? {} : { note: i % 2 === 0 ? 'x' : 'y' }),
  ...(i % 3 === 0 ? {} : { score: i }),
}))

const selected = (c: C.Condition): ReadonlyArray<Order> => {
  const f = Evaluate.condition(c)
  if (E.isLeft(f)) throw new Error('Evaluate refused it')
  return orders.filter((x) => {
    const stored = Model.encode(Order, x)
    return E.isRight(stored) && f.right(stored.right.stored)
  })
}
const ids = (xs: ReadonlyArray<Order>): ReadonlyArray<string> => xs.map((x) => x.orderId)
const sorted = (xs: ReadonlyArray<Order>): ReadonlyArray<string> => [...ids(xs)].sort()
/** Whether items come in the index's order: createdAt, then total (items of one index key come in no order DynamoDB promises). */
const inIndexOrder = (xs: ReadonlyArray<Order>, descending = false): boolean => {
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1] as Order
    const b = xs[i] as Order
    const d = a.createdAt.getTime() - b.createdAt.getTime() || a.total - b.total
    if (descending ? d < 0 : d > 0) return false
  }
  return true
}

let f: Awaited<ReturnType<typeof fixture>>

test('createTable from the model: the index has its HASH and RANGE attributes in order, describeTable reads them back, planTable has no step', async () => {
  f = await fixture('multikey')
  await ok(f.env, Dynamo.createTable(Order))
  const info = await ok(f.env, Dynamo.describeTable(Order))
  if (O.isNone(info)) return assert.unreachable()
  assert.equal(info.value.indexes.byStatus?.hashKey, [
    { name: 'status', type: 'S' },
    { name: 'region', type: 'S' },
  ])
  assert.equal(info.value.indexes.byStatus?.rangeKey, [
    { name: 'createdAt', type: 'S' },
    { name: 'total', type: 'N' },
  ])
  assert.equal(info.value.indexes.byScore?.hashKey, { name: 'region', type: 'S' })
  const plan = await ok(f.env, Dynamo.planTable(Order))
  assert.ok(TablePlan.isEmpty(plan), TablePlan.show(plan))
  await ok(f.env, Dynamo.saveMany(Order, orders))
  assert.is((await scanAll(f.client, f.table(Order))).length, orders.length)
})

test('getMany through the index: a Query with every hash attribute, a leading range equality and a range condition; the rest the filter', async () => {
  const cases = [
    C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu')),
    C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.gte(o.createdAt, day(3))),
    C.and(C.eq(o.status, 'open'), C.eq(o.region, 'us'), C.eq(o.createdAt, day(3)), C.lt(o.total, 2)),
    C.and(C.eq(o.status, 'open'), C.eq(o.region, 'us'), C.between(o.createdAt, day(2), day(6)), C.eq(o.note, 'y')),
    C.and(C.eq(o.region, 'eu'), C.eq(o.status, 'shipped'), C.beginsWith(o.createdAt, '2024-01-0')),
    // a lower and an upper bound on one attribute: one BETWEEN (an exclusive lower bound on a string moved to the value then U+0000)
    C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'us'), C.gt(o.createdAt, day(2)), C.lte(o.createdAt, day(7))),
    C.and(C.eq(o.status, 'open'), C.eq(o.region, 'eu'), C.lte(o.createdAt, day(6)), C.gte(o.createdAt, day(2)), C.eq(o.note, 'x')),
    C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'us'), C.eq(o.createdAt, day(4)), C.gte(o.total, 2), C.lte(o.total, 3)),
  ]
  for (const c of cases) {
    const p = Dynamo.explain(Order, c)
    assert.ok(E.isRight(p) && p.right._tag === 'Query' && p.right.index === 'byStatus', JSON.stringify(p))
    const got = await ok(f.env, Dynamo.getMany(Order, c))
    const want = selected(c)
    assert.ok(want.length > 0)
    assert.equal(sorted(got), sorted(want))
    assert.ok(inIndexOrder(got), JSON.stringify(got.map((x) => [x.orderId, x.createdAt, x.total])))
  }
})

test('a condition the index cannot key (a range attribute skipped): the planner scans, and the result is still exact', async () => {
  const c = C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.eq(o.total, 2))
  const p = Dynamo.explain(Order, c)
  assert.ok(E.isRight(p) && p.right._tag === 'Scan')
  const got = await ok(f.env, Dynamo.getMany(Order, c))
  assert.equal(got.map((x) => x.orderId).sort(), selected(c).map((x) => x.orderId).sort())
})

test('page after page through the index with a filter, both orders: every selected item once, in the index order', async () => {
  const c = C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.eq(o.note, 'x'))
  const want = selected(c)
  assert.ok(want.length >= 5)
  for (const descending of [false, true]) {
    // the whole read in one request: the selected items, in the index's order
    const whole = await ok(f.env, Dynamo.getMany(Order, c, { descending }))
    assert.equal(sorted(whole), sorted(want))
    assert.ok(inIndexOrder(whole, descending))
    for (const pageSize of [1, 2, 3]) {
      const got: string[] = []
      let cursor: string | undefined
      for (let n = 0; n < 100; n++) {
        const p = await ok(f.env, Dynamo.page(Order, c, { pageSize, descending, ...(cursor === undefined ? {} : { cursor }) }))
        got.push(...p.items.map((x) => x.orderId))
        if (O.isNone(p.cursor)) break
        cursor = p.cursor.value
      }
      // every item once, none skipped, in the same order
      assert.equal(got, ids(whole), `pageSize ${pageSize}, descending ${descending}`)
    }
  }
  // pages, count and reduce go through it too
  const viaPages: string[] = []
  for await (const p of Dynamo.pages(Order, c, { pageSize: 2, descending: true })(f.env)) {
    if (E.isLeft(p)) return assert.unreachable()
    viaPages.push(...p.right.items.map((x) => x.orderId))
  }
  const down = ids(await ok(f.env, Dynamo.getMany(Order, c, { descending: true })))
  assert.equal(viaPages, down)
  assert.is(await ok(f.env, Dynamo.count(Order, c)), want.length)
  assert.is(await ok(f.env, Dynamo.reduce(Order, c, 0, (n, x) => n + x.total)), want.reduce((n, x) => n + x.total, 0))
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Order, c, { limit: 3, descending: true }))), down.slice(0, 3))
})

test('a sparse multi-attribute index: an item without one of its attributes is not in it; an update moves an item in, a remove out', async () => {
  const eu = C.eq(o.region, 'eu')
  // the planner does not read byScore for a condition that does not test score (it would miss items): a Scan
  const p = Dynamo.explain(Order, eu)
  assert.ok(E.isRight(p) && p.right._tag === 'Scan')
  assert.is((await ok(f.env, Dynamo.getMany(Order, eu))).length, 30)
  // named, the index holds only the items with a score
  const inIndex = await ok(f.env, Dynamo.getMany(Order, eu, { index: 'byScore' }))
  assert.equal(inIndex.map((x) => x.orderId).sort(), orders.filter((x) => x.region === 'eu' && x.score !== undefined).map((x) => x.orderId).sort())
  assert.ok(inIndex.every((x) => x.score !== undefined))
  // o00 has no score: a set puts it in the index, a remove takes it out (a plain update: nothing recomputed)
  const withScore = C.and(eu, C.gte(o.score, -1))
  const has = async () => (await ok(f.env, Dynamo.getMany(Order, withScore))).some((x) => x.orderId === 'o00')
  assert.is(await has(), false)
  await ok(f.env, Dynamo.updateOne(Order, 'o00', [U.set(o.score, -1)]))
  assert.is(await has(), true)
  await ok(f.env, Dynamo.updateOne(Order, 'o00', [U.remove(o.score)]))
  assert.is(await has(), false)
  // an update of a hash attribute moves the item to another partition of the index
  const paidUs = C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'us'))
  const before = (await ok(f.env, Dynamo.getMany(Order, paidUs))).length
  await ok(f.env, Dynamo.updateOne(Order, 'o00', [U.set(o.status, 'paid'), U.set(o.region, 'us')]))
  const after = await ok(f.env, Dynamo.getMany(Order, paidUs))
  assert.is(after.length, before + 1)
  assert.ok(after.some((x) => x.orderId === 'o00'))
})

test('what DynamoDB Local refuses of a multi-attribute key, which the planner never sends', async () => {
  const TableName = f.table(Order)
  const refused = async (KeyConditionExpression: string, values: Record<string, string>, FilterExpression?: string) => {
    try {
      await f.client.send(
        new QueryCommand({
          TableName,
          IndexName: 'byStatus',
          KeyConditionExpression,
          ...(FilterExpression === undefined ? {} : { FilterExpression }),
          // (status is a reserved word)
          ExpressionAttributeNames: Object.fromEntries(Object.entries({ '#s': 'status', '#r': 'region', '#c': 'createdAt', '#t': 'total' }).filter(([k]) => `${KeyConditionExpression} ${FilterExpression ?? ''}`.includes(k))),
          ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === ':t' ? { N: v } : { S: v }])),
        }),
      )
      return 'accepted'
    } catch (e) {
      return (e as Error).message
    }
  }
  const base = { ':s': 'paid', ':r': 'eu' }
  assert.match(await refused('#s = :s', { ':s': 'paid' }), 'HASH key attributes region must have equality conditions')
  assert.match(await refused('#s = :s AND #r = :r AND #t > :t', { ...base, ':t': '1' }), 'RANGE key attributes createdAt must have equality conditions')
  assert.match(await refused('#s = :s AND #r = :r AND #c > :d AND #t = :t', { ...base, ':d': '2024', ':t': '1' }), 'RANGE key attributes createdAt must have equality conditions')
  assert.match(await refused('#s = :s AND #r = :r', { ...base, ':t': '1' }, '#t = :t'), 'Filter Expression can only contain non-primary key attributes')
  // the attributes in any order, a range condition on the attribute after the equalities
  assert.is(await refused('#r = :r AND #s = :s AND #c = :d AND #t > :t', { ...base, ':d': '2024-01-02T00:00:00.000Z', ':t': '0' }), 'accepted')
  // two conditions on one attribute (the planner makes them one BETWEEN, in order)
  assert.match(await refused('#s = :s AND #r = :r AND #c >= :a AND #c <= :b', { ...base, ':a': '2024', ':b': '2025' }), 'KeyConditionExpressions must only contain one condition per key')
  assert.match(await refused('#s = :s AND #r = :r AND #c BETWEEN :a AND :b', { ...base, ':a': '2025', ':b': '2024' }), 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound')
  assert.is(await refused('#s = :s AND #r = :r AND #c BETWEEN :a AND :b', { ...base, ':a': '2024\u0000', ':b': '2025' }), 'accepted')
})

const shared = t.type({ customerId: t.string, orderId: t.string, status: t.string, createdAt: Field.dateTime })
const Shipment = Model.make({
  table: 'shop',
  entity: 'shipment',
  codec: shared,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'SHIPMENT#{orderId}'),
  billing: 'onDemand',
  indexes: { byStatus: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt', 'orderId'] }) },
})
const Return = Model.make({
  table: 'shop',
  entity: 'return',
  codec: shared,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'RETURN#{orderId}'),
  billing: 'onDemand',
  indexes: { byStatus: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt', 'orderId'] }) },
})

test('entity models sharing a table and a multi-attribute index: each reads only its own items through it, page by page', async () => {
  const g = await fixture('multikeyshop')
  await ok(g.env, Dynamo.createTable([Shipment, Return]))
  assert.ok(TablePlan.isEmpty(await ok(g.env, Dynamo.planTable([Shipment, Return]))))
  const items = Array.from({ length: 12 }, (_, i) => ({ customerId: `c${i % 3}`, orderId: `o${String(i).padStart(2, '0')}`, status: i % 2 === 0 ? 'late' : 'done', createdAt: day(i) }))
  await ok(g.env, Dynamo.saveMany(Shipment, items))
  await ok(g.env, Dynamo.saveMany(Return, items))
  // stored as they are: the fields are the index's attributes, no computed index attribute
  const raw = await scanAll(g.client, g.table(Shipment))
  assert.ok(raw.every((x) => Object.keys(x).sort().join(',') === '_et,createdAt,customerId,orderId,pk,sk,status'), JSON.stringify(raw[0]))
  const c = C.and(C.eq(Shipment.attrs.status, 'late'), C.gt(Shipment.attrs.createdAt, day(2)))
  const p = Dynamo.explain(Shipment, c)
  assert.ok(E.isRight(p) && p.right._tag === 'Query' && p.right.index === 'byStatus')
  // (createdAt, orderId): one item per index key, so one order
  const want = items.filter((x) => x.status === 'late' && x.createdAt > day(2)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.orderId < b.orderId ? -1 : 1)).map((x) => x.orderId)
  for (const descending of [false, true]) {
    const got: string[] = []
    let cursor: string | undefined
    for (let n = 0; n < 50; n++) {
      const pg = await ok(g.env, Dynamo.page(Shipment, c, { pageSize: 2, descending, ...(cursor === undefined ? {} : { cursor }) }))
      got.push(...pg.items.map((x) => x.orderId))
      if (O.isNone(pg.cursor)) break
      cursor = pg.cursor.value
    }
    assert.equal(got, descending ? [...want].reverse() : want)
  }
  assert.is(await ok(g.env, Dynamo.count(Return, C.eq(Return.attrs.status, 'late'))), 6)
})

test.run()
