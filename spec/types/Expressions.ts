/**
 * Type tests (compile-only, checked by `npm run typecheck`): what must and must not compile.
 * Each `@ts-expect-error` fails the type check if the line below it compiles.
 */
import * as t from 'io-ts'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Model from '../../lib/model/Model.js'
import * as Attr from '../../lib/ast/Attr.js'

const codec = t.intersection([
  t.type({ email: t.string, name: t.string, age: t.number, flag: t.boolean, tags: t.array(t.string), address: t.type({ city: t.string, zip: t.number }) }),
  t.partial({ nick: t.string, scores: t.array(t.number), born: t.number }),
])

const User = Model.make({ table: 'users', hashKey: 'email', codec })
type User = Model.TypeOf<typeof User>
const u = User.attrs

// the item type
export const user: User = { email: 'a@b.c', name: 'A', age: 3, flag: true, tags: [], address: { city: 'X', zip: 1 } }

// what compiles
export const ok = [
  C.eq(u.name, 'x'),
  C.lt(u.age, 5),
  C.eq(u.address.city, u.name),
  C.gt(C.size(u.tags), 2),
  C.contains(u.tags, 'x'),
  C.beginsWith(u.name, 'J'),
  C.between(u.age, 1, 2),
  C.isIn(u.email, ['a', 'b']),
  C.eq(u.tags.at(0), 'first'),
  C.exists(u.nick),
  C.lt(u.born, 2000),
]
export const okUpdates = [
  U.set(u.name, 'y'),
  U.append(u.tags, ['x']),
  U.add(u.age, 1),
  U.increment(u.age, 1),
  U.set(u.age, U.plus(u.age, 1)),
  U.set(u.born, U.plus(U.ifNotExists(u.born, 0), 1)),
  U.remove(u.address.city),
  U.prepend(u.scores, [1, 2]),
]

// what must not compile
// @ts-expect-error a number compared with a string attribute
C.lt(u.name, 5)
// @ts-expect-error a string compared with a number attribute
C.eq(u.age, 'x')
// @ts-expect-error appending to a string
U.append(u.name, ['x'])
// @ts-expect-error adding a number to a string
U.add(u.name, 1)
// @ts-expect-error a handle that does not exist
u.nope
// @ts-expect-error a nested handle that does not exist
u.address.street
// @ts-expect-error two attributes of different types
C.eq(u.name, u.age)
// @ts-expect-error ordering booleans
C.lt(u.flag, true)
// @ts-expect-error contains of a number in a list of strings
C.contains(u.tags, 1)
// @ts-expect-error begins_with on a number
C.beginsWith(u.age, '1')
// @ts-expect-error set a wrong type
U.set(u.address.zip, 'x')
// @ts-expect-error isIn with values of another type
C.isIn(u.age, ['a'])

// keys must name required string/number/binary fields
// @ts-expect-error a boolean hash key
Model.make({ table: 'users', hashKey: 'flag', codec })
// @ts-expect-error an optional range key
Model.make({ table: 'users', hashKey: 'email', rangeKey: 'nick', codec })
// @ts-expect-error a key that is not a field
Model.make({ table: 'users', hashKey: 'nope', codec })
// @ts-expect-error a list as a key
Model.make({ table: 'users', hashKey: 'tags', codec })

// composite keys: strategies
const Contacts = Model.make({ table: 'contacts', hashKey: 'email', rangeKey: 'name', codec })
export const sel = Model.keysIn(Contacts, [['a', 'b'] as const])
// @ts-expect-error keysIn of a composite model takes tuples
Model.keysIn(Contacts, ['a'])

// untyped paths accept anything
export const untyped = C.eq(Attr.path('anything', 'goes', 0), 1)
