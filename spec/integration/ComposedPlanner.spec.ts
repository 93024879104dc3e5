/**
 * Issue 17, point 2: the planner over composed keys, against DynamoDB Local. On generated
 * items of two entities sharing a table (orders, and the customers in the orders'
 * partitions) and generated conditions on the orders' fields, every plan `getMany` makes
 * (GetItem, Query of the table or of an index, Scan) returns exactly the orders the
 * condition selects, as `Evaluate` says of the same stored items in memory.
 *
 * fast-check, fixed seeds, shrinking on: a batch of items goes into a fresh table (written by
 * `saveMany`, with a foreign item without an entity among the orders' keys), then many
 * conditions are planned and read against it; a Query is also walked page by cursor (1 to 7
 * items a page, both orders): the same items in the same order, every page with a cursor full.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import { fixture, ok, run, scanAll } from '../harness/models.js'
/** Another entity in the orders' partitions. */
import { Customer } from '../harness/shop.js'

const orderCodec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0, max: 999_999 }) }),
  t.partial({ note: t.string }),
])
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: orderCodec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'C#{customerId}'), rangeKey: Model.key('gsi2sk', 'T#{total}#{orderId}', { pad: { total: 6 } }) }),
  },
  billing: 'onDemand',
})
type Order = Model.TypeOf<typeof Order>
const o = Order.attrs
// -------------------------------------------------------------------------------------
// generators
// -------------------------------------------------------------------------------------

// values near the separators ('#', and '$' after it), prefixes of one another, the ends of the order
const ids = ['a', 'ab', 'b', 'a$', 'a%', 'a~', 'é', '😀', 'z', 'o1', 'o10', 'o2']
const customers = ['c1', 'c2', 'c#3']
const statuses = ['open', 'shipped', 'op']
const dates = ['2024-01-31T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-02-15T12:00:00.000Z', '2024-03-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'].map((d) => new Date(d))
const totals = [0, 5, 42, 100, 999, 1000, 999_999]

const orderArb: fc.Arbitrary<Order> = fc.record(
  {
    customerId: fc.constantFrom(...customers),
    orderId: fc.constantFrom(...ids),
    createdAt: fc.constantFrom(...dates),
    status: fc.constantFrom(...statuses),
    total: fc.constantFrom(...totals),
    note: fc.constantFrom('x', 'y'),
  },
  { requiredKeys: ['customerId', 'orderId', 'createdAt', 'status', 'total'] },
)

const idValue = fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...ids).map((v) => v + '#'), fc.constantFrom('', 'a!', '#'))
const dateValue = fc.oneof(fc.constantFrom(...dates), fc.integer({ min: 0, max: dates.length - 1 }).map((i) => new Date((dates[i] as Date).getTime() + 1)))
const totalValue = fc.oneof(fc.constantFrom(...totals), fc.constantFrom(1, 99, 1001, -1, 2.5))
const order = fc.constantFrom('lt', 'lte', 'gt', 'gte') as fc.Arbitrary<'lt' | 'lte' | 'gt' | 'gte'>

const conjunct: fc.Arbitrary<C.Condition> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...customers, 'c').map((v) => C.eq(o.customerId, v)) },
  { weight: 3, arbitrary: fc.constantFrom(...statuses).map((v) => C.eq(o.status, v)) },
  { weight: 3, arbitrary: dateValue.map((v) => C.eq(o.createdAt, v)) },
  { weight: 3, arbitrary: fc.tuple(order, dateValue).map(([op, v]) => C[op](o.createdAt, v)) },
  // bounds in order mostly (out of order, DynamoDB refuses them)
  { weight: 2, arbitrary: fc.tuple(dateValue, dateValue, fc.nat(4)).map(([a, b, k]) => (k === 0 || a <= b ? C.between(o.createdAt, a, b) : C.between(o.createdAt, b, a))) },
  { weight: 2, arbitrary: fc.constantFrom('2024', '2024-02', '2024-02-01T', '2025-01-01T00:00:00.000Z', '').map((v) => C.beginsWith(o.createdAt, v)) },
  { weight: 3, arbitrary: idValue.map((v) => C.eq(o.orderId, v)) },
  { weight: 3, arbitrary: fc.tuple(order, idValue).map(([op, v]) => C[op](o.orderId, v)) },
  { weight: 2, arbitrary: idValue.map((v) => C.beginsWith(o.orderId, v)) },
  { weight: 2, arbitrary: fc.tuple(order, totalValue).map(([op, v]) => C[op](o.total, v)) },
  { weight: 2, arbitrary: fc.tuple(totalValue, totalValue, fc.nat(4)).map(([a, b, k]) => (k === 0 || a <= b ? C.between(o.total, a, b) : C.between(o.total, b, a))) },
  { weight: 1, arbitrary: totalValue.map((v) => C.eq(o.total, v)) },
  { weight: 1, arbitrary: fc.constantFrom('x', 'y').map((v) => C.eq(o.note, v)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...statuses), fc.constantFrom(...customers)).map(([s, c]) => C.or(C.eq(o.status, s), C.ne(o.customerId, c))) },
)
const conditionArb = fc.array(conjunct, { minLength: 1, maxLength: 4 }).map((cs) => (cs.length === 1 ? (cs[0] as C.Condition) : C.and(...cs)))

// -------------------------------------------------------------------------------------
// the differential
// -------------------------------------------------------------------------------------

const keyOf = (x: { customerId: string; orderId: string; createdAt: Date }): string => `${x.customerId}\u0000${x.createdAt.toISOString()}\u0000${x.orderId}`
const batches = Number(process.env['COMPOSED_BATCHES'] ?? 6)
const perBatch = Number(process.env['COMPOSED_CONDITIONS'] ?? 60)

