/**
 * `npm start`, part two: a single-table design (DESIGN §5.4), run for real. Customers and
 * their orders share the table `shop`: each model composes its stored keys from its fields
 * with `Model.key` templates and stores its entity in `_et`; a global index by status and
 * date serves "the open orders". Walks through a customer's orders newest first in pages of
 * 20, one month of them with a filter, the customer with its orders in one Query
 * (`Dynamo.collection`), and a status change that moves an order in the index, printing each
 * plan (`Dynamo.explain`) and result. Returns how many steps did not go as expected.
 */
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { Condition as C, Dynamo, DynamoError, Env, Field, Model, Plan, Update as U, type AttrType } from '../lib/index.js'

// --- models: two entities, one table --------------------------------------------------

const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  codec: t.type({ customerId: t.string, name: Field.string({ minLength: 1 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
  },
})
type Order = Model.TypeOf<typeof Order>
const o = Order.attrs

/** The table of this walk-through (a model of it), for the end-of-run cleanup at a user's endpoint. */
export const shopTable = Order

// --- printing -------------------------------------------------------------------------

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n')
const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ')
const showOrder = (x: Order) => `${x.orderId} ${day(x.createdAt)} ${x.status.padEnd(7)} ${String(x.total).padStart(3)}`
/** A list of orders on one line: how many, the first and the last. */
const span = (xs: ReadonlyArray<Order>) =>
  xs.length === 0 ? '(none)' : `${xs.length} order${xs.length === 1 ? '' : 's'}: ${showOrder(xs[0] as Order)}${xs.length > 1 ? ` … ${showOrder(xs[xs.length - 1] as Order)}` : ''}`
const showCursor = (c: O.Option<string>) => (O.isSome(c) ? `cursor ${c.value.slice(0, 24)}… (${c.value.length} characters)` : 'no cursor: the last page')

// (an index key may be a multi-attribute key: a list of attributes)
type Named = { readonly name: string } | ReadonlyArray<{ readonly name: string }>
const names = (k: Named | undefined): string => (k === undefined ? '' : 'name' in k ? k.name : k.map((a) => a.name).join(' + '))
const keysOf = (x: { readonly hashKey: Named; readonly rangeKey?: Named }) => [names(x.hashKey), names(x.rangeKey)].filter((k) => k !== '').join(', ')

/** A stored item, one attribute a line: the computed ones (keys, entity) first. */
const stored = (item: Record<string, AttributeValue>) => {
  const computed = ['pk', 'sk', 'gsi1pk', 'gsi1sk', '_et']
  const names = [...computed.filter((k) => k in item), ...Object.keys(item).filter((k) => !computed.includes(k)).sort()]
  return names.map((k) => `  ${k.padEnd(10)} ${JSON.stringify(item[k])}${computed.includes(k) ? '   (computed)' : ''}`).join('\n')
}

/** The order as DynamoDB holds it, read with the SDK's GetItem (`Dynamo.send`), its keys written out. */
const storedItem = (env: Env.Env, x: Order) =>
  Dynamo.send(
    new GetItemCommand({
      TableName: Env.tableName(env, 'shop'),
      Key: { pk: { S: `CUSTOMER#${x.customerId}` }, sk: { S: `ORDER#${x.createdAt.toISOString()}#${x.orderId}` } },
    }),
  )

let failures = 0
const title = (s: string) => console.log(`\n${bold(`▸ ${s}`)}`)

/** Runs a step and prints its result, or the error (counted unless it is the one expected). */
const run = async <A>(op: Dynamo.Op<A>, env: Env.Env, show: (a: A) => string, expectError?: DynamoError.DynamoError['_tag']): Promise<A | undefined> => {
  const r = await op(env)()
  if (E.isLeft(r)) {
    const expected = expectError === r.left._tag
    if (!expected) failures++
    console.log(indent(`${expected ? '✓ typed error, as expected:' : '✗'} ${DynamoError.show(r.left)}`))
    return undefined
  }
  if (expectError !== undefined) failures++
  console.log(indent(show(r.right)))
  return r.right
}

const explain = (condition: C.Condition<typeof Order>) => {
  const p = Dynamo.explain(Order, condition)
  console.log(indent(E.isRight(p) ? `plan: ${Plan.show(p.right).split('\n').join('\n      ')}` : DynamoError.show(p.left)))
}

// --- the walk-through -----------------------------------------------------------------

/** 45 orders of customer c1 (one every 17 hours from 2024-03-01, every third one open) and 3 of c2. */
const orders: ReadonlyArray<Order> = [
  ...Array.from({ length: 45 }, (_, i) => ({
    customerId: 'c1',
    orderId: `o${String(i).padStart(3, '0')}`,
    createdAt: new Date(Date.UTC(2024, 2, 1) + i * 17 * 3_600_000),
    status: i % 3 === 0 ? 'open' : i % 3 === 1 ? 'paid' : 'shipped',
    total: (i * 37) % 250,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({ customerId: 'c2', orderId: `p${i}`, createdAt: new Date(Date.UTC(2024, 2, 10 + i)), status: 'open', total: 10 * (i + 1) })),
]

export const singleTable = async (env: Env.Env): Promise<number> => {
  failures = 0
  console.log(bold('\n— single-table design: customers and orders in one table (Model.key templates, entity) —'))

  title('createTable([Customer, Order]): one table, the union of their indexes')
  await run(pipe(Dynamo.createTable([Customer, Order]), RTE.chain(() => Dynamo.describeTable(Order))), env, (info) =>
    O.isNone(info)
      ? 'no table'
      : [
          `${info.value.name} ${info.value.status}, keys ${keysOf(info.value)}`,
          ...Object.entries(info.value.indexes).map(([name, x]) => `index ${name}: ${x._tag}, keys ${keysOf(x)}`),
        ].join('\n'),
  )

  title('saveMany(Customer), saveMany(Order): the keys and _et are computed on every write')
  await run(Dynamo.saveMany(Customer, [{ customerId: 'c1', name: 'Ada' }, { customerId: 'c2', name: 'Ben' }]), env, (r) => `customers: ${r.success.length} saved`)
  await run(Dynamo.saveMany(Order, orders), env, (r) => `orders: ${r.success.length} saved, ${r.failCount} failed`)
  const first = orders[0] as Order
  await run(storedItem(env, first), env, (out) => `what DynamoDB holds for order o000 (read with the SDK's GetItem):\n${stored(out.Item ?? {})}`)
  await run(Dynamo.getOne(Order, { customerId: 'c1', createdAt: first.createdAt, orderId: 'o000' }), env, (x) => `getOne(Order, { customerId, createdAt, orderId }): ${showOrder(x)} (no key attribute, no _et)`)

  title("a customer's orders, newest first, in pages of 20 (Dynamo.page and its cursor)")
  const mine = C.eq(o.customerId, 'c1')
  explain(mine)
  let cursor: string | undefined
  for (let n = 1; n <= 3; n++) {
    const page = await run(Dynamo.page(Order, mine, { pageSize: 20, descending: true, ...(cursor === undefined ? {} : { cursor }) }), env, (p) => `page ${n}: ${span(p.items)}\n        ${showCursor(p.cursor)}`)
    cursor = page !== undefined && O.isSome(page.cursor) ? page.cursor.value : undefined
    if (cursor === undefined) break
  }

  title('orders of March 10–19 with a total of at least 100: a key range on the composed sort key, the rest filtered')
  const march = C.and(mine, C.between(o.createdAt, new Date('2024-03-10T00:00:00.000Z'), new Date('2024-03-19T23:59:59.999Z')), C.gte(o.total, 100))
  explain(march)
  await run(Dynamo.getMany(Order, march, { descending: true }), env, (xs) => xs.map(showOrder).join('\n'))

  title("Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }): the partition in one Query, each item decoded by its model")
  await run(
    Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }),
    env,
    (c) => `customer: ${c.customer.map((x) => `${x.customerId} (${x.name})`).join(', ')}\norders:   ${span(c.orders)}`,
  )

  title('a status change moves an order in the index byStatus (its gsi1pk recomputed by the update)')
  const since = new Date('2024-03-28T00:00:00.000Z')
  const open = C.and(C.eq(o.status, 'open'), C.gte(o.createdAt, since))
  const shipped = C.and(C.eq(o.status, 'shipped'), C.gte(o.createdAt, since))
  const showIds = (xs: ReadonlyArray<Order>) => (xs.length === 0 ? '(none)' : xs.map((x) => `${x.orderId} (${day(x.createdAt)})`).join(', '))
  explain(open)
  await run(Dynamo.getMany(Order, open), env, (xs) => `open since March 28, before:    ${showIds(xs)}`)
  await run(Dynamo.getMany(Order, shipped), env, (xs) => `shipped since March 28, before: ${showIds(xs)}`)
  const moved = orders[42] as Order
  await run(
    Dynamo.updateOne(Order, { customerId: 'c1', createdAt: moved.createdAt, orderId: moved.orderId }, [U.set(o.status, 'shipped')]),
    env,
    (x) => `updateOne(Order, { customerId, createdAt, orderId: '${moved.orderId}' }, [U.set(o.status, 'shipped')]): ${showOrder(x)}`,
  )
  await run(storedItem(env, moved), env, (out) => `stored: gsi1pk ${JSON.stringify(out.Item?.['gsi1pk'])}, gsi1sk ${JSON.stringify(out.Item?.['gsi1sk'])}`)
  await run(Dynamo.getMany(Order, open), env, (xs) => `open since March 28, after:     ${showIds(xs)}`)
  await run(Dynamo.getMany(Order, shipped), env, (xs) => `shipped since March 28, after:  ${showIds(xs)}`)
  console.log(indent('an update of a field of the table key is refused before any request (and does not compile: cast here to show the run):'))
  await run(Dynamo.updateOne(Order, { customerId: 'c1', createdAt: moved.createdAt, orderId: moved.orderId }, [U.set(o.orderId as AttrType<string>, 'o999')]), env, showOrder, 'ExpressionError')

  title('deleteTable(Order)')
  await run(Dynamo.deleteTable(Order), env, () => 'table shop deleted')
  return failures
}
