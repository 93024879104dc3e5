/**
 * Type tests of transaction entries written by hand, as object literals in `transactWrite` and
 * `transactGet` (or kept with their literal type and passed later): each is checked against
 * its own model, as the constructors check theirs. One annotated `T.Write` or `T.Get` is of
 * any model (`T.Loose`: a put's item an object), checked when compiled; a malformed one given
 * through a cast is the run's `Left` before any request (TransactionEntries.spec).
 */
import { Attr, Condition as C, Dynamo, Transaction as T, Update as U } from 'dynamongo'
import type * as O from 'fp-ts/lib/Option.js'
import type { Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, User, c, s, u, user, type User as Item } from './models.js'

// by hand, of the model's own handles and items: as the constructors build them
export const written = Dynamo.transactWrite([
  { _tag: 'Update', model: User, strategy: 'a@b.c', updates: [U.set(u.name, 'x')] },
  { _tag: 'Check', model: Contacts, strategy: C.and(C.eq(c.email, 'a@b.c'), C.eq(c.name, 'n'), C.exists(c.nick)) },
  { _tag: 'Delete', model: User, strategy: C.eq(Attr.path('email'), 'b@b.c') },
  { _tag: 'Put', model: User, item: { ...user, created: new Date(0) } },
  T.put(User, user),
])
// a hand-built put's item is what `T.put` takes (`Model.InputOf`): compiling fills its defaults
const { tags: _tags, ...noTags } = user
export const input = Dynamo.transactWrite([{ _tag: 'Put', model: User, item: noTags }])
const read = Dynamo.transactGet([{ _tag: 'Get', model: User, strategy: 'a@b.c' }, T.get(Contacts, ['a@b.c', 'n'])])
expect<Equals<typeof read, Op<readonly [O.Option<Item>, O.Option<Item>]>>>()

// @ts-expect-error a hand-built update's strategy of another model's handles
Dynamo.transactWrite([{ _tag: 'Update', model: User, strategy: C.eq(s.email, 'x'), updates: [U.set(u.name, 'y')] }])
// @ts-expect-error a hand-built update's actions of another model's handles
Dynamo.transactWrite([{ _tag: 'Update', model: User, strategy: 'a@b.c', updates: [U.set(s.stray, 'y')] }])
// @ts-expect-error a hand-built check of another model's condition
Dynamo.transactWrite([T.put(User, user), { _tag: 'Check', model: User, strategy: C.eq(c.email, 'x') }])
// @ts-expect-error a hand-built delete of a key of the wrong shape (a pair for a hash-only model)
Dynamo.transactWrite([{ _tag: 'Delete', model: User, strategy: ['a@b.c', 'n'] }])
// @ts-expect-error a hand-built put of an item that is no User
Dynamo.transactWrite([{ _tag: 'Put', model: User, item: { email: 'a@b.c' } }])
// @ts-expect-error a hand-built get of another model's condition
Dynamo.transactGet([{ _tag: 'Get', model: User, strategy: C.eq(s.email, 'x') }])
// @ts-expect-error a hand-built get of a scalar key on a hash+range model
Dynamo.transactGet([{ _tag: 'Get', model: Contacts, strategy: 'a@b.c' }])
// a field no entry of its kind has (the run refuses it at entries[i].<name>; one reading undefined is absent)
// @ts-expect-error a hand-built delete's condition (a delete's checks are in its strategy)
Dynamo.transactWrite([{ _tag: 'Delete', model: User, strategy: 'a@b.c', condition: C.exists(u.name) }])
// @ts-expect-error a hand-built put's projection
Dynamo.transactWrite([{ _tag: 'Put', model: User, item: user, projection: ['name'] }])
// @ts-expect-error a hand-built get's consistentRead
Dynamo.transactGet([{ _tag: 'Get', model: User, strategy: 'a@b.c', consistentRead: true }])
export const absentField = Dynamo.transactWrite([{ _tag: 'Check', model: User, strategy: 'a@b.c', condition: undefined }])
const extra = { _tag: 'Update', model: User, strategy: 'a@b.c', updates: [U.set(u.name, 'x')], returnValues: 'ALL_NEW' } as const
// @ts-expect-error a stored hand-built update's returnValues
Dynamo.transactWrite([extra])
// entries built apart and typed by their literal, passed later: checked where they are passed
const stray = { _tag: 'Check', model: User, strategy: C.eq(s.stray, 'x') } as const
// @ts-expect-error a stored hand-built entry of another model's condition
Dynamo.transactWrite([stray])

// a list annotated T.Write (or T.Put) is of any model: a put's item is still an object
// @ts-expect-error a put's item of a number
export const numbered: ReadonlyArray<T.Write> = [{ _tag: 'Put', model: User, item: 42 }]
// @ts-expect-error a T.Put's item of a string
export const stringed: ReadonlyArray<T.Put> = [{ _tag: 'Put', model: User, item: 'a@b.c' }]
// @ts-expect-error nor null
export const nulled: T.Put = { _tag: 'Put', model: User, item: null }
// what such a list annotated with `satisfies` holds keeps its literal type, checked against its model where it is passed
const satisfied = [{ _tag: 'Put', model: User, item: { email: 'a@b.c' } }] satisfies ReadonlyArray<T.Write>
// @ts-expect-error a put of an item that is no User, in a list that satisfies T.Write
Dynamo.transactWrite(satisfied)
// entries of made models, and of constructors, are still entries of any model
export const annotatedList: ReadonlyArray<T.Write> = [T.put(User, user), T.update(User, 'a@b.c', [U.set(u.name, 'x')]), T.delete(Contacts, ['a@b.c', 'n']), T.check(User, C.exists(u.name))]
export const puts: ReadonlyArray<T.Put> = [T.put(User, user), T.put(Contacts, user), { _tag: 'Put', model: User, item: user }]
export const fromList = Dynamo.transactWrite(annotatedList)
