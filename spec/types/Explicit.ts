/**
 * Type tests: the public functions with their type arguments written out, as a user may
 * write them (`Evaluate.saveOne<typeof User>(…)`), take what the inferred call takes: the
 * saves an `InputOf` (defaults, version and timestamps optional), the reads their selection
 * and index.
 */
import * as t from 'io-ts'
import { Condition as C, Dynamo, Evaluate, Field, Model, Transaction as T, Update as U } from 'dynamongo'
import type { Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, Indexed, Order, User, type User as Item, codec, u, user } from './models.js'

const Versioned = Model.make({ table: 'versioned', hashKey: 'email', codec: t.intersection([codec, t.type({ v: Field.int(), at: Field.dateTime, up: Field.dateTime })]), version: 'v', timestamps: { createdAt: 'at', updatedAt: 'up' } })
const now = new Date()
// without a defaulted field (tags), a version, timestamps: what Dynamo.saveOne takes
const { tags: _tags, ...input } = user
export const saves = [
  Evaluate.saveOne<typeof User>(User, input, now),
  Evaluate.saveOne(User, input, now),
  Evaluate.saveOne<typeof User>(User, user, now, C.exists(u.name)),
  Evaluate.saveOne<typeof Versioned>(Versioned, user, now),
  Evaluate.saveOne(Versioned, user, now),
  Dynamo.saveOne<typeof Versioned>(Versioned, user),
  Dynamo.saveOne<typeof User>(User, input, { overwrite: C.exists(u.name) }),
  T.put<typeof Versioned>(Versioned, user),
]
// @ts-expect-error still an item of the model: its required fields without a default
Evaluate.saveOne<typeof User>(User, { email: 'a@b.c' }, now)
// @ts-expect-error a versioned model takes no overwrite
Evaluate.saveOne<typeof Versioned>(Versioned, user, now, true)

export const others = [
  Evaluate.updateOne<typeof User>(User, 'a@b.c', [U.set(u.name, 'x')], now),
  Dynamo.updateOne<typeof User>(User, 'a@b.c', [U.set(u.name, 'x')]),
  Dynamo.deleteOne<typeof User>(User, 'a@b.c'),
  Dynamo.deleteMany<typeof User>(User, ['a@b.c']),
  Dynamo.saveMany<typeof User>(User, [input]),
  Dynamo.updateFromDict<typeof User>(User, { email: 'a@b.c', name: 'x' }),
  Dynamo.getOne<typeof Contacts>(Contacts, ['a@b.c', 'n']),
  Dynamo.getOne<typeof Order>(Order, { customerId: 'c', orderId: 'o', createdAt: now }),
  Dynamo.count<typeof User>(User, C.eq(u.email, 'a@b.c')),
  Dynamo.explain<typeof User>(User, C.eq(u.email, 'a@b.c')),
  T.update<typeof User>(User, 'a@b.c', [U.set(u.name, 'x')]),
  T.delete<typeof User>(User, 'a@b.c'),
  T.check<typeof User>(User, C.exists(u.name)),
  Model.keysIn<typeof User>(User, ['a@b.c']),
  C.eq<string, typeof User>(u.name, 'x'),
  U.set<string, typeof User>(u.name, 'x'),
]
const picked = Dynamo.getOne<typeof User, 'name'>(User, 'a@b.c', { select: ['name'] })
expect<Equals<typeof picked, Op<Pick<Item, 'email' | 'name'>>>>()
// through an index, its name among the type arguments
const i = Indexed.attrs
const keysOnly = Dynamo.getMany<typeof Indexed, never, 'byAge'>(Indexed, C.eq(i.age, 3), { index: 'byAge' })
expect<Equals<typeof keysOnly, Op<ReadonlyArray<Pick<Model.TypeOf<typeof Indexed>, 'email' | 'name' | 'age'>>>>>()
export const everyField = Dynamo.getMany<typeof Indexed>(Indexed, C.eq(i.age, 3), { index: 'all' })
// @ts-expect-error the type arguments name no index: the read gives every field, which byAge does not hold
Dynamo.getMany<typeof Indexed>(Indexed, C.eq(i.age, 3), { index: 'byAge' })
// @ts-expect-error written for a condition of User
Dynamo.updateOne<typeof Contacts>(User, 'a@b.c', [U.set(u.name, 'x')])
