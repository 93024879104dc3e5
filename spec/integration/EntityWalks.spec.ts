/**
 * Page walks of entities that share a table (DESIGN §5.1, §5.4) against DynamoDB Local:
 * customers, orders and invoices of the shop (spec/harness/shop.ts) in one table, with a
 * foreign item (no entity) in every partition; orders and invoices share the GSI `byStatus`,
 * ties on `createdAt` broken by the ids. For generated reads (an order's partition or a status,
 * through the table or `byStatus`, a range condition on `createdAt` translated into the
 * composed key, a filter, both orders) a walk of `Dynamo.page` from cursor to cursor, and of
 * `Dynamo.pages` with a limit, is exactly the entity's items the read selects, in the stored
 * key's order (DynamoDB orders strings by their bytes: these are ASCII), computed in memory
 * from the generated items; a cursor of one entity's read is refused on the other's.
 * `Dynamo.collection` of a partition, at any pageSize and in both orders, gives each model's
 * items in that order. fast-check, fixed seeds.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Plan from '../../lib/plan/Plan.js'
import { Customer, Invoice, Order } from '../harness/shop.js'
import { fixture, ok, type Fixture } from '../harness/models.js'

const customers = ['c0', 'c1', 'c2']
const statuses = ['open', 'paid']
const dates = ['2024-01-31T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-02-01T00:00:00.001Z', '2024-02-15T12:00:00.000Z', '2025-01-01T00:00:00.000Z']

const orderArb = (i: number): fc.Arbitrary<Order> =>
  fc.record({
    customerId: fc.constantFrom(...customers),
    orderId: fc.constant(`o${String(i).padStart(2, '0')}`),
    createdAt: fc.constantFrom(...dates).map((d) => new Date(d)),
    status: fc.constantFrom(...statuses),
    total: fc.nat(100),
  })
const invoiceArb = (i: number): fc.Arbitrary<Invoice> =>
  fc.record({
    customerId: fc.constantFrom(...customers),
    invoiceId: fc.constant(`i${String(i).padStart(2, '0')}`),
    createdAt: fc.constantFrom(...dates).map((d) => new Date(d)),
    status: fc.constantFrom(...statuses),
    total: fc.nat(100).map((n) => `${n}.5`),
  })

const [orders, invoices] = fc.sample(fc.tuple(fc.tuple(...Array.from({ length: 60 }, (_, i) => orderArb(i))), fc.tuple(...Array.from({ length: 30 }, (_, i) => invoiceArb(i)))), {
  seed: 5150,
  numRuns: 1,
})[0] as [Order[], Invoice[]]

/** Requests sent through the fixture's Env. */
let sent = 0
let loaded: Promise<Fixture> | undefined
const table = (): Promise<Fixture> =>
  (loaded ??= (async () => {
    const f = await fixture('entitywalks', { concurrency: 8, on: (e) => void (e._tag === 'Request' && sent++) })
    await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
    await ok(f.env, Dynamo.saveMany(Customer, customers.map((customerId) => ({ customerId, name: customerId.toUpperCase() }))))
    assert.is((await ok(f.env, Dynamo.saveMany(Order, orders))).failCount, 0)
    assert.is((await ok(f.env, Dynamo.saveMany(Invoice, invoices))).failCount, 0)
    // a foreign item in every partition and in every status of byStatus, without an entity
    for (const c of customers) await f.client.send(new PutItemCommand({ TableName: f.table(Order), Item: { pk: { S: `CUSTOMER#${c}` }, sk: { S: 'ORDER#2024-02-01' }, gsi1pk: { S: 'STATUS#open' }, gsi1sk: { S: '2024-02-01' } } }))
    return f
  })())

type Op = 'lt' | 'lte' | 'gt' | 'gte'
type Range = { readonly op: Op; readonly v: string } | { readonly op: 'between'; readonly lo: string; readonly hi: string } | { readonly op: 'beginsWith'; readonly v: string }

