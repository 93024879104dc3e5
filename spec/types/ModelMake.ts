/**
 * Type tests: `Model.make` checks its keys, defaults and indexes against the codec.
 */
import * as t from 'io-ts'
import { Field, Model } from 'dynamongo'
import type { KeyOf, TypeOf } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { type Contacts, type User, codec } from './models.js'

// the item type and the key
expect<Equals<TypeOf<typeof User>, t.TypeOf<typeof codec>>>()
expect<Equals<KeyOf<typeof User>, { email: string }>>()
expect<Equals<KeyOf<typeof Contacts>, { email: string; name: string }>>()

// keys must name required string/number/binary fields
// @ts-expect-error a boolean hash key
Model.make({ table: 'users', hashKey: 'flag', codec })
// @ts-expect-error an optional range key
Model.make({ table: 'users', hashKey: 'email', rangeKey: 'nick', codec })
// @ts-expect-error a key that is not a field
Model.make({ table: 'users', hashKey: 'nope', codec })
// @ts-expect-error a list as a key
Model.make({ table: 'users', hashKey: 'tags', codec })

// defaults: a value or a thunk of the field's type, for fields only
export const withDefaults = Model.make({ table: 'users', hashKey: 'email', codec, defaults: { nick: 'n', created: () => new Date(), roles: () => new Set(['r']) } })
// @ts-expect-error a default of the wrong type
Model.make({ table: 'users', hashKey: 'email', codec, defaults: { created: '2024-01-01' } })
// @ts-expect-error a default thunk of the wrong type
Model.make({ table: 'users', hashKey: 'email', codec, defaults: { age: () => 'x' } })
// @ts-expect-error a default for a field that does not exist
Model.make({ table: 'users', hashKey: 'email', codec, defaults: { nope: 1 } })

// indexes: keys are string/number/binary fields (optional ones too: sparse indexes),
// projections name fields, a local index needs a table range key
export const indexed = Model.make({
  table: 'contacts',
  hashKey: 'email',
  rangeKey: 'name',
  codec,
  indexes: {
    byAge: Model.globalIndex({ hashKey: 'age', rangeKey: 'created' }),
    byNick: Model.globalIndex({ hashKey: 'nick', projection: 'keys', readUnits: 2, writeUnits: 2 }),
    byPhoto: Model.globalIndex({ hashKey: 'photo', rangeKey: 'big', projection: ['age', 'tags'] }),
    byBorn: Model.localIndex({ rangeKey: 'born', projection: ['nick'] }),
  },
})
export const globalOnHashOnly = Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byName: Model.globalIndex({ hashKey: 'name' }) } })
// @ts-expect-error a global index on a field that does not exist
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byName: Model.globalIndex({ hashKey: 'nme' }) } })
// @ts-expect-error a global index range key that is a boolean
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'flag' }) } })
// @ts-expect-error a global index keyed on a map
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byCity: Model.globalIndex({ hashKey: 'address' }) } })
// @ts-expect-error a projection of a field that does not exist
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byName: Model.globalIndex({ hashKey: 'name', projection: ['age', 'nope'] }) } })
// @ts-expect-error a projection that is neither 'all', 'keys' nor a list
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byName: Model.globalIndex({ hashKey: 'name', projection: 'some' }) } })
// @ts-expect-error a local index on a hash-only model
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byAge: Model.localIndex({ rangeKey: 'age' }) } })
// @ts-expect-error a local index on a list
Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec, indexes: { byTags: Model.localIndex({ rangeKey: 'tags' }) } })
// @ts-expect-error a local index projecting a field that does not exist
Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec, indexes: { byAge: Model.localIndex({ rangeKey: 'age', projection: ['nope'] }) } })

// Field codecs key models: dates and exact numbers
export const Events = Model.make({
  table: 'events',
  hashKey: 'id',
  rangeKey: 'at',
  codec: t.type({ id: Field.uuid, at: Field.dateTime, seq: Field.bigint, amount: Field.decimal }),
  indexes: { bySeq: Model.globalIndex({ hashKey: 'seq', rangeKey: 'amount' }) },
})

