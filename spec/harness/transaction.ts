/** Models of the transaction specs: a hash-only table seen by two models, a hash+range table, a counter, large items. */
import * as t from 'io-ts'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'

export const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, year: Field.int({ min: 1900 }) }) })
/** Another model of the same table (another view of its items). */
export const UserName = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }) })
export const Order = Model.make({ table: 'orders', hashKey: 'customer', rangeKey: 'id', codec: t.type({ customer: t.string, id: Field.int(), total: Field.int({ min: 0 }) }) })
export const Stock = Model.make({ table: 'stock', hashKey: 'sku', codec: t.type({ sku: t.string, count: Field.int({ min: 0 }) }) })
export const Blob = Model.make({ table: 'blobs', hashKey: 'id', codec: t.type({ id: t.string, data: t.string }) })

