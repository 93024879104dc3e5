/**
 * Type tests of the second layer as a user meets it with a single-table design: projected
 * reads of composed models (page, pages, reduce), transactions of entities (which entries
 * each takes, a transactGet of a list), options an operation does not take, foreign handles
 * in every transaction entry, and the misuses that say why (an index on a model without one,
 * a ttl or a version the codec cannot hold, a collection of models of different table keys).
 */
import type * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import { Condition as C, Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'
import type { DynamoErrorType, Op, Page, Pages } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const codec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int(), flag: t.boolean }),
  t.partial({ shippedAt: Field.dateTime, expires: Field.epochSeconds }),
])
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: { byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }) },
  ttl: 'expires',
})
type Order = Model.TypeOf<typeof Order>
const customerCodec = t.type({ customerId: t.string, name: t.string })
type Customer = t.TypeOf<typeof customerCodec>
const Customer = Model.make({ table: 'shop', entity: 'customer', codec: customerCodec, hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'PROFILE') })
// the same partition key attribute, no range key: a table of another key schema
const Note = Model.make({ table: 'shop', entity: 'note', codec: customerCodec, hashKey: Model.key('pk', 'CUSTOMER#{customerId}') })
// a plain model keyed on the field itself
const Plain = Model.make({ table: 'plain', hashKey: 'customerId', codec: customerCodec })
const o = Order.attrs
const cu = Customer.attrs
const key = { customerId: 'c', orderId: 'o', createdAt: new Date(0) }
const ofCustomer = C.eq(o.customerId, 'c')

// -------------------------------------------------------------------------------------
// projected reads of a composed model: the selected fields and every template field
// -------------------------------------------------------------------------------------

type Keyed<K extends keyof Order> = Pick<Order, 'customerId' | 'orderId' | 'createdAt' | K>
const many = Dynamo.getMany(Order, ofCustomer, { select: ['status'] })
expect<Equals<typeof many, Op<ReadonlyArray<Keyed<'status'>>>>>()
const page = Dynamo.page(Order, ofCustomer, { select: ['total'], index: 'byStatus' })
expect<Equals<typeof page, Op<Page<Keyed<'total'>>>>>()
const pages = Dynamo.pages(Order, ofCustomer, { select: ['total'], limit: 3 })
expect<Equals<ReturnType<typeof pages>, Pages<E.Either<DynamoErrorType, Page<Keyed<'total'>>>>>>()
export const summed = Dynamo.reduce(Order, ofCustomer, 0, (n, x) => n + x.total, { select: ['total'] })
export const oneOrder = Dynamo.getOne(Order, key, { select: ['shippedAt'] })
expect<Equals<typeof oneOrder, Op<Keyed<'shippedAt'>>>>()
// @ts-expect-error reduce's item has the fields selected, total is not one of them
Dynamo.reduce(Order, ofCustomer, 0, (n, x) => n + x.total, { select: ['status'] })
// @ts-expect-error getOne selects fields of the model
Dynamo.getOne(Order, key, { select: ['pk'] })
// @ts-expect-error explain's select names fields of the model too
Dynamo.explain(Order, ofCustomer, { select: ['nope'] })
// @ts-expect-error the computed key attributes are no handles
void o.pk

// -------------------------------------------------------------------------------------
// strategies and updates of a composed model
// -------------------------------------------------------------------------------------

export const byTemplate = [Dynamo.getOne(Order, key), Dynamo.deleteMany(Order, [key]), Model.keysIn(Order, [key]), Dynamo.updateFromDict(Order, { ...key, status: 's' })]
// a non-key field of the model beside the template fields: a check of the item read
export const checked = Dynamo.getOne(Order, { ...key, status: 's' })
// @ts-expect-error a field that is not the model's beside the template fields
Dynamo.getOne(Order, { ...key, nope: 'x' })
// @ts-expect-error increment needs a number attribute, on a composed model too
Dynamo.updateOne(Order, key, [U.increment(o.status, 1)])

// -------------------------------------------------------------------------------------
// transactions of entities
// -------------------------------------------------------------------------------------