interface Read {
  readonly entity: 'order' | 'invoice'
  /** Through the table (an order's partition) or byStatus. */
  readonly by: 'customer' | 'status'
  readonly value: number
  readonly range: Range | undefined
  /** A filter `total > v` (orders only: an invoice's total is a decimal string). */
  readonly over: number | undefined
  readonly descending: boolean
}

const rangeArb: fc.Arbitrary<Range | undefined> = fc.option(
  fc.oneof(
    fc.record({ op: fc.constantFrom<Op>('lt', 'lte', 'gt', 'gte'), v: fc.constantFrom(...dates) }),
    fc.tuple(fc.constantFrom(...dates), fc.constantFrom(...dates)).map(([x, y]) => ({ op: 'between' as const, lo: x < y ? x : y, hi: x < y ? y : x })),
    fc.constantFrom('2024', '2024-02', '2024-02-01T00:00:00.00', '2025').map((v) => ({ op: 'beginsWith' as const, v })),
  ),
  { nil: undefined },
)

const readArb: fc.Arbitrary<Read> = fc
  .record({
    entity: fc.constantFrom<'order' | 'invoice'>('order', 'invoice'),
    by: fc.constantFrom<'customer' | 'status'>('customer', 'status'),
    value: fc.nat(2),
    range: rangeArb,
    over: fc.option(fc.nat(100), { nil: undefined }),
    descending: fc.boolean(),
  })
  // an invoice's sort key is its id: reads of invoices go through byStatus, unfiltered
  .map((r) => (r.entity === 'invoice' ? { ...r, by: 'status' as const, over: undefined } : r))

const partOf = (r: Read): string => (r.by === 'customer' ? (customers[r.value] as string) : (statuses[r.value % 2] as string))

const inRange = (x: Range | undefined, v: string): boolean => {
  if (x === undefined) return true
  switch (x.op) {
    case 'lt':
      return v < x.v
    case 'lte':
      return v <= x.v
    case 'gt':
      return v > x.v
    case 'gte':
      return v >= x.v
    case 'between':
      return x.lo <= v && v <= x.hi
    case 'beginsWith':
      return v.startsWith(x.v)
  }
}

const rangeCondition = (at: never, x: Range): C.Condition => {
  switch (x.op) {
    case 'between':
      return C.between(at, new Date(x.lo) as never, new Date(x.hi) as never)
    case 'beginsWith':
      return C.beginsWith(at, x.v as never)
    default:
      return C[x.op](at, new Date(x.v) as never)
  }
}

const conditionOf = (r: Read): C.Condition => {
  const attrs = (r.entity === 'order' ? Order.attrs : Invoice.attrs) as unknown as Record<string, never>
  const parts: C.Condition[] = [C.eq(attrs[r.by === 'customer' ? 'customerId' : 'status'] as never, partOf(r) as never)]
  if (r.range !== undefined) parts.push(rangeCondition(attrs['createdAt'] as never, r.range))
  if (r.over !== undefined) parts.push(C.gt(attrs['total'] as never, r.over as never))
  return parts.length === 1 ? (parts[0] as C.Condition) : C.and(...parts)
}

/** The entity's items the read selects, in the stored key's order: computed from the generated items. */
const expected = (r: Read): string[] => {
  const iso = (d: Date) => d.toISOString()
  const xs =
    r.entity === 'order'
      ? orders
          .filter((o) => (r.by === 'customer' ? o.customerId : o.status) === partOf(r) && inRange(r.range, iso(o.createdAt)) && (r.over === undefined || o.total > r.over))
          .map((o) => ({ id: o.orderId, key: r.by === 'customer' ? `ORDER#${iso(o.createdAt)}#${o.orderId}` : `${iso(o.createdAt)}#${o.orderId}` }))
      : invoices.filter((i) => i.status === partOf(r) && inRange(r.range, iso(i.createdAt))).map((i) => ({ id: i.invoiceId, key: `${iso(i.createdAt)}#${i.invoiceId}` }))
  const sorted = xs.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((x) => x.id)
  return r.descending ? sorted.reverse() : sorted
}

const idOf = (x: unknown): string => {
  const o = x as { orderId?: string; invoiceId?: string }
  return o.orderId ?? o.invoiceId ?? '?'
}

