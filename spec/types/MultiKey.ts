/**
 * Type tests: DynamoDB's multi-attribute index keys (DESIGN §5.4). `Model.globalIndex` takes
 * lists of 1 to 4 field names a side; a name that is not a field, or a field that is no key
 * type, does not compile; a list on one side only, or on a local index, neither.
 */
import * as t from 'io-ts'
import { Condition as C, Dynamo, Model } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { codec } from './models.js'

export const Multi = Model.make({
  table: 'users',
  hashKey: 'email',
  codec,
  indexes: {
    // optional fields too (a sparse index), binary and numbers as well as strings
    byNameAge: Model.globalIndex({ hashKey: ['name', 'age'], rangeKey: ['created', 'nick', 'big', 'photo'] }),
    byName: Model.globalIndex({ hashKey: ['name'] }),
  },
})
// the model holds the lists as declared
expect<Equals<(typeof Multi)['indexes']['byNameAge']['hashKey'], readonly ['name', 'age']>>()
expect<Equals<(typeof Multi)['indexes']['byNameAge']['rangeKey'], readonly ['created', 'nick', 'big', 'photo']>>()
expect<Equals<(typeof Multi)['indexes']['byName']['rangeKey'], undefined>>()

// an entity model takes them too (its fields, not composed)
export const Entity = Model.make({
  table: 'shared',
  entity: 'user',
  codec,
  hashKey: Model.key('pk', 'USER#{email}'),
  indexes: { byName: Model.globalIndex({ hashKey: ['name'], rangeKey: ['age'] }) },
})
// and reads name the index
export const read = Dynamo.getMany(Multi, C.and(C.eq(Multi.attrs.name, 'n'), C.eq(Multi.attrs.age, 3)), { index: 'byNameAge' })

// @ts-expect-error a name that is not a field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['name', 'nme'] }) } })
// @ts-expect-error a range field that is not a field
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['name'], rangeKey: ['nope'] }) } })
// @ts-expect-error a field that is no key type (a boolean)
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['name', 'flag'] }) } })
// @ts-expect-error a field that is no key type (a list)
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['name'], rangeKey: ['tags'] }) } })
// @ts-expect-error a field that is no key type (a map)
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['address'] }) } })
// @ts-expect-error five hash fields
Model.globalIndex({ hashKey: ['name', 'age', 'nick', 'born', 'email'] })
// @ts-expect-error five range fields
Model.globalIndex({ hashKey: ['name'], rangeKey: ['age', 'nick', 'born', 'email', 'created'] })
// @ts-expect-error five hash fields in a model's indexes: the index says why, the model adds nothing
Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byX: Model.globalIndex({ hashKey: ['name', 'age', 'nick', 'born', 'email'] }) } })
// four a side: DynamoDB's most
export const Four = Model.make({ table: 'users', hashKey: 'email', codec, indexes: { byFour: Model.globalIndex({ hashKey: ['name', 'age', 'nick', 'born'], rangeKey: ['created', 'big', 'photo', 'email'] }) } })
// @ts-expect-error an empty hash list
Model.globalIndex({ hashKey: [] })
// @ts-expect-error an empty range list (leave rangeKey out)
Model.globalIndex({ hashKey: ['name'], rangeKey: [] })
// @ts-expect-error a list on the hash side only
Model.globalIndex({ hashKey: ['name'], rangeKey: 'age' })
// @ts-expect-error a list on the range side only
Model.globalIndex({ hashKey: 'name', rangeKey: ['age'] })
// @ts-expect-error a local index takes one range attribute
Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec, indexes: { byX: Model.localIndex({ rangeKey: ['age', 'born'] }) } })
// @ts-expect-error a read through an index the model does not declare
Dynamo.getMany(Multi, C.eq(Multi.attrs.name, 'n'), { index: 'byNope' })

export const codecOnly = t.type({ id: t.string })
