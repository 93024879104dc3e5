/**
 * Type tests: composed keys and entities (DESIGN §5.4). A template's `{name}` must be a key
 * field of the codec, a template needs an `entity`, the computed attributes are no fields of
 * `TypeOf`, and strategies of composed models are objects of the template fields (scalars
 * and tuples only for one-field templates).
 */
import * as t from 'io-ts'
import { Dynamo, Field, Model } from 'dynamongo'
import type { KeyOf, KeyValue, TypeOf } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const codec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int(), flag: t.boolean }),
  t.partial({ shippedAt: Field.dateTime, tags: Field.list(t.string) }),
])

export const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byShipped: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'S#{shippedAt}'), projection: 'keys' }),
  },
})
export const Invoice = Model.make({
  table: 'shop',
  entity: 'invoice',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'INVOICE#{{{orderId}}}', { pad: {} }),
})
export const Customer = Model.make({ table: 'shop', entity: 'customer', codec, hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'PROFILE') })

// the item type is the codec's: no pk, sk, gsi1pk, _et
expect<Equals<TypeOf<typeof Order>, t.TypeOf<typeof codec>>>()
// the key is the template fields
expect<Equals<KeyOf<typeof Order>, { customerId: string; orderId: string; createdAt: Date }>>()
expect<Equals<Order['hashKey'], 'pk'>>()
expect<Equals<Order['indexes']['byStatus']['hashKey'], 'gsi1pk'>>()
type Order = typeof Order
// one-field templates: a tuple; a constant range: the hash scalar; more fields: objects only
expect<Equals<KeyValue<typeof Invoice>, readonly [string, string]>>()
expect<Equals<KeyValue<typeof Customer>, string>>()
expect<Equals<KeyValue<typeof Order>, never>>()

export const reads = [
  Dynamo.getOne(Order, { customerId: 'c', orderId: 'o', createdAt: new Date() }),
  Dynamo.getOne(Invoice, ['c', 'o']),
  Dynamo.getOne(Customer, 'c'),
  Dynamo.createTable([Order, Invoice, Customer]),
]
// @ts-expect-error an object without every template field
Dynamo.getOne(Order, { customerId: 'c', orderId: 'o' })
// @ts-expect-error a tuple for a two-field range template
Dynamo.getOne(Order, ['c', 'o'])
// @ts-expect-error a scalar for a hash+range model
Dynamo.getOne(Invoice, 'c')

// @ts-expect-error a {name} that is not a field of the codec
Model.make({ table: 'shop', entity: 'order', codec, hashKey: Model.key('pk', 'CUSTOMER#{customer}') })
// @ts-expect-error a {name} that is not a key field (a boolean)
Model.make({ table: 'shop', entity: 'order', codec, hashKey: Model.key('pk', 'F#{flag}') })
// @ts-expect-error a table key template on an optional field
Model.make({ table: 'shop', entity: 'order', codec, hashKey: Model.key('pk', 'S#{shippedAt}') })
// @ts-expect-error an index template naming no field
Model.make({ table: 'shop', entity: 'order', codec, hashKey: Model.key('pk', 'C#{customerId}'), indexes: { x: Model.globalIndex({ hashKey: Model.key('g', 'T#{nope}') }) } })
// @ts-expect-error a template on a model without an entity
Model.make({ table: 'shop', codec, hashKey: Model.key('pk', 'CUSTOMER#{customerId}') })
// @ts-expect-error an index template on a model without an entity
Model.make({ table: 'shop', codec, hashKey: 'customerId', indexes: { x: Model.globalIndex({ hashKey: Model.key('g', 'S#{status}') }) } })
// @ts-expect-error an unclosed placeholder
Model.key('pk', 'CUSTOMER#{customerId')
// @ts-expect-error a lone closing brace
Model.key('pk', 'CUSTOMER}#{customerId}')
// @ts-expect-error two placeholders with no literal text between them
Model.key('pk', 'X#{customerId}{orderId}')
// @ts-expect-error a placeholder used twice
Model.key('pk', 'X#{customerId}#{customerId}')
// a literal brace separates two placeholders; the same name in two templates is fine
Model.key('pk', 'X#{customerId}{{{orderId}}}')
// @ts-expect-error pad of a field the template does not name
Model.key('pk', 'N#{total}', { pad: { orderId: 3 } })