const modelOf = (r: Read) => (r.entity === 'order' ? Order : Invoice) as typeof Order

const holds = async <T>(what: string, details: Promise<fc.RunDetails<T>>, seed: number): Promise<void> => {
  const d = await details
  if (d.failed) {
    const e = d.errorInstance as Error | undefined
    assert.unreachable(`${what} (seed ${seed}, shrunk ${d.numShrinks} times)\ncounterexample: ${JSON.stringify(d.counterexample)}\n${e?.message ?? String(d.errorInstance)}`)
  }
}

const runs = Number(process.env['ENTITY_WALK_RUNS'] ?? 60)

test(`a walk of an entity's reads (a partition or a status, a range on a composed key, a filter, both orders) is exactly its items in key order; pages with a limit their prefix (${runs} reads)`, async () => {
  const f = await table()
  const seed = 1984
  // the reads that walked items (by entity and index), over several pages, and cut by their limit
  const walked = new Map<string, number>()
  let cut = 0
  await holds(
    'entity walks',
    fc.check(
      fc.asyncProperty(readArb, fc.integer({ min: 1, max: 7 }), fc.option(fc.nat(30), { nil: undefined }), async (r, pageSize, limit) => {
        const m = modelOf(r)
        const cond = conditionOf(r) as never
        const plan = Dynamo.explain(m, cond)
        assert.ok(E.isRight(plan) && plan.right._tag === 'Query' && plan.right.index === (r.by === 'status' ? 'byStatus' : undefined), `${JSON.stringify(r)}: ${E.isRight(plan) ? Plan.show(plan.right) : DE.show(plan.left)}`)
        const want = expected(r)
        const got: string[] = []
        const sizes: number[] = []
        let cursor: string | undefined
        for (;;) {
          const p = await ok(f.env, Dynamo.page(m, cond, { pageSize, ...(r.descending ? { descending: true } : {}), ...(cursor === undefined ? {} : { cursor }) }))
          got.push(...p.items.map(idOf))
          sizes.push(p.items.length)
          if (p.cursor._tag === 'None') break
          cursor = p.cursor.value
          assert.is(p.items.length, pageSize, `a page with a cursor is full: ${sizes}`)
          assert.ok(sizes.length <= want.length + 1, `${JSON.stringify(r)}: more pages than items`)
        }
        assert.equal(got, want, `${JSON.stringify(r)}, pageSize ${pageSize}\n${Plan.show((plan as E.Right<Plan.Plan>).right)}`)
        const kind = `${r.entity} by ${r.by}${want.length > pageSize ? ', pages' : want.length > 0 ? ', a page' : ', none'}`
        walked.set(kind, (walked.get(kind) ?? 0) + 1)
        if (limit !== undefined && limit < want.length) cut++
        const limited: string[] = []
        for await (const p of Dynamo.pages(m, cond, { pageSize, ...(r.descending ? { descending: true } : {}), ...(limit === undefined ? {} : { limit }) })(f.env)) {
          if (E.isLeft(p)) return assert.unreachable(DE.show(p.left))
          limited.push(...p.right.items.map(idOf))
        }
        assert.equal(limited, want.slice(0, limit ?? want.length), `${JSON.stringify(r)}, pageSize ${pageSize}, limit ${limit}`)
      }),
      { seed, numRuns: runs },
    ),
    seed,
  )
  // every kind of read walked over several pages; a limit that ends before the items
  const counts = JSON.stringify({ walked: [...walked], cut })
  if (process.env['ENTITY_WALK_STATS'] !== undefined) console.log(counts)
  for (const k of ['order by customer, pages', 'order by status, pages', 'invoice by status, pages']) assert.ok((walked.get(k) ?? 0) > 0, `no ${k} in ${counts}`)
  assert.ok(cut > 0, `no limit ended before the items: ${counts}`)
})