test(`every plan of a condition on composed keys returns exactly what the condition selects (${batches} batches × ${perBatch} conditions)`, async () => {
  const kinds = new Map<string, number>()
  let compared = 0
  let returned = 0
  let pagesRead = 0
  let descended = 0
  for (let b = 0; b < batches; b++) {
    const f = await fixture(`composed${b}`)
    await ok(f.env, Dynamo.createTable(Order))
    const [raw] = fc.sample(fc.array(orderArb, { minLength: 10, maxLength: 60 }), { seed: 1700 + b, numRuns: 1 }) as [Order[]]
    // written as dynamongo writes them (the items the key rules refuse fail, and are not written)
    const saved = await ok(f.env, Dynamo.saveMany(Order, raw))
    assert.ok(saved.success.length > 0)
    await ok(f.env, Dynamo.saveMany(Customer, customers.map((customerId) => ({ customerId, name: `name of ${customerId}` }))))
    // a foreign item (no entity) among the orders' keys: no read of orders returns it
    await f.client.send(new PutItemCommand({ TableName: f.table(Order), Item: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#2024-02-15T12:00:00.000Z#a' }, gsi1pk: { S: 'STATUS#open' }, gsi1sk: { S: '2024-02-15T12:00:00.000Z#a' } } }))
    // what the table holds: the orders compared with, and the others
    const all = await scanAll(f.client, f.table(Order))
    const orders = all.filter((x) => x['_et']?.S === 'order')
    assert.is(all.length - orders.length, customers.length + 1)
    const details = await fc.check(
      fc.asyncProperty(conditionArb, fc.boolean(), fc.integer({ min: 1, max: 7 }), async (cond, descending, pageSize) => {
        const selects = Evaluate.condition(cond)
        if (E.isLeft(selects)) {
          // what DynamoDB refuses (a BETWEEN with its bounds out of order): every plan refuses it too
          // (with Evaluate's error: before any request, whatever DynamoDB Local's state)
          const got = await run(f.env, Dynamo.getMany(Order, cond))
          assert.equal(got, selects, `${Expression.show(cond)}: Evaluate refuses it (${DE.show(selects.left)}), getMany ${E.isLeft(got) ? DE.show(got.left) : 'does not'}`)
          kinds.set('refused', (kinds.get('refused') ?? 0) + 1)
          return
        }
        const plan = Dynamo.explain(Order, cond)
        if (E.isLeft(plan)) {
          assert.unreachable(`explain refused ${Expression.show(cond)}: ${DE.show(plan.left)}`)
          return
        }
        const p = plan.right
        const kind = p._tag === 'Query' ? `Query ${p.index ?? 'table'}` : p._tag
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        const got = await run(f.env, Dynamo.getMany(Order, cond, p._tag === 'Query' && descending ? { descending } : {}))
        if (E.isLeft(got)) {
          assert.unreachable(`${Expression.show(cond)}\n${Plan.show(p)}\nfailed: ${DE.show(got.left)}`)
          return
        }
        const want = orders.filter(selects.right).map((s) => keyOf(E.getOrElseW(() => assert.unreachable())(Model.decode(Order, s)) as Order)).sort()
        const have = got.right.map(keyOf).sort()
        compared++
        returned += have.length
        assert.equal(have, want, `${Expression.show(cond)}\n${Plan.show(p)}`)
        if (p._tag === 'Query' && descending) {
          // a Query's items come in its range key's order: the keys, descending
          const attribute = p.index === undefined ? 'sk' : p.index === 'byStatus' ? 'gsi1sk' : 'gsi2sk'
          const stored = new Map(orders.map((x) => [keyOf(E.getOrElseW(() => assert.unreachable())(Model.decode(Order, x)) as Order), x[attribute]?.S as string]))
          const sks = got.right.map((x) => stored.get(keyOf(x)) as string)
          assert.equal(sks, [...sks].sort((x, y) => (Buffer.compare(Buffer.from(y), Buffer.from(x)))))
          if (sks.length > 1) descended++
        }
        if (p._tag === 'Query') {
          // walked page by cursor, the same items in the same order, every page with a cursor full
          const walked: Order[] = []
          let cursor: string | undefined
          do {
            const page = await ok(f.env, Dynamo.page(Order, cond, { ...(descending ? { descending } : {}), pageSize, ...(cursor === undefined ? {} : { cursor }) }))
            walked.push(...page.items)
            cursor = O.isSome(page.cursor) ? page.cursor.value : undefined
            if (cursor !== undefined) assert.is(page.items.length, pageSize, `${Expression.show(cond)}: a page with a cursor is full`)
            pagesRead++
          } while (cursor !== undefined)
          assert.equal(walked.map(keyOf), got.right.map(keyOf), `${Expression.show(cond)}\n${Plan.show(p)}\npageSize ${pageSize}${descending ? ', descending' : ''}`)
        }
      }),
      { seed: 4200 + b, numRuns: perBatch },
    )
    if (details.failed) assert.unreachable(`seed ${4200 + b}, shrunk ${details.numShrinks} times: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`)
  }
  // the generator reaches every plan, and the refusal; descending reads of more than one item
  const counts = JSON.stringify({ kinds: [...kinds], returned, pagesRead, descended })
  for (const k of ['GetItem', 'Query table', 'Query byStatus', 'Query byTotal', 'Scan', 'refused']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} in ${counts}`)
  assert.ok(returned > 0 && pagesRead > 0 && descended > 0, counts)
  if (process.env['COMPOSED_STATS'] !== undefined) console.log({ compared, returned, pagesRead, descended, kinds: [...kinds] })
})

test.run()
