/**
 * Type tests: `Dynamo.collection`'s result is a record of each listed model's items; key
 * values must hold the fields of every listed model's hash key; only models are listed, at
 * least one, of one table (a model's table is known where `Model.make` made it).
 */
import * as t from 'io-ts'
import { Dynamo, Field, Model } from 'dynamongo'
import type { Collection, Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  codec: t.type({ customerId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})
type Customer = Model.TypeOf<typeof Customer>
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
})
type Order = Model.TypeOf<typeof Order>
const Shipment = Model.make({
  table: 'shop',
  entity: 'shipment',
  codec: t.type({ region: t.string, customerId: t.string, shipmentId: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}#{region}'),
  rangeKey: Model.key('sk', 'SHIP#{shipmentId}'),
})

const both = Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' })
expect<Equals<typeof both, Op<{ readonly customer: ReadonlyArray<Customer>; readonly orders: ReadonlyArray<Order> }>>>()
expect<Equals<Collection<{ orders: typeof Order }>, { readonly orders: ReadonlyArray<Order> }>>()
export const withOptions = Dynamo.collection({ orders: Order }, { customerId: 'c1' }, { pageSize: 20, descending: true, consistentRead: true })
// the key values of models of different hash fields: every one of them
export const more = Dynamo.collection({ orders: Order, shipments: Shipment }, { customerId: 'c1', region: 'eu' })

// @ts-expect-error the key values lack the hash key's field
Dynamo.collection({ customer: Customer, orders: Order }, {})
// @ts-expect-error a hash field of the wrong type
Dynamo.collection({ orders: Order }, { customerId: 1 })
// @ts-expect-error a field of another listed model's hash key is missing
Dynamo.collection({ orders: Order, shipments: Shipment }, { customerId: 'c1' })
// @ts-expect-error only models are listed
Dynamo.collection({ orders: Order, other: { table: 'shop' } }, { customerId: 'c1' })
// @ts-expect-error an unknown option
Dynamo.collection({ orders: Order }, { customerId: 'c1' }, { limit: 3 })
// a model of the same key schema in another table
const Archived = Model.make({
  table: 'shop-archive',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
})
// the model holds its table's name
expect<Equals<(typeof Archived)['table'], 'shop-archive'>>()
// @ts-expect-error a collection of no model
Dynamo.collection({}, {})
// @ts-expect-error models of different tables
Dynamo.collection({ customer: Customer, archived: Archived }, { customerId: 'c1' })
// a model whose table is not known to the type (a `Model.Model`) is the run's to check
const loose: Model.Model<Model.TypeOf<typeof Archived>, unknown, 'pk', 'sk', readonly ['customerId'], readonly ['createdAt', 'orderId']> = Archived
export const unknownTable = Dynamo.collection({ customer: Customer, archived: loose }, { customerId: 'c1' })

// a table named by a union of literals (chosen by stage) is one table shared by its models
declare const stage: 'prod' | 'dev'
const staged = stage === 'prod' ? 'shop-prod' : 'shop-dev'
const StagedCustomer = Model.make({
  table: staged,
  entity: 'customer',
  codec: t.type({ customerId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})
const StagedOrder = Model.make({
  table: staged,
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
})
export const stagedOne = Dynamo.collection({ customer: StagedCustomer }, { customerId: 'c1' })
export const stagedBoth = Dynamo.collection({ customer: StagedCustomer, orders: StagedOrder }, { customerId: 'c1' })
// @ts-expect-error a staged table and another table
Dynamo.collection({ customer: StagedCustomer, archived: Archived }, { customerId: 'c1' })