test("a cursor of an order read is refused on the invoice read of the same status and index (and back), before any request", async () => {
  const f = await table()
  const o = await ok(f.env, Dynamo.page(Order, C.eq(Order.attrs.status, 'open'), { pageSize: 1 }))
  const i = await ok(f.env, Dynamo.page(Invoice, C.eq(Invoice.attrs.status, 'open'), { pageSize: 1 }))
  assert.ok(o.cursor._tag === 'Some' && i.cursor._tag === 'Some')
  for (const [what, op] of [
    ['an order cursor on invoices', Dynamo.page(Invoice, C.eq(Invoice.attrs.status, 'open'), { pageSize: 1, cursor: (o.cursor as { value: string }).value })],
    ['an invoice cursor on orders', Dynamo.page(Order, C.eq(Order.attrs.status, 'open'), { pageSize: 1, cursor: (i.cursor as { value: string }).value })],
  ] as const) {
    const before = sent
    const got = await (op as Dynamo.Op<unknown>)(f.env)()
    assert.is(sent, before, `${what}: requests sent`)
    assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError', `${what}: ${E.isLeft(got) ? DE.show(got.left) : 'taken'}`)
  }
})

test('count through the keys-only sparse index byShipped (it projects the entity and key fields only): the shipped orders a condition selects, as in memory', async () => {
  const f = await table()
  const shipped = orders.slice(0, 12).map((o, i) => ({ ...o, orderId: `s${String(i).padStart(2, '0')}`, shippedAt: new Date(Date.UTC(2024, 2, 1 + (i % 4))) }))
  assert.is((await ok(f.env, Dynamo.saveMany(Order, shipped))).failCount, 0)
  const o = Order.attrs
  for (const customerId of customers) {
    for (const day of [1, 2, 3]) {
      const since = new Date(Date.UTC(2024, 2, day))
      const c = C.and(C.eq(o.customerId, customerId), C.gte(o.shippedAt, since))
      const want = shipped.filter((x) => x.customerId === customerId && x.shippedAt >= since).length
      assert.is(await ok(f.env, Dynamo.count(Order, c, { index: 'byShipped' })), want, `${customerId} since ${since.toISOString()}`)
      assert.is(await ok(f.env, Dynamo.count(Order, c)), want, `${customerId} since ${since.toISOString()}, planned`)
    }
  }
  await ok(f.env, Dynamo.deleteMany(Order, C.and(C.eq(o.customerId, 'c0'), C.exists(o.shippedAt))))
  assert.is(await ok(f.env, Dynamo.count(Order, C.and(C.eq(o.customerId, 'c0'), C.exists(o.shippedAt)))), 0)
  await ok(f.env, Dynamo.deleteMany(Order, C.exists(o.shippedAt)))
})

const collectionRuns = Number(process.env['ENTITY_COLLECTION_RUNS'] ?? 30)

test(`collection of a partition at any pageSize, in both orders: each model's items in key order, the foreign item skipped (${collectionRuns} reads)`, async () => {
  const f = await table()
  const seed = 2001
  await holds(
    'collections',
    fc.check(
      fc.asyncProperty(fc.constantFrom(...customers), fc.integer({ min: 1, max: 9 }), fc.boolean(), async (customerId, pageSize, descending) => {
        const got = await ok(f.env, Dynamo.collection({ customer: Customer, orders: Order, invoices: Invoice }, { customerId }, { pageSize, descending }))
        const iso = (d: Date) => d.toISOString()
        const order = <A>(xs: A[], key: (a: A) => string) => {
          const s = xs.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))
          return descending ? s.reverse() : s
        }
        assert.equal(got.customer, [{ customerId, name: customerId.toUpperCase() }])
        assert.equal(got.orders.map((o) => o.orderId), order(orders.filter((o) => o.customerId === customerId), (o) => `ORDER#${iso(o.createdAt)}#${o.orderId}`).map((o) => o.orderId))
        assert.equal(got.invoices.map((i) => i.invoiceId), order(invoices.filter((i) => i.customerId === customerId), (i) => i.invoiceId).map((i) => i.invoiceId))
      }),
      { seed, numRuns: collectionRuns },
    ),
    seed,
  )
})

test.run()
