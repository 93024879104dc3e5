/**
 * Type tests: every `Dynamo` operation's strategies and results.
 */
import type * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import { Condition as C, Dynamo, Model, Update as U } from 'dynamongo'
import type { BatchResult, DynamoErrorType, Op, PlanType } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, User, c, u, user, type Contact } from './models.js'

const contact: Contact = { ...user }

// -------------------------------------------------------------------------------------
// strategies: a hash-key scalar, a [hash, range] tuple, an object holding the key, a key condition
// -------------------------------------------------------------------------------------

export const hashOnly = [
  Dynamo.getOne(User, 'a@b.c'),
  Dynamo.getOne(User, { email: 'a@b.c' }),
  Dynamo.getOne(User, { email: 'a@b.c', name: 'ignored' }),
  Dynamo.getOne(User, user),
  Dynamo.getOne(User, C.eq(u.email, 'a@b.c')),
  Dynamo.getOne(User, C.and(C.eq(u.email, 'a@b.c'), C.gt(u.age, 3))),
]
export const composite = [
  Dynamo.getOne(Contacts, ['a@b.c', 'A']),
  Dynamo.getOne(Contacts, { email: 'a@b.c', name: 'A' }),
  Dynamo.getOne(Contacts, contact),
  Dynamo.getOne(Contacts, C.and(C.eq(c.email, 'a@b.c'), C.eq(c.name, 'A'))),
]
// @ts-expect-error an empty object holds no key
Dynamo.getOne(User, {})
// @ts-expect-error an object without the key field
Dynamo.getOne(User, { name: 'x' })
// @ts-expect-error an object with the hash key only, on a hash+range model
Dynamo.getOne(Contacts, { email: 'a@b.c' })
// @ts-expect-error a hash scalar on a hash+range model
Dynamo.getOne(Contacts, 'a@b.c')
// @ts-expect-error a tuple on a hash-only model
Dynamo.getOne(User, ['a@b.c', 'A'])
// @ts-expect-error a tuple of the wrong types
Dynamo.getOne(Contacts, ['a@b.c', 1])
// @ts-expect-error a key of the wrong type
Dynamo.getOne(User, 1)
// @ts-expect-error a field that is not the model's, beside the key
Dynamo.getOne(User, { email: 'a@b.c', nope: 1 })
// @ts-expect-error deleteOne without the key
Dynamo.deleteOne(User, { name: 'x' })
// @ts-expect-error updateOne without the key
Dynamo.updateOne(User, {}, [U.set(u.name, 'x')])

// lists of strategies: on a hash+range model each [hash, range] is one key
export const lists = [
  Dynamo.getMany(User, ['a@b.c', { email: 'b@c.d' }, C.eq(u.email, 'c@d.e')]),
  Dynamo.getMany(Contacts, [['a@b.c', 'A'], { email: 'b@c.d', name: 'B' }]),
  Dynamo.getMany(Contacts, Model.keysIn(Contacts, [['a@b.c', 'A']])),
  Dynamo.getMany(User, Model.keysIn(User, ['a@b.c', 'b@c.d'])),
  Dynamo.deleteMany(Contacts, [['a@b.c', 'A']]),
  // a [hash, range] pair is one key wherever a list of strategies is taken
  Dynamo.getMany(Contacts, ['a@b.c', 'A']),
  Dynamo.deleteMany(Contacts, ['a@b.c', 'A']),
  Dynamo.explain(Contacts, [['a@b.c', 'A']]),
  Dynamo.explain(Contacts, ['a@b.c', 'A']),
]
// @ts-expect-error bare scalars are no list of keys on a hash+range model
Dynamo.getMany(Contacts, ['a@b.c'])
// @ts-expect-error nor three of them
Dynamo.getMany(Contacts, ['a@b.c', 'A', 'B'])
// @ts-expect-error an entry without the key
Dynamo.getMany(User, ['a@b.c', {}])
// @ts-expect-error deleteMany: bare scalars on a hash+range model
Dynamo.deleteMany(Contacts, ['a@b.c'])
// @ts-expect-error keysIn of a composite model takes tuples
Model.keysIn(Contacts, ['a'])
// @ts-expect-error keysIn of keys of the wrong type
Model.keysIn(User, [1])

// -------------------------------------------------------------------------------------
// results
// -------------------------------------------------------------------------------------

expect<Equals<ReturnType<typeof Dynamo.createTable>, Op<void>>>()
expect<Equals<ReturnType<typeof Dynamo.deleteTable>, Op<void>>>()
const saved = Dynamo.saveOne(User, user)
expect<Equals<typeof saved, Op<User>>>()
const savedMany = Dynamo.saveMany(User, [user], { overwrite: false })
// a failed item is the item as given (Model.InputOf), a saved one as stored (Model.TypeOf)
expect<Equals<typeof savedMany, Op<BatchResult<User, Model.InputOf<typeof User>>>>>()
const got = Dynamo.getOne(User, 'a@b.c')
expect<Equals<typeof got, Op<User>>>()
const many = Dynamo.getMany(Contacts, C.eq(c.email, 'a@b.c'), { descending: true, limit: 10 })
expect<Equals<typeof many, Op<ReadonlyArray<Contact>>>>()
const deleted = Dynamo.deleteOne(User, 'a@b.c')
expect<Equals<typeof deleted, Op<O.Option<User>>>>()
const deletedMany = Dynamo.deleteMany(Contacts, [['a@b.c', 'A']])
expect<Equals<typeof deletedMany, Op<BatchResult<Model.KeyOf<typeof Contacts>, unknown>>>>()
const updated = Dynamo.updateOne(User, 'a@b.c', [U.set(u.name, 'x')])
expect<Equals<typeof updated, Op<User>>>()
const fromDict = Dynamo.updateFromDict(User, { email: 'a@b.c', name: 'x' })
expect<Equals<typeof fromDict, Op<User>>>()
const plan = Dynamo.explain(User, 'a@b.c')
expect<Equals<typeof plan, E.Either<DynamoErrorType, PlanType>>>()
// explain takes a paced read's rate, and the plan may say it
const paced = Dynamo.explain(User, ['a@b.c', 'b@b.c'], { readUnitsPerSecond: 10 })
expect<Equals<typeof paced, E.Either<DynamoErrorType, PlanType>>>()
export const rateOf = (p: PlanType): number | undefined => p.readUnitsPerSecond
// @ts-expect-error a rate is a number
Dynamo.explain(User, 'a@b.c', { readUnitsPerSecond: '10' })
// @ts-expect-error explain takes the options that change the plan or its requests, not descending
Dynamo.explain(User, 'a@b.c', { descending: true })

// items are checked against the model
// @ts-expect-error saving an item without a required field
Dynamo.saveOne(User, { email: 'a@b.c' })
// @ts-expect-error saving an item with a field of the wrong type
Dynamo.saveOne(User, { ...user, age: '3' })
// @ts-expect-error saving another model's item
Dynamo.saveMany(User, [{ id: 'x' }])
// @ts-expect-error overwrite is a boolean or a condition
Dynamo.saveOne(User, user, { overwrite: 'yes' })
// @ts-expect-error updateFromDict without the key
Dynamo.updateFromDict(User, { name: 'x' })
// @ts-expect-error updateFromDict with a field of the wrong type
Dynamo.updateFromDict(User, { email: 'a@b.c', age: 'x' })
// @ts-expect-error updates are a list of actions
Dynamo.updateOne(User, 'a@b.c', U.set(u.name, 'x'))
// @ts-expect-error getMany's limit is a number
Dynamo.getMany(User, C.eq(u.name, 'x'), { limit: '10' })
