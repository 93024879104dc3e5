/**
 * `Model.make` with composed keys (DESIGN §5.4): where a model keeps its templates, its
 * entity and the fields its key is made of, and the SchemaErrors of what types cannot catch.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import * as Key from '../../../lib/model/Key.js'
import * as Field from '../../../lib/codec/Field.js'
import { SchemaException } from '../../../lib/DynamoError.js'

const codec = t.intersection([
  t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int() }),
  t.partial({ note: t.string, photo: Field.binary, flag: t.boolean }),
])
const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byTotal: Model.localIndex({ rangeKey: Model.key('lsi1sk', 'T#{total}', { pad: { total: 10 } }), projection: 'keys' }),
  },
})

const throwsSchema = (f: () => unknown, re: RegExp) => {
  try {
    f()
  } catch (e) {
    assert.instance(e, SchemaException)
    assert.match((e as SchemaException).message, re)
    return
  }
  assert.unreachable('expected a SchemaError')
}

const make = suite('Model.make with composed keys')

make('key attributes are the stored attributes; templates by attribute; key fields in template order', () => {
  assert.is(Order.hashKey, 'pk')
  assert.is(Order.rangeKey, 'sk')
  assert.equal(Order.keyFields, { hash: ['customerId'], range: ['createdAt', 'orderId'] })
  assert.equal(Object.keys(Order.templates).sort(), ['gsi1pk', 'gsi1sk', 'lsi1sk', 'pk', 'sk'])
  assert.is(Key.show(Order.templates['sk'] as Key.Template), 'ORDER#{createdAt}#{orderId}')
  assert.equal((Order.templates['lsi1sk'] as Key.Template).parts[1], { _tag: 'Field', name: 'total', pad: 10 })
  assert.equal({ ...Order.keyTypes }, { pk: 'S', sk: 'S', gsi1pk: 'S', gsi1sk: 'S', lsi1sk: 'S' })
  assert.is(Order.indexes.byStatus.hashKey, 'gsi1pk')
  assert.is(Order.indexes.byStatus.rangeKey, 'gsi1sk')
  assert.is(Order.indexes.byTotal.rangeKey, 'lsi1sk')
  assert.is(Order.entity, 'order')
  assert.is(Order.entityAttribute, '_et')
})

make('plain models: key fields are the keys, no templates, no entity', () => {
  const User = Model.make({ table: 'users', hashKey: 'customerId', rangeKey: 'orderId', codec })
  assert.equal(User.keyFields, { hash: ['customerId'], range: ['orderId'] })
  assert.equal({ ...User.templates }, {})
  assert.is(User.entity, undefined)
  assert.is(User.entityAttribute, undefined)
  const Tagged = Model.make({ table: 'shop', entity: 'user', entityAttribute: 'kind', hashKey: 'customerId', codec })
  assert.is(Tagged.entityAttribute, 'kind')
  assert.equal(Tagged.keyFields, { hash: ['customerId'], range: undefined })
})

make('SchemaError: what the types cannot catch', () => {
  const k = (a: string, s: string) => Model.key(a as 'pk', s as 'X#{customerId}')
  throwsSchema(() => Model.make({ table: 'shop', codec, hashKey: k('pk', 'C#{customerId}') } as never), /must declare its entity/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{nope}') }), /\{nope\} is not a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{note}') }), /must be a required field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('customerId', 'C#{customerId}') }), /is a field of the codec/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), indexes: { byPhoto: Model.globalIndex({ hashKey: k('g', 'P#{photo}') }) as never } }), /stored as a string or a number/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), indexes: { byFlag: Model.globalIndex({ hashKey: k('g', 'P#{flag}') }) as never } }), /stored as a string or a number/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', codec, hashKey: k('pk', 'C#{customerId}'), rangeKey: k('pk', 'C#{orderId}') }), /composed twice|cannot be the hash key/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', entityAttribute: 'status', codec, hashKey: k('pk', 'C#{customerId}') }), /entity attribute status is a field/)
  throwsSchema(() => Model.make({ table: 'shop', entity: 'o', entityAttribute: 'pk', codec, hashKey: k('pk', 'C#{customerId}') }), /is a key attribute/)
  throwsSchema(() => Model.make({ table: 'shop', entity: '', codec, hashKey: 'customerId' }), /non-empty/)
  throwsSchema(() => Model.make({ table: 'shop', entityAttribute: 'kind', codec, hashKey: 'customerId' }), /without an entity/)
  throwsSchema(() => Model.key('pk', 'C#{a}{b}' as 'C#{a}#{b}'), /separated by literal text/)
  throwsSchema(() => Model.key('pk', 'C#{a' as 'C#{a}'), /never closed/)
})

make.run()
