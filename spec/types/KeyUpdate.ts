/**
 * Type tests: an update writes no key field (DynamoDB cannot change an item's key; of a model
 * with composed keys, no field of the table key's templates) nor the version (dynamongo writes
 * it on every update). The run refuses them too (`ExpressionError`, spec/unit/compile/KeyUpdate.spec.ts
 * and Lifecycle's). Every other field takes them, nested paths of maps too; conditions and the
 * right-hand sides of updates read key fields as any other.
 */
import * as t from 'io-ts'
import { Condition as C, Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'
import type { Attr, Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, Indexed, User, c, u } from './models.js'

// @ts-expect-error the hash key
Dynamo.updateOne(User, 'a@b.c', [U.set(u.email, 'b@b.c')])
// @ts-expect-error the range key
Dynamo.updateOne(Contacts, ['a@b.c', 'n'], [U.set(c.name, 'm')])
// @ts-expect-error removed
Dynamo.updateOne(User, 'a@b.c', [U.remove(u.email)])
// @ts-expect-error if it is not there
T.update(User, 'a@b.c', [U.setIfNotExists(u.email, 'x')])
const Counter = Model.make({ table: 'counters', hashKey: 'id', codec: t.type({ id: t.number, n: t.number }) })
// @ts-expect-error a number key, incremented
Dynamo.updateOne(Counter, 1, [U.increment(Counter.attrs.id, 1)])
// @ts-expect-error added to
Dynamo.updateOne(Counter, 1, [U.add(Counter.attrs.id, 1)])
export const bumped = Dynamo.updateOne(Counter, 1, [U.increment(Counter.attrs.n, 1)])

const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, title: t.string, version: Field.int(), count: t.number }), version: 'version' })
const d = Doc.attrs
// @ts-expect-error the version, incremented
Dynamo.updateOne(Doc, 'a', [U.increment(d.version, 1)])
// @ts-expect-error the version, set
T.update(Doc, 'a', [U.set(d.version, 3)])
// @ts-expect-error the version, added to
Dynamo.updateOne(Doc, 'a', [U.add(d.version, 1)])

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, meta: t.type({ note: t.string }), score: Field.int({ min: 0 }), seen: t.union([Field.dateTime, t.undefined]), visits: t.number }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}') }),
    byScore: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'SCORE'), rangeKey: Model.key('gsi2sk', '{score}#{seen}', { pad: { score: 10 } }) }),
  },
})
const o = Order.attrs
const key = { customerId: 'c', orderId: 'o', createdAt: new Date(0) }
// @ts-expect-error a field of the hash key's template
Dynamo.updateOne(Order, key, [U.set(o.customerId, 'd')])
// @ts-expect-error a field of the range key's template
T.update(Order, key, [U.set(o.createdAt, new Date(1))])

// a field of an index key's template: the key is recomputed from the value a set gives, so an
// update only sets it to a value or removes it (the run refuses any other action, ExpressionError)
// @ts-expect-error incremented
Dynamo.updateOne(Order, key, [U.increment(o.score, 1)])
// @ts-expect-error decremented, in a transaction
T.update(Order, key, [U.decrement(o.score, 1)])
// @ts-expect-error added to
Dynamo.updateOne(Order, key, [U.add(o.score, 1)])
// @ts-expect-error set if not there
Dynamo.updateOne(Order, key, [U.setIfNotExists(o.status, 'new')])
// @ts-expect-error set to an expression (the key cannot be computed from it)
Dynamo.updateOne(Order, key, [U.set(o.score, U.plus(o.score, 1))])
// @ts-expect-error set to another attribute
Dynamo.updateOne(Order, key, [U.set(o.status, o.customerId)])
// @ts-expect-error set to an attribute if it is not there
Dynamo.updateOne(Order, key, [U.set(o.status, U.ifNotExists(o.status, 'new'))])
// a helper generic in the model takes an Attr.Writable handle and gives it to every action
const bumpAll = <M>(h: Attr.Writable<number, M>) => [U.increment(h, 1), U.decrement(h, 1), U.add(h, 1), U.setIfNotExists(h, 0), U.set(h, U.plus(h, 1)), U.set(h, 2)]
export const helped = Dynamo.updateOne(Order, key, bumpAll(o.visits))
// @ts-expect-error a field of a composed index key is no Writable handle
bumpAll(o.score)
export const rescored = [
  Dynamo.updateOne(Order, key, [U.set(o.score, 3), U.set(o.seen, new Date()), U.increment(o.visits, 1)]),
  T.update(Order, key, [U.remove(o.seen), U.setIfNotExists(o.visits, 0)]),
  // a plain model's index key attribute is the field itself: DynamoDB updates the index
  Dynamo.updateOne(Indexed, ['a@b.c', 'n'], [U.increment(Indexed.attrs.age, 1), U.setIfNotExists(Indexed.attrs.born, 1)]),
]

// what compiles: other fields, nested paths of maps, an index template's field (recomputed),
// the version and the key fields in conditions and on the right of a set
const renamed = Dynamo.updateOne(User, 'a@b.c', [U.set(u.name, 'n'), U.set(u.address.city, 'x'), U.increment(u.age, 1), U.set(u.nick, u.email)])
expect<Equals<typeof renamed, Op<Model.TypeOf<typeof User>>>>()
export const counted = Dynamo.updateOne(Doc, C.and(C.eq(d.id, 'a'), C.eq(d.version, 2)), [U.increment(d.count, 1), U.set(d.title, U.ifNotExists(d.id, 'x'))])
export const moved = T.update(Order, key, [U.set(o.status, 'shipped'), U.set(o.meta.note, 'n')])
export const checked = Dynamo.getMany(Order, C.and(C.eq(o.customerId, 'c'), C.gt(o.createdAt, new Date(0))))
// a model of unknown key (a `Model.Model`): the run's to check
const loose: Model.Model<Model.TypeOf<typeof User>> = User
export const looseSet = U.set(loose.attrs.email, 'x')
