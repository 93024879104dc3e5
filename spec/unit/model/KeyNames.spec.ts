/**
 * The names of key attributes and of attributes projected into an index: DynamoDB takes 1 to
 * 255 there (CreateTable: "Names of key attributes and attributes projected into an index must
 * be between 1 and 255 characters, inclusive"; its API reference: "Maximum length of 255",
 * without a unit). DynamoDB Local counts UTF-8 bytes (it refuses 'é' × 200, 200 characters of
 * 400 bytes); the stricter reading, bytes, is kept, where another attribute's name may hold 64 KB.
 * A model that names one longer can have no table: `Model.make` refuses it, a `SchemaError`,
 * for a composed key's attribute, a key field, a field an index lists, the entity attribute
 * where an index projects it (every index of an entity model whose projection is not
 * `'all'`), and the fields an entity's composed keys are made of where a `'keys'` index
 * projects them: every name `createTable` would list in the index's projection.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import { SchemaException } from '../../../lib/DynamoError.js'
import { throwsSchema } from '../../harness/schema.js'

// 256 bytes: one ASCII character over; 128 characters of two bytes each
const long = 'k'.repeat(256)
const wide = 'é'.repeat(128)
// 255 bytes: the longest DynamoDB takes
const longest = 'k'.repeat(255)

const make = (o: Record<string, unknown>) => () => Model.make(o as never)

test('a composed key attribute over 255 bytes, of the table or of an index, is a SchemaError', () => {
  for (const name of [long, wide]) {
    throwsSchema(make({ table: 'shop', entity: 'e', codec: t.type({ id: t.string }), hashKey: Model.key(name, 'A#{id}') }), /255 bytes/)
    throwsSchema(make({ table: 'shop', entity: 'e', codec: t.type({ id: t.string, s: t.string }), hashKey: Model.key('pk', 'A#{id}'), rangeKey: Model.key(name, 'S#{s}') }), /255 bytes/)
    throwsSchema(
      make({ table: 'shop', entity: 'e', codec: t.type({ id: t.string, s: t.string }), hashKey: Model.key('pk', 'A#{id}'), indexes: { byS: Model.globalIndex({ hashKey: Model.key(name, 'S#{s}') }) } }),
      /255 bytes/,
    )
  }
})

test('a key field over 255 bytes, of the table, of an index or of a multi-attribute key, is a SchemaError', () => {
  throwsSchema(make({ table: 'users', codec: t.type({ [long]: t.string }), hashKey: long }), /255 bytes/)
  throwsSchema(make({ table: 'users', codec: t.type({ id: t.string, [wide]: t.string }), hashKey: 'id', rangeKey: wide }), /255 bytes/)
  throwsSchema(make({ table: 'users', codec: t.type({ id: t.string, [long]: t.string }), hashKey: 'id', indexes: { byL: Model.globalIndex({ hashKey: long }) } }), /255 bytes/)
  throwsSchema(make({ table: 'users', codec: t.type({ id: t.string, s: t.string, [long]: t.string }), hashKey: 'id', indexes: { byL: Model.globalIndex({ hashKey: ['s', long] }) } }), /255 bytes/)
})

test('a field an index projects, over 255 bytes, is a SchemaError; the entity attribute too where an index projects it', () => {
  throwsSchema(make({ table: 'users', codec: t.type({ id: t.string, s: t.string, [long]: t.string }), hashKey: 'id', indexes: { byS: Model.globalIndex({ hashKey: 's', projection: [long] }) } }), /255 bytes/)
  for (const projection of ['keys', ['s']] as const) {
    throwsSchema(
      make({ table: 'shop', entity: 'e', entityAttribute: long, codec: t.type({ id: t.string, s: t.string }), hashKey: Model.key('pk', 'A#{id}'), indexes: { byS: Model.globalIndex({ hashKey: Model.key('g', 'S#{s}'), projection }) } }),
      /index byS projects "k{60}…" \(the entity attribute\): .*255 bytes/,
    )
  }
})

test("a field a composed key is made of, over 255 bytes, is a SchemaError where a 'keys' index projects it", () => {
  // an entity model's 'keys' index holds the fields its composed keys are made of (model/projected's entityProjection)
  throwsSchema(
    make({ table: 'shop', entity: 'e', codec: t.type({ [long]: t.string, s: t.string }), hashKey: Model.key('pk', `A#{${long}}`), indexes: { byS: Model.globalIndex({ hashKey: Model.key('g', 'S#{s}'), projection: 'keys' }) } }),
    /index byS projects "k{60}…" \(a field of composed key pk, which a 'keys' index of an entity projects\): .*255 bytes/,
  )
  throwsSchema(
    make({
      table: 'shop',
      entity: 'e',
      codec: t.type({ id: t.string, s: t.string, [wide]: t.string }),
      hashKey: Model.key('pk', 'A#{id}'),
      rangeKey: Model.key('sk', 'S#{s}'),
      indexes: { byW: Model.localIndex({ rangeKey: Model.key('w', `W#{${wide}}`), projection: 'keys' }) },
    }),
    /index byW projects "é{60}…" \(a field of composed key w, which a 'keys' index of an entity projects\): .*255 bytes/,
  )
  // projecting all, the index lists no attribute
  Model.make({ table: 'shop', entity: 'e', codec: t.type({ [long]: t.string, s: t.string }), hashKey: Model.key('pk', `A#{${long}}`), indexes: { byS: Model.globalIndex({ hashKey: Model.key('g', 'S#{s}'), projection: 'all' }) } } as never)
})

test('a key field or projected field over 255 bytes holding a lone surrogate is refused for the surrogate, its name shortened whole', () => {
  const lone = '\uD800'.repeat(100)
  throwsSchema(make({ table: 'users', codec: t.type({ [lone]: t.string }), hashKey: lone }), /lone surrogate/)
  throwsSchema(make({ table: 'users', codec: t.type({ id: t.string, s: t.string, [lone]: t.string }), hashKey: 'id', indexes: { byS: Model.globalIndex({ hashKey: 's', projection: [lone] }) } }), /lone surrogate/)
  // a name of 301 bytes, 'k' and emoji, shortened where its 60th code point is: no half of a pair is left in the message (60 UTF-16 units end inside one)
  const emoji = `k${'😀'.repeat(75)}`
  try {
    Model.make({ table: 'users', codec: t.type({ [emoji]: t.string }), hashKey: emoji } as never)
    assert.unreachable('expected a SchemaError')
  } catch (e) {
    assert.instance(e, SchemaException)
    const m = (e as SchemaException).message
    assert.match(m, /255 bytes/)
    // JSON.stringify writes a lone surrogate escaped (\ud83d): the message is well formed either way, so the escape is what tells a half pair
    assert.not.match(m, /\\ud[89a-f][0-9a-f]{2}/i)
    assert.ok(m.includes(`k${'😀'.repeat(59)}…`), m)
  }
})

test('names of 255 bytes are taken, and a long name where no index key or projection holds it', () => {
  Model.make({ table: 'shop', entity: 'e', codec: t.type({ id: t.string }), hashKey: Model.key(longest, 'A#{id}') })
  Model.make({ table: 'users', codec: t.type({ [longest]: t.string }), hashKey: longest } as never)
  // a field not projected, an entity attribute of a model without an index or projecting all
  Model.make({ table: 'users', codec: t.type({ id: t.string, s: t.string, [long]: t.string }), hashKey: 'id', indexes: { byS: Model.globalIndex({ hashKey: 's', projection: 'keys' }) } } as never)
  Model.make({ table: 'shop', entity: 'e', entityAttribute: long, codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'A#{id}') } as never)
  Model.make({
    table: 'shop',
    entity: 'e',
    entityAttribute: long,
    codec: t.type({ id: t.string, s: t.string }),
    hashKey: Model.key('pk', 'A#{id}'),
    indexes: { byS: Model.globalIndex({ hashKey: Model.key('g', 'S#{s}'), projection: 'all' }) },
  } as never)
})

test.run()
