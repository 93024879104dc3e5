/**
 * The single-table models of the entity specs (DESIGN §5.4): customers, orders and invoices
 * in one table `shop`, under one partition per customer, orders and invoices sharing the GSI
 * `byStatus`; orders also in the sparse GSI `byShipped` once shipped. An invoice's `total` is
 * a decimal string where an order's is an integer: an invoice read as an order fails to
 * decode, so a read that leaks another entity's item fails loudly.
 */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const Customer = Model.make({
  table: 'shop',
  entity: 'customer',
  billing: 'onDemand',
  codec: t.intersection([t.type({ customerId: t.string, name: t.string }), t.partial({ tier: t.string })]),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})
export type Customer = Model.TypeOf<typeof Customer>

export const Order = Model.make({
  table: 'shop',
  entity: 'order',
  billing: 'onDemand',
  codec: t.intersection([
    t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
    t.partial({ shippedAt: Field.dateTime, note: t.string }),
  ]),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byShipped: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'CUST#{customerId}'), rangeKey: Model.key('gsi2sk', 'SHIPPED#{shippedAt}'), projection: 'keys' }),
  },
})
export type Order = Model.TypeOf<typeof Order>

export const Invoice = Model.make({
  table: 'shop',
  entity: 'invoice',
  billing: 'onDemand',
  codec: t.type({ customerId: t.string, invoiceId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.decimal }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'INVOICE#{invoiceId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{invoiceId}') }),
  },
})
export type Invoice = Model.TypeOf<typeof Invoice>

export const shop = [Customer, Order, Invoice] as const