const got = Dynamo.transactGet([T.get(Order, key), T.get(Customer, 'c'), T.get(Plain, 'c')])
expect<Equals<typeof got, Op<readonly [O.Option<Order>, O.Option<Customer>, O.Option<Customer>]>>>()
// a list built at run time: a list of options (no tuple to tell the places)
const listed = Dynamo.transactGet(['a', 'b'].map((id) => T.get(Customer, id)))
expect<Equals<typeof listed, Op<ReadonlyArray<O.Option<Customer>>>>>()
export const written = Dynamo.transactWrite([
  T.put(Order, { ...key, status: 's', total: 1, flag: true }),
  T.update(Customer, 'c', [U.set(cu.name, 'n')]),
  T.delete(Order, key),
  T.check(Customer, C.and(C.eq(cu.customerId, 'c'), C.exists(cu.name))),
])
// @ts-expect-error a get is no write
Dynamo.transactWrite([T.get(Customer, 'c')])
// @ts-expect-error a check is no get
Dynamo.transactGet([T.check(Customer, 'c')])
// @ts-expect-error a foreign handle in a check's condition
T.check(Order, C.eq(cu.name, 'x'))
// @ts-expect-error a foreign handle in a delete's condition
T.delete(Order, C.eq(cu.customerId, 'x'))
// @ts-expect-error a foreign handle in a get's condition
T.get(Order, C.eq(cu.customerId, 'x'))
// @ts-expect-error a foreign handle in an update's actions
T.update(Order, key, [U.set(cu.name, 'x')])
// @ts-expect-error a put of another entity's item
T.put(Order, { customerId: 'c', name: 'n' })

// -------------------------------------------------------------------------------------
// options an operation does not take
// -------------------------------------------------------------------------------------

// @ts-expect-error getOne takes no limit
Dynamo.getOne(Customer, 'c', { limit: 1 })
// @ts-expect-error deleteOne takes no select
Dynamo.deleteOne(Customer, 'c', { select: ['name'] })
// @ts-expect-error saveOne takes no select
Dynamo.saveOne(Customer, { customerId: 'c', name: 'n' }, { select: ['name'] })
// @ts-expect-error updateOne takes no overwrite
Dynamo.updateOne(Customer, 'c', [U.set(cu.name, 'x')], { overwrite: true })
// @ts-expect-error transactWrite takes no consistentRead
Dynamo.transactWrite([T.check(Customer, 'c')], { consistentRead: true })
// @ts-expect-error transactGet takes no token
Dynamo.transactGet([T.get(Customer, 'c')], { token: 'x' })
// @ts-expect-error explain takes no cursor
Dynamo.explain(Order, ofCustomer, { cursor: 'x' })
// @ts-expect-error count takes no select
Dynamo.count(Order, ofCustomer, { select: ['total'] })

// -------------------------------------------------------------------------------------
// misuses that say why (spec/unit/Types.spec.ts checks the messages)
// -------------------------------------------------------------------------------------

// @ts-expect-error an index on a model that declares none
Dynamo.count(Customer, C.eq(cu.customerId, 'c'), { index: 'byName' })
// @ts-expect-error nor on getMany
Dynamo.getMany(Plain, C.eq(Plain.attrs.name, 'n'), { index: 'byName' })
// @ts-expect-error a collection of models whose hash key attributes differ
Dynamo.collection({ customer: Customer, plain: Plain }, { customerId: 'c' })
// @ts-expect-error a collection of models whose range key attributes differ (one has none)
Dynamo.collection({ customer: Customer, note: Note }, { customerId: 'c' })
// the same key schema: one partition (whether the templates agree is the run's check)
export const shared = Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c' })
// @ts-expect-error a version on a codec without an integer field
Model.make({ table: 'plain', hashKey: 'customerId', codec: customerCodec, version: 'name' })
// @ts-expect-error a ttl on a codec without an epochSeconds field
Model.make({ table: 'plain', hashKey: 'customerId', codec: customerCodec, ttl: 'name' })