// ttl: a Field.epochSeconds field (a Date stored as a number), required or optional
const ttlCodec = t.intersection([
  t.type({ id: t.string, expires: Field.epochSeconds, count: t.number, at: Field.dateTime }),
  t.partial({ later: Field.epochSeconds, note: t.string }),
])
export const expiring = Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'expires' })
export const expiringLater = Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'later' })
expect<Equals<TypeOf<typeof expiring>['expires'], Date>>()
// @ts-expect-error a dateTime is a Date stored as a string, not the epoch seconds TTL reads
Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'at' })
// @ts-expect-error a number field is no ttl field
Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'count' })
// @ts-expect-error a string field is no ttl field
Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'note' })
// @ts-expect-error a ttl that is not a field
Model.make({ table: 'sessions', hashKey: 'id', codec: ttlCodec, ttl: 'nope' })
// @ts-expect-error a model without an epochSeconds field has no ttl
Model.make({ table: 'users', hashKey: 'email', codec, ttl: 'created' })

// a composed index key may be made of nullable fields (an item whose field is null is left out
// of that index); a table key and a plain index key may not (DynamoDB stores no NULL in a key)
const nullableCodec = t.type({ id: t.string, owner: t.union([t.string, t.null]), due: t.union([Field.dateTime, t.null, t.undefined]) })
export const sparseNullable = Model.make({
  table: 'tasks',
  entity: 'task',
  codec: nullableCodec,
  hashKey: Model.key('pk', 'TASK#{id}'),
  indexes: { byOwner: Model.globalIndex({ hashKey: Model.key('g1pk', 'USER#{owner}'), rangeKey: Model.key('g1sk', 'DUE#{due}') }) },
})
// @ts-expect-error a table key composed from a nullable field
Model.make({ table: 'tasks', entity: 'task', codec: nullableCodec, hashKey: Model.key('pk', 'TASK#{owner}') })
// @ts-expect-error a plain index key on a nullable field
Model.make({ table: 'tasks', entity: 'task', codec: nullableCodec, hashKey: Model.key('pk', 'TASK#{id}'), indexes: { byOwner: Model.globalIndex({ hashKey: 'owner' }) } })

// an index's keys and projection, each misuse
// @ts-expect-error an index hash key on a set field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: 'roles' }) } })
// @ts-expect-error an index hash key on a map field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: 'address' }) } })
// @ts-expect-error a projection that is no list, 'keys' nor 'all'
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: 'age', projection: 'bogus' }) } })
// @ts-expect-error a projection of a nested path
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: 'age', projection: ['address.city'] }) } })
// @ts-expect-error a global index without a hash key
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ rangeKey: 'age' }) } })
// @ts-expect-error a local index given a hash key (it has the table's)
Model.make({ table: 'users', hashKey: 'email', rangeKey: 'name', codec, indexes: { i: Model.localIndex({ hashKey: 'age', rangeKey: 'age' }) } })
// @ts-expect-error a composed index range key of no field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: 'age', rangeKey: Model.key('g', '{nope}') }) } })
// @ts-expect-error a composed local index key of no field
Model.make({ table: 'users', hashKey: 'email', rangeKey: 'name', codec, indexes: { i: Model.localIndex({ rangeKey: Model.key('l', '{nope}') }) } })
// @ts-expect-error a local index's projection of no field
Model.make({ table: 'users', hashKey: 'email', rangeKey: 'name', codec, indexes: { i: Model.localIndex({ rangeKey: 'age', projection: ['nikc'] }) } })
// @ts-expect-error a multi-attribute key of a boolean
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: ['flag'] }) } })
// @ts-expect-error a multi-attribute key's projection of no field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: Model.globalIndex({ hashKey: ['age'], projection: ['x'] }) } })
// indexes declared apart are checked where the model takes them
const typo = Model.globalIndex({ hashKey: 'agee' })
const local = Model.localIndex({ rangeKey: 'age' })
// @ts-expect-error a global index declared apart, of no field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: typo } })
// @ts-expect-error a local index declared apart, on a hash-only model
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { i: local } })
